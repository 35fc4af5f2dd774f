/**
 * What a game room keeps of its game until the game is over: the replay
 * record's steps (the start, then every accepted action with the sequence
 * number before its events, its time and the room's context), packed outside
 * the heap (src/replay/packed-list.ts). The result's list of actions is read
 * back from the steps: one list, not two. Bounded: past the cap a step is not
 * kept, only its action (the result still lists every action; the replay is
 * then not stored, src/platform/outbox.ts).
 */
import { MAX_REPLAY_STEPS } from "../../src/replay/record.js";
import { PackedList } from "../../src/replay/packed-list.js";

/** A step as the record keeps it (the room's context beside these fields). */
export interface RecordedStep<A> {
  /** The accepted action; null for the start. */
  action: A | null;
  sequence: number;
  at: number;
}

export class GameRecord<A> {
  private readonly steps = new PackedList<RecordedStep<A>>();
  /** Actions accepted once the record was past its cap. */
  private actionsPastCap: PackedList<A> | undefined;

  /** `maxSteps`: past this many steps only actions are kept. */
  constructor(private readonly maxSteps: number = MAX_REPLAY_STEPS) {}

  /** Steps noted so far (at most the cap and one). */
  get stepCount(): number {
    return this.steps.length;
  }

  /** Notes the start (`action` null) or an accepted action; `step` builds its step, and is called only while the record is under its cap. */
  add(action: A | null, step: () => RecordedStep<A>): void {
    if (this.steps.length <= this.maxSteps) this.steps.push(step());
    else if (action !== null) (this.actionsPastCap ??= new PackedList<A>()).push(action);
  }

  /** The steps and every accepted action, in order, as fresh objects (read once, when the game is over). */
  read(): { steps: RecordedStep<A>[]; actions: A[] } {
    const steps = this.steps.toArray();
    const actions: A[] = [];
    for (const step of steps) if (step.action !== null) actions.push(step.action);
    // a loop, not push(...list): a spread of a very long list would overflow the call stack
    for (const action of this.actionsPastCap?.toArray() ?? []) actions.push(action);
    return { steps, actions };
  }
}
