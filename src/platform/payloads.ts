/** Builds the request bodies of the contract from what rooms give; pure functions. */
import type {
  AbortReason,
  AbortedBody,
  FinishedBody,
  FinishedPayload,
  ReadyBody,
  StartedBody,
  StartedPayload,
} from "./types.js";

/** A time as the contract writes it: ISO-8601 in UTC with seconds precision, e.g. "2026-02-10T01:02:00Z". */
export function isoSeconds(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError("isoSeconds: invalid date");
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Body of POST /internal/rooms. */
export function readyBody(roomId: string, nodeName: string): ReadyBody {
  return { room_id: roomId, node_name: nodeName, status: "ready" };
}

/** Body of PUT /internal/rooms/:room_id/started. */
export function startedBody(roomId: string, started: StartedPayload): StartedBody {
  return { room_id: roomId, started_at: isoSeconds(started.startedAt), player_ids: [...started.playerIds] };
}

/** Body of PUT /internal/rooms/:room_id/finished; `result_data` is passed through whole, extra fields included. */
export function finishedBody(roomId: string, finished: FinishedPayload): FinishedBody {
  return {
    room_id: roomId,
    winner_id: finished.winnerId,
    result_data: finished.resultData,
    finished_at: isoSeconds(finished.finishedAt),
  };
}

/** Body of PUT /internal/rooms/:room_id/aborted. */
export function abortedBody(roomId: string, reason: AbortReason, abortedAt: Date): AbortedBody {
  return { room_id: roomId, reason, aborted_at: isoSeconds(abortedAt) };
}
