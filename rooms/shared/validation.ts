/**
 * Payload validation for room messages with zod, mapped to seed 003's
 * `validation_error`: 3002 for missing fields (with `missing_fields`), 3003
 * for fields of the wrong type, 3004 for values out of range. Client input is
 * never echoed back: `received_data` is a shallow summary (its JSON type and
 * size), and the lists of fields and issues are bounded. Unknown extra fields
 * are ignored.
 */
import { z } from "zod";
import { ErrorCode, type ErrorCodeValue } from "../../src/protocol/codes.js";

/** A refused payload, ready to be sent as `validation_error`. */
export interface PayloadProblem {
  code: ErrorCodeValue;
  message: string;
  details: Record<string, unknown>;
}

/** Validation outcome. */
export type PayloadResult<T> = { ok: true; value: T } | { ok: false; problem: PayloadProblem };

/** Validates `payload` against an object schema; a missing payload counts as `{}`. */
export function validatePayload<S extends z.ZodObject>(schema: S, payload: unknown): PayloadResult<z.infer<S>> {
  const received = payload === undefined || payload === null ? {} : payload;
  if (typeof received !== "object" || Array.isArray(received)) {
    return {
      ok: false,
      problem: {
        code: ErrorCode.INVALID_MESSAGE_FORMAT,
        message: "message data must be a JSON object",
        details: { received_data: summarize(payload) },
      },
    };
  }
  const parsed = schema.safeParse(received);
  if (parsed.success) return { ok: true, value: parsed.data };

  const missing: string[] = [];
  const wrongType: string[] = [];
  const outOfRange: string[] = [];
  for (const issue of parsed.error.issues.slice(0, MAX_LISTED)) {
    const field = issue.path.map(String).join(".") || "data";
    const value = readPath(received, issue.path);
    if (issue.code === "invalid_type" && value === undefined) missing.push(field);
    else if (issue.code === "invalid_type") wrongType.push(field);
    else outOfRange.push(field);
  }
  const received_data = summarize(received);
  if (missing.length > 0) {
    return {
      ok: false,
      problem: {
        code: ErrorCode.MISSING_REQUIRED_FIELD,
        message: `Missing required fields: ${unique(missing).join(", ")}`,
        details: { missing_fields: unique(missing), received_data },
      },
    };
  }
  if (wrongType.length > 0) {
    return {
      ok: false,
      problem: {
        code: ErrorCode.INVALID_FIELD_TYPE,
        message: `Fields of the wrong type: ${unique(wrongType).join(", ")}`,
        details: { invalid_fields: unique(wrongType), issues: describe(parsed.error), received_data },
      },
    };
  }
  return {
    ok: false,
    problem: {
      code: ErrorCode.OUT_OF_RANGE,
      message: `Fields out of range: ${unique(outOfRange).join(", ")}`,
      details: { invalid_fields: unique(outOfRange), issues: describe(parsed.error), received_data },
    },
  };
}

function readPath(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** At most this many fields and issues are listed in one answer. */
const MAX_LISTED = 5;
/** Longest field path or issue message quoted in an answer (zod's messages for unions can run long). */
const MAX_TEXT = 100;

/** What a refused payload was, without any of its content: JSON type and size (keys, items or characters). */
export function summarize(value: unknown): { type: string; size?: number } {
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) return { type: "array", size: value.length };
  if (typeof value === "string") return { type: "string", size: value.length };
  if (typeof value === "object") {
    if (ArrayBuffer.isView(value)) return { type: "bytes", size: value.byteLength };
    return { type: "object", size: Object.keys(value).length };
  }
  return { type: typeof value };
}

function unique(items: string[]): string[] {
  return [...new Set(items)].slice(0, MAX_LISTED).map((item) => item.slice(0, MAX_TEXT));
}

function describe(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues
    .slice(0, MAX_LISTED)
    .map((issue) => ({ field: (issue.path.map(String).join(".") || "data").slice(0, MAX_TEXT), message: issue.message.slice(0, MAX_TEXT) }));
}
