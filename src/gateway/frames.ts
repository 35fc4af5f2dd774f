/**
 * Reads one client frame of the seed-003 gateway: a JSON text frame
 * `{"event": string, "data"?: object}`. Anything else is a structured
 * refusal ready to send as `validation_error` (3001 not a valid message,
 * 3002 missing `event`, 3003 `event` of the wrong type, 3004 an event name
 * out of bounds). Input is never echoed back: only its JSON type and size.
 */
import { ErrorCode, type ErrorCodeValue } from "../protocol/codes.js";
import { ForbiddenKeyError, parseJson } from "../http/safe-json.js";

/** A frame's event and data (data `{}` when absent or null). */
export interface InboundEvent {
  event: string;
  data: unknown;
}

/** Why a frame was refused. */
export interface FrameProblem {
  code: ErrorCodeValue;
  message: string;
  details: Record<string, unknown>;
}

export type FrameResult = { ok: true; value: InboundEvent } | { ok: false; problem: FrameProblem };

/** Longest event name taken (seed event names are short words). */
export const MAX_EVENT_NAME = 64;

/** Parses one WebSocket frame. */
export function readFrame(frame: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): FrameResult {
  const bytes = Array.isArray(frame) ? Buffer.concat(frame) : Buffer.from(frame as ArrayBuffer);
  if (isBinary) {
    return refuse(ErrorCode.INVALID_MESSAGE_FORMAT, "binary frames are not accepted: send JSON text frames", { received_data: { type: "bytes", size: bytes.byteLength } });
  }
  let parsed: unknown;
  try {
    parsed = parseJson(bytes.toString("utf8"));
  } catch (error) {
    const message = error instanceof ForbiddenKeyError ? "message has a forbidden key (__proto__, constructor or prototype)" : "message is not valid JSON";
    return refuse(ErrorCode.INVALID_MESSAGE_FORMAT, message, { received_data: { type: "text", size: bytes.byteLength } });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return refuse(ErrorCode.INVALID_MESSAGE_FORMAT, 'message must be a JSON object {"event": ..., "data": {...}}', { received_data: summarize(parsed) });
  }
  const envelope = parsed as Record<string, unknown>;
  const event = Object.hasOwn(envelope, "event") ? envelope.event : undefined;
  if (event === undefined || event === null) {
    return refuse(ErrorCode.MISSING_REQUIRED_FIELD, "Missing required fields: event", { missing_fields: ["event"], received_data: summarize(parsed) });
  }
  if (typeof event !== "string") {
    return refuse(ErrorCode.INVALID_FIELD_TYPE, "Fields of the wrong type: event", { invalid_fields: ["event"], received_data: summarize(parsed) });
  }
  if (event.length === 0 || event.length > MAX_EVENT_NAME) {
    return refuse(ErrorCode.OUT_OF_RANGE, `Fields out of range: event (1 to ${MAX_EVENT_NAME} characters)`, { invalid_fields: ["event"], received_data: summarize(parsed) });
  }
  const data = Object.hasOwn(envelope, "data") && envelope.data !== null ? envelope.data : {};
  return { ok: true, value: { event, data } };
}

function refuse(code: ErrorCodeValue, message: string, details: Record<string, unknown>): FrameResult {
  return { ok: false, problem: { code, message, details } };
}

/** What a refused value was, without its content: JSON type and size. */
export function summarize(value: unknown): { type: string; size?: number } {
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) return { type: "array", size: value.length };
  if (typeof value === "string") return { type: "string", size: value.length };
  if (typeof value === "object") return { type: "object", size: Object.keys(value).length };
  return { type: typeof value };
}

/** A string field of an event's data, if it is one (bounded). */
export function stringField(data: unknown, field: string, max = 64): string | undefined {
  if (data === null || typeof data !== "object" || Array.isArray(data) || !Object.hasOwn(data, field)) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === "string" && value.length <= max ? value : undefined;
}
