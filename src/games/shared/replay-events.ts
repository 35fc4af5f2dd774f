/** A regenerated event: one `OutgoingEvent` with its bodies resolved, its sequence number and its time. */
import { NATIVE_OMITS, resolveBody, type OutgoingEvent, type Recipient } from "./outgoing.js";

/** One event of a replayed game, as the room sent it (both profiles' bodies). */
export interface ReplayedEvent {
  event: string;
  to: Recipient;
  sequence: number;
  /** Epoch milliseconds of the step that sent it. */
  at: number;
  /** The seed-003 body. */
  data: unknown;
  /** The native body (NATIVE_OMITS: native clients did not receive it). */
  native: unknown;
}

/** Numbers a step's events from `firstSequence` on and resolves their bodies, as the room's messenger does. */
export function numbered(events: readonly OutgoingEvent[], firstSequence: number, at: number): ReplayedEvent[] {
  return events.map((out, index) => {
    const sequence = firstSequence + index;
    const data = resolveBody(out.data, sequence, at);
    const native = out.native === undefined ? data : out.native === NATIVE_OMITS ? NATIVE_OMITS : resolveBody(out.native, sequence, at);
    return { event: out.event, to: out.to, sequence, at, data, native };
  });
}

/** Thrown when a recorded game cannot be replayed (an action the rules refuse, a record that does not hold together). */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayError";
  }
}
