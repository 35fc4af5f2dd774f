/**
 * JSON from clients, parsed so that no key can reach an object's prototype:
 * `__proto__`, `constructor` and `prototype` are refused wherever they appear
 * (a 400 at every edge), and parsed values can be copied into fresh
 * null-prototype objects.
 */

/** Keys that could reach or replace an object's prototype once merged. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The start of the message of every forbidden-key refusal (error handlers recognise it through body-parser's wrapping). */
export const FORBIDDEN_KEY_MESSAGE = "forbidden key in JSON";

/** A client's JSON named a key that could reach a prototype. */
export class ForbiddenKeyError extends Error {
  override name = "ForbiddenKeyError";
  constructor(key: string) {
    super(`${FORBIDDEN_KEY_MESSAGE}: "${key}" is not allowed in a request`);
  }
}

/** Whether an error (possibly re-wrapped by body-parser) is a forbidden-key refusal. */
export function isForbiddenKeyError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith(FORBIDDEN_KEY_MESSAGE);
}

/** `JSON.parse` reviver that throws on a forbidden key (JSON.parse makes `__proto__` an own key, so the reviver sees it). */
export function forbiddenKeyReviver(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
  return value;
}

/** Parses JSON text, refusing forbidden keys; throws SyntaxError or ForbiddenKeyError. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, forbiddenKeyReviver);
}

/** The first forbidden key anywhere in a value (own keys only, any depth), if any. */
export function findForbiddenKey(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== "object" || depth > 64) return undefined;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== "string") continue;
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A deep copy of a JSON value whose objects all have a null prototype; throws ForbiddenKeyError. */
export function toNullPrototype(value: unknown, depth = 0): unknown {
  if (depth > 64) throw new RangeError("JSON nested too deeply");
  if (Array.isArray(value)) return value.map((item) => toNullPrototype(item, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
    copy[key] = toNullPrototype(item, depth + 1);
  }
  return copy;
}
