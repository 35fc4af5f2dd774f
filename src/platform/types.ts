/**
 * Shapes of the Phoenix ↔ Rails internal API as seen from this game server
 * (seed contract "API Contract: Phoenix ↔ Rails Internal API"): what we send,
 * what comes back, and the outcome of one callback.
 */

/** The callbacks this server makes, used as the `kind` metric label. */
export type CallbackKind = "ready" | "started" | "finished" | "aborted" | "verify" | "finished_redelivery";

/** The four lifecycle callbacks of a room, in the order a room can make them. */
export type LifecycleCallback = "ready" | "started" | "finished" | "aborted";

/** Why a room ended abnormally; the four reasons the contract accepts. */
export type AbortReason = "join_timeout" | "all_disconnected" | "admin_terminated" | "process_error";

/** The reasons the contract accepts, for validation at the edges. */
export const ABORT_REASONS: readonly AbortReason[] = ["join_timeout", "all_disconnected", "admin_terminated", "process_error"];

/** `result_data` of a finished game: players, turns and duration, plus whatever else the game adds (kept as given). */
export interface FinishedResultData {
  players: Record<string, Record<string, unknown>>;
  turns_played: number;
  duration_seconds: number;
  [extra: string]: unknown;
}

/** What a room gives when its game ended normally. */
export interface FinishedPayload {
  winnerId: string | null;
  resultData: FinishedResultData;
  finishedAt: Date;
}

/** What a room gives when its game started. */
export interface StartedPayload {
  startedAt: Date;
  playerIds: string[];
}

/** Body of POST /internal/rooms. */
export interface ReadyBody {
  room_id: string;
  node_name: string;
  status: "ready";
}

/** Body of PUT /internal/rooms/:room_id/started. */
export interface StartedBody {
  room_id: string;
  started_at: string;
  player_ids: string[];
}

/** Body of PUT /internal/rooms/:room_id/finished; also what `persist_failed` stores. */
export interface FinishedBody {
  room_id: string;
  winner_id: string | null;
  result_data: FinishedResultData;
  finished_at: string;
}

/** Body of PUT /internal/rooms/:room_id/aborted. */
export interface AbortedBody {
  room_id: string;
  reason: AbortReason;
  aborted_at: string;
}

/** The platform's answer to POST /internal/auth/verify, plus "platform_unavailable" when it could not be asked. */
export type TokenVerification =
  | { valid: true; user_id: string; display_name: string; role: string; status: string }
  | { valid: false; reason: string };

/** The reason `verifyToken` gives when the platform could not answer (never cached). */
export const PLATFORM_UNAVAILABLE = "platform_unavailable";

/** Why a callback did not succeed. */
export type CallbackFailureKind = "unauthorized" | "not_found" | "rejected" | "exhausted";

/** A callback the platform acknowledged with a 2xx. */
export interface CallbackSuccess {
  ok: true;
  status: number;
  /** The parsed JSON answer, or its text when it is not JSON, or null when empty. */
  body: unknown;
  attempts: number;
}

/** A callback that did not get a 2xx: 401, 404, another 4xx, or every attempt failed (5xx, timeout, network). */
export interface CallbackFailure {
  ok: false;
  kind: CallbackFailureKind;
  status?: number;
  error?: string;
  attempts: number;
}

/** The result of one callback; HTTP and network failures are values, never exceptions. */
export type CallbackOutcome = CallbackSuccess | CallbackFailure;
