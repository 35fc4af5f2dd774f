/**
 * What a game sends, as pure data: the rooms deliver these, and replays
 * regenerate them from a recorded game, so both share one mapping from the
 * rules' events to the wire (src/games/<game>/wire.ts).
 */

/** An event's data, or a function of the event's own sequence number and time (epoch ms), for events that repeat them inside. */
export type EventBody = unknown | ((sequence: number, nowMs: number) => unknown);

/** As an event's native body: native clients do not receive the event at all (the schema state carries what it says). */
export const NATIVE_OMITS: unique symbol = Symbol("not sent to native clients");

/** Who receives an event: everybody at the table, or the player holding one seat. */
export type Recipient = { kind: "all" } | { kind: "seat"; seat: number };

/** One event a room sends (and a replay regenerates). */
export interface OutgoingEvent {
  event: string;
  to: Recipient;
  /** The body as the seed-003 profile receives it. */
  data: EventBody;
  /** The native profile's body, when it differs (NATIVE_OMITS: not sent to native clients). */
  native?: EventBody | typeof NATIVE_OMITS;
}

/** Everybody at the table. */
export const TO_ALL: Recipient = Object.freeze({ kind: "all" });

/** The player holding `seat`. */
export function toSeat(seat: number): Recipient {
  return { kind: "seat", seat };
}

/** Resolves a body for its sequence number and time. */
export function resolveBody(body: EventBody, sequence: number, nowMs: number): unknown {
  return typeof body === "function" ? (body as (s: number, t: number) => unknown)(sequence, nowMs) : body;
}
