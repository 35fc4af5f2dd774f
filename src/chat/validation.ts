/**
 * What a client may send to chat, parsed through allow-lists: a message body
 * (1–2,000 characters, not only whitespace, no control characters other than
 * newline, no lone surrogates) and the history paging parameters. Nothing a
 * client sent is echoed in an error.
 */
import { BLANK, type FieldErrors } from "./message.js";

/** Longest body, in characters (Unicode code points). */
export const MAX_BODY_CHARACTERS = 2_000;
/** History page sizes. */
export const HISTORY_LIMITS = { min: 1, max: 100, default: 50 };

// every C0/C1 control character (\p{Cc}) but the newline, and lone surrogates (they cannot be stored as UTF-8)
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A body the server accepts, or the seed's validation error. */
export type BodyCheck = { ok: true; body: string } | { ok: false; errors: FieldErrors };

/** Checks a message body (any value a client sent). */
export function checkBody(value: unknown): BodyCheck {
  if (typeof value !== "string" || value.trim().length === 0) return blank();
  // cheap bound before counting code points: a string of more than 2× the limit in UTF-16 units is too long anyway
  if (value.length > MAX_BODY_CHARACTERS * 2) return blank();
  let characters = 0;
  for (const _ of value) characters++;
  if (characters > MAX_BODY_CHARACTERS) return blank();
  if (FORBIDDEN.test(value)) return blank();
  return { ok: true, body: value };
}

function blank(): BodyCheck {
  return { ok: false, errors: { body: [BLANK] } };
}

/** Paging of a history request. */
export interface HistoryQuery {
  limit: number;
  /** The id of a message: only older ones are returned. */
  before?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses `limit` (1–100, default 50) and `before` (a message id) from query values of any type. */
export function parseHistoryQuery(limit: unknown, before: unknown): { ok: true; query: HistoryQuery } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = Object.create(null) as FieldErrors;
  let parsedLimit = HISTORY_LIMITS.default;
  if (limit !== undefined && limit !== "") {
    const text = typeof limit === "string" ? limit.trim() : typeof limit === "number" ? String(limit) : "";
    const n = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n) || n < HISTORY_LIMITS.min || n > HISTORY_LIMITS.max) {
      errors.limit = [`must be an integer from ${HISTORY_LIMITS.min} to ${HISTORY_LIMITS.max}`];
    } else {
      parsedLimit = n;
    }
  }
  let parsedBefore: string | undefined;
  if (before !== undefined && before !== "") {
    if (typeof before !== "string" || !UUID.test(before)) errors.before = ["must be the id of a message"];
    else parsedBefore = before.toLowerCase();
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors: { ...errors } };
  return { ok: true, query: { limit: parsedLimit, ...(parsedBefore === undefined ? {} : { before: parsedBefore }) } };
}

/** Room ids as this server makes them (Colyseus ids, matchmaking UUIDs): anything else cannot name a room. */
const ROOM_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Whether a path segment can be a room id. */
export function isRoomId(value: unknown): value is string {
  return typeof value === "string" && ROOM_ID.test(value);
}
