/** The server→client message of seed 003, the payload of every room message. */

/** `{event, data, room_id, server_time, sequence_number}`; error events also carry `error` (seed 003's error format). */
export interface ServerMessage<T = unknown> {
  event: string;
  data: T;
  room_id: string;
  /** Seconds since the epoch, with milliseconds as decimals. */
  server_time: number;
  sequence_number: number;
  error?: T;
}

/** Events whose body the seed shows under `error` as well as under `data`. */
const ERROR_EVENTS = new Set(["error", "validation_error"]);

/** Wraps an event's data in the seed's envelope. */
export function envelope<T>(event: string, data: T, roomId: string, sequence: number, nowMs: number): ServerMessage<T> {
  const message: ServerMessage<T> = { event, data, room_id: roomId, server_time: nowMs / 1000, sequence_number: sequence };
  if (ERROR_EVENTS.has(event)) message.error = data;
  return message;
}
