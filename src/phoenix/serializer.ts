/**
 * The Phoenix Channels v2 serializer (`vsn=2.0.0`): every message is a JSON
 * array `[join_ref, ref, topic, event, payload]` in a text frame. Incoming
 * arrays are checked field by field; anything else is not a message.
 */
import { parseJson } from "../http/safe-json.js";

export interface PhoenixMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** Bounds of the string fields (the client library's refs are counters). */
const MAX_REF = 64;
export const MAX_TOPIC = 200;
export const MAX_EVENT = 64;

/** Parses one text frame; undefined when it is not a v2 message (the ref, when readable, is given for the refusal). */
export function decode(text: string): { message?: PhoenixMessage; ref?: string | null; topic?: string; joinRef?: string | null } {
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch {
    return {};
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return {};
  const [joinRef, ref, topic, event, payload] = parsed as unknown[];
  const refOk = (value: unknown): value is string | null => value === null || (typeof value === "string" && value.length <= MAX_REF);
  if (!refOk(joinRef) || !refOk(ref) || typeof topic !== "string" || topic.length > MAX_TOPIC) return {};
  if (typeof event !== "string" || event.length === 0 || event.length > MAX_EVENT) return { ref, topic, joinRef };
  return { message: { joinRef, ref, topic, event, payload }, ref, topic, joinRef };
}

/** Encodes one message. */
export function encode(joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): string {
  return JSON.stringify([joinRef, ref, topic, event, payload]);
}

/** A `phx_reply` to `ref`. */
export function reply(joinRef: string | null, ref: string | null, topic: string, status: "ok" | "error", response: unknown): string {
  return encode(joinRef, ref, topic, "phx_reply", { status, response });
}
