/**
 * Regenerates the events a Liap Tui room sent, from the recorded game: the
 * seed, the options, and each step (the deal, then every action the rules
 * applied) with the little the room knew beside the rules (the sequence
 * number before it, its time, the move timer, the seats when they changed).
 * The same mapper as the room's (wire.ts) turns the rules' events into the
 * wire's, so the regenerated stream is the one the clients received.
 */
import { applyAction, createGame } from "./engine.js";
import type { LiapTuiAction, LiapTuiEvent, LiapTuiOptions, LiapTuiState, Seat } from "./types.js";
import { gameOverEvent, LiapTuiWire, playerTimeoutEvent, type TimerInfo, type WireSeat } from "./wire.js";
import { numbered, ReplayError, type ReplayedEvent } from "../shared/replay-events.js";

/** One step of a recorded game. */
export interface LiapTuiReplayStep {
  /** The action applied (null for the deal that starts the game). */
  action: LiapTuiAction | null;
  /** The room's last sequence number before this step's events. */
  sequence: number;
  /** When the step ran (epoch ms). */
  at: number;
  /** The move timer armed after the step, as `phase_change` shows it. */
  timer: TimerInfo | null;
  /** Set when the action was taken for a player whose move timer ran out: the timer's length (s), announced by `player_timeout`. */
  timeoutSeconds?: number;
  /** The seats, on the first step and whenever they changed since the previous one. */
  seats?: WireSeat[];
}

/** What a finished Liap Tui game is replayed from. */
export interface LiapTuiReplayRecord {
  seed: string;
  options: Partial<LiapTuiOptions>;
  steps: readonly LiapTuiReplayStep[];
  /** The game's length as `game_over` said it (s). */
  durationSeconds: number;
}

/**
 * Every event the room sent during the game, in order (each with its audience
 * and both profiles' bodies), step by step: a caller may pause between steps.
 */
export function* replayLiapTuiSteps(record: LiapTuiReplayRecord): Generator<ReplayedEvent[]> {
  const [first, ...rest] = record.steps;
  if (first === undefined || first.action !== null || first.seats === undefined) throw new ReplayError("the record does not start with the deal and the seats");
  const wire = new LiapTuiWire();
  let seats: WireSeat[] = first.seats;
  let game: LiapTuiState = createGame({ seed: record.seed, options: record.options });
  const start = numbered(wire.step([{ type: "dealt", round: 1, redeal: false, multiplier: 1 }], game, seats, first.timer), first.sequence + 1, first.at);
  yield start;
  let over: Extract<LiapTuiEvent, { type: "game_over" }> | undefined;
  let lastSequence = start.at(-1)?.sequence ?? first.sequence;
  for (const [index, step] of rest.entries()) {
    if (over !== undefined) throw new ReplayError(`step ${index + 1} comes after the game ended`);
    if (step.action === null) throw new ReplayError(`step ${index + 1} has no action`);
    if (step.sequence < lastSequence) throw new ReplayError(`step ${index + 1} numbers its events before the previous step's`);
    seats = step.seats ?? seats;
    const out: ReplayedEvent[] = [];
    if (step.timeoutSeconds !== undefined) {
      if (!("seat" in step.action)) throw new ReplayError(`step ${index + 1}: a timeout acts for a seat`);
      out.push(...numbered([playerTimeoutEvent(step.action as LiapTuiAction & { seat: Seat }, seats, step.timeoutSeconds)], step.sequence, step.at));
    }
    const outcome = applyAction(game, step.action);
    if (!outcome.ok) throw new ReplayError(`step ${index + 1} (${step.action.type}) refused: ${outcome.error.code}: ${outcome.error.message}`);
    game = outcome.state;
    over = outcome.events.find((event): event is Extract<LiapTuiEvent, { type: "game_over" }> => event.type === "game_over");
    const events = wire.step(outcome.events, game, seats, step.timer);
    if (over !== undefined) events.push(gameOverEvent(over, seats, record.durationSeconds));
    out.push(...numbered(events, step.sequence + 1, step.at));
    lastSequence = out.at(-1)?.sequence ?? lastSequence;
    yield out;
  }
  if (over === undefined) throw new ReplayError("the recorded actions do not end the game");
}

/** Every event the room sent during the game, in order. */
export function replayLiapTui(record: LiapTuiReplayRecord): ReplayedEvent[] {
  return [...replayLiapTuiSteps(record)].flat();
}
