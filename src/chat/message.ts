/**
 * The chat message as seed 002 shows it (REST bodies, `message_created`, the
 * `message:create` reply), and the error bodies of its contract.
 */
import type { ChatMessageRow } from "../../drizzle/schema/index.js";

/** The sender as a message shows it (`mode` is always "private": this platform has one profile per account). */
export interface ChatProfile {
  id: string;
  name: string;
  mode: "private";
}

/** A message exactly as the seed's REST responses show it. */
export interface ChatMessage {
  id: string;
  body: string;
  status: "sent";
  sent_at: string;
  inserted_at: string;
  profile: ChatProfile;
}

/** The seed's only validation message, which issue 12 uses for every refused body. */
export const BLANK = "can't be blank";

/** Validation errors by field (`{"errors": {"body": ["can't be blank"]}}`). */
export type FieldErrors = Record<string, string[]>;

/** Why a chat call was refused; each maps to one status and one body of the seed's contract. */
export type ChatFailure =
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "unauthorized" }
  | { kind: "forbidden" }
  | { kind: "not_found" }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "internal_error" };

/** A chat call's outcome. */
export type ChatResult<T> = { ok: true; data: T } | { ok: false; failure: ChatFailure };

/** The seed's HTTP status for a failure. */
export function statusOf(failure: ChatFailure): number {
  switch (failure.kind) {
    case "invalid":
      return 422;
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "rate_limited":
      return 429;
    case "internal_error":
      return 500;
  }
}

/**
 * The seed's error body for a failure: field errors for validation
 * (`{"errors": {"body": ["can't be blank"]}}`), otherwise a list of one code
 * shaped like its 500 body (`{"errors": ["internal_error"]}`).
 */
export function errorBody(failure: ChatFailure): { errors: FieldErrors | string[] } {
  return failure.kind === "invalid" ? { errors: failure.errors } : { errors: [failure.kind] };
}

/** A stored row as the seed's message. */
export function toMessage(row: ChatMessageRow): ChatMessage {
  return {
    id: row.id,
    body: row.body,
    status: row.status,
    sent_at: row.sentAt.toISOString(),
    inserted_at: row.insertedAt.toISOString(),
    profile: { id: row.senderId, name: row.senderName, mode: "private" },
  };
}
