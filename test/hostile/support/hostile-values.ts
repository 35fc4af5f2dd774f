/**
 * Hostile values and mutations shared by the room and REST fuzzers: wrong
 * types, NaN/Infinity-like and out-of-range numbers, prototype keys, NUL and
 * odd unicode, deep nesting and huge strings sized to a byte budget.
 */
import type { Prng } from "./prng.js";

/** Keys that must never reach an object's prototype chain. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype"] as const;

export const HOSTILE_NUMBERS: readonly number[] = [
  -1, 0, -0, 0.5, -0.5, 1.5, 9, 99, 255, 256, 65_536, -65_536, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 64,
  1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, NaN, Infinity, -Infinity,
];

export const HOSTILE_STRINGS: readonly string[] = [
  "", " ", "\u0000", "a\u0000b", "\u0000".repeat(64), "__proto__", "constructor", "prototype", "toString", "hasOwnProperty",
  "NaN", "Infinity", "-1", "1e400", "0x10", "null", "undefined", "true", "[]", "{}", "%s%s%n", "' OR '1'='1", "\"; DROP TABLE rooms; --",
  "<script>alert(1)</script>", "../../etc/passwd", "\r\nX-Injected: 1", "\ud800", "\udfff\ud800", "🂡🀄️👨‍👩‍👧", "\u202eRTL", "ｐ７", "p7\u0000",
  "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "*", "_", "$where", "$gt",
];

/** Any hostile scalar. */
export function hostileScalar(rng: Prng): unknown {
  switch (rng.int(0, 5)) {
    case 0:
      return rng.pick(HOSTILE_NUMBERS);
    case 1:
      return rng.pick(HOSTILE_STRINGS);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return rng.int(-1_000_000, 1_000_000) * (rng.chance(0.5) ? 1 : 1e-3);
    case 4:
      return randomString(rng, rng.int(1, 40));
    default:
      return rng.pick([[], {}, [null], [[]], { a: 1 }]);
  }
}

/** A random string of `length` UTF-16 units, some of them odd (NUL, control, surrogates, astral). */
export function randomString(rng: Prng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    const kind = rng.int(0, 9);
    if (kind < 6) out += String.fromCharCode(rng.int(0x20, 0x7e));
    else if (kind === 6) out += String.fromCharCode(rng.int(0, 0x1f));
    else if (kind === 7) out += String.fromCharCode(rng.int(0xd800, 0xdfff));
    else if (kind === 8) out += String.fromCodePoint(rng.int(0x1f300, 0x1f6ff));
    else out += String.fromCharCode(rng.int(0x80, 0xffff));
  }
  return out;
}

/** Arrays (or objects) nested `depth` levels deep around `leaf`. */
export function nested(depth: number, kind: "array" | "object" | "mixed", rng: Prng, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) {
    const asArray = kind === "array" || (kind === "mixed" && rng.chance(0.5));
    value = asArray ? [value] : { a: value };
  }
  return value;
}

/** An object with an own `__proto__` (or constructor/prototype) key, as JSON.parse builds it. */
export function prototypeObject(rng: Prng, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const key = rng.pick(PROTOTYPE_KEYS);
  const inner = rng.pick([
    '{"polluted":true}',
    '{"prototype":{"polluted":true}}',
    '{"__managed":{"roomId":"fuzz-hijack","gameRules":"liap_tui","playerIds":["a","b","c","d"],"joinTimeoutMs":0}}',
    '{"isAdmin":true,"toString":1}',
    "null",
    "1",
  ]);
  const parsed = JSON.parse(`{"${key}":${inner}}`) as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) parsed[k] = v;
  return parsed;
}

/** A value for the whole payload or one field: scalars, nesting, prototype keys, big strings and arrays. */
export function hostileValue(rng: Prng, budget: number): unknown {
  switch (rng.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return hostileScalar(rng);
    case 3:
      return nested(rng.int(2, Math.max(2, Math.min(budget - 8, 3_900))), rng.pick(["array", "object", "mixed"] as const), rng);
    case 4:
      return prototypeObject(rng);
    case 5:
      return "x".repeat(rng.int(1, Math.max(1, budget - 16)));
    case 6:
      return randomString(rng, rng.int(1, Math.max(1, Math.floor((budget - 16) / 4))));
    case 7:
      return Array.from({ length: rng.int(1, Math.max(1, Math.floor((budget - 16) / 10))) }, () => hostileScalar(rng));
    case 8:
      return Object.fromEntries(Array.from({ length: rng.int(1, 40) }, (_, i) => [rng.chance(0.2) ? rng.pick(HOSTILE_STRINGS) : `k${i}`, hostileScalar(rng)]));
    default:
      return rng.pick([undefined, null, 0, "", [], {}]);
  }
}

/** A payload template (a valid shape) and a mutation of it. */
export function mutateObject(rng: Prng, template: Record<string, unknown>, budget: number): unknown {
  const out: Record<string, unknown> = { ...template };
  const keys = Object.keys(template);
  const rounds = rng.int(1, 3);
  for (let r = 0; r < rounds; r++) {
    const key = keys.length > 0 ? rng.pick(keys) : `k${r}`;
    switch (rng.int(0, 6)) {
      case 0:
        out[key] = hostileScalar(rng); // wrong type or out of range
        break;
      case 1:
        delete out[key];
        break;
      case 2:
        out[rng.chance(0.3) ? rng.pick(HOSTILE_STRINGS) : `extra_${rng.int(0, 99)}`] = hostileValue(rng, budget / 4);
        break;
      case 3:
        return prototypeObject(rng, out);
      case 4:
        out[key] = hostileValue(rng, budget);
        break;
      case 5:
        out[key] = [out[key], hostileScalar(rng)];
        break;
      default:
        return hostileValue(rng, budget);
    }
  }
  return out;
}

/** A short, printable description of a value for failure messages (never the whole of a huge one). */
export function describeValue(value: unknown, max = 300): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : typeof v === "bigint" ? `${v}n` : v));
  } catch (error) {
    text = `<${error instanceof Error ? error.message : String(error)}>`;
  }
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
