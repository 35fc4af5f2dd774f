/**
 * Whether bytes are one complete MessagePack value that msgpackr's `unpack`
 * (what Colyseus decodes message payloads with) certainly decodes, found by
 * walking the bytes without building anything. The frame guard
 * (frame-guard.ts) checks every incoming frame before Colyseus decodes it; a
 * full decode there would decode every message twice.
 *
 * The answer is "decodes" only for plain data: nil, booleans, numbers,
 * strings, binary, arrays and maps whose keys are scalars (msgpackr refuses
 * others as object keys), at most MAX_DEPTH deep, ending exactly at the end.
 * Anything else (extensions, msgpackr's records, the unused byte 0xc1, a
 * value cut short, bytes left over, deeper nesting) is "ask msgpackr": the
 * guard then decodes it in full to decide, as before.
 */

export type ScanVerdict = "decodes" | "ask-msgpackr";

/** Deeper nesting than any game payload needs; past it msgpackr decides (it would recurse as deep). */
const MAX_DEPTH = 32;

/** A scalar may be a map key (msgpackr's asSafeString); anything else is not said to decode. */
const SCALAR = 1;
const COMPOUND = 2;

/** Scans `bytes[start, end)`. */
export function scanMsgpack(bytes: Uint8Array, start: number, end: number): ScanVerdict {
  const cursor = { at: start, end, bytes };
  return value(cursor, 0) !== 0 && cursor.at === end ? "decodes" : "ask-msgpackr";
}

interface Cursor {
  at: number;
  readonly end: number;
  readonly bytes: Uint8Array;
}

/** Skips one value; its kind (SCALAR or COMPOUND), or 0 when msgpackr must decide. */
function value(c: Cursor, depth: number): number {
  if (c.at >= c.end) return 0;
  const token = c.bytes[c.at++]!;
  if (token < 0x80 || token >= 0xe0) return SCALAR; // fixints
  if (token < 0x90) return map(c, token & 0x0f, depth);
  if (token < 0xa0) return array(c, token & 0x0f, depth);
  if (token < 0xc0) return skip(c, token & 0x1f) ? SCALAR : 0; // fixstr
  switch (token) {
    case 0xc0: // nil
    case 0xc2: // false
    case 0xc3: // true
      return SCALAR;
    case 0xcc: // uint8
    case 0xd0: // int8
      return skip(c, 1) ? SCALAR : 0;
    case 0xcd: // uint16
    case 0xd1: // int16
      return skip(c, 2) ? SCALAR : 0;
    case 0xca: // float32
    case 0xce: // uint32
    case 0xd2: // int32
      return skip(c, 4) ? SCALAR : 0;
    case 0xcb: // float64
    case 0xcf: // uint64
    case 0xd3: // int64
      return skip(c, 8) ? SCALAR : 0;
    case 0xd9: // str8
      return skip(c, length(c, 1)) ? SCALAR : 0;
    case 0xda: // str16
      return skip(c, length(c, 2)) ? SCALAR : 0;
    case 0xdb: // str32
      return skip(c, length(c, 4)) ? SCALAR : 0;
    case 0xc4: // bin8 (not a valid map key for msgpackr)
      return skip(c, length(c, 1)) ? COMPOUND : 0;
    case 0xc5: // bin16
      return skip(c, length(c, 2)) ? COMPOUND : 0;
    case 0xc6: // bin32
      return skip(c, length(c, 4)) ? COMPOUND : 0;
    case 0xdc: // array16
      return array(c, length(c, 2), depth);
    case 0xdd: // array32
      return array(c, length(c, 4), depth);
    case 0xde: // map16
      return map(c, length(c, 2), depth);
    case 0xdf: // map32
      return map(c, length(c, 4), depth);
    default: // 0xc1 (never used) and every extension: msgpackr's to read
      return 0;
  }
}

/** A big-endian length of `size` bytes, or -1 when the bytes end first. */
function length(c: Cursor, size: 1 | 2 | 4): number {
  if (c.at + size > c.end) return -1;
  const b = c.bytes;
  const at = c.at;
  c.at += size;
  if (size === 1) return b[at]!;
  if (size === 2) return (b[at]! << 8) | b[at + 1]!;
  return ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

/** Skips `count` bytes; false when they are not all there. */
function skip(c: Cursor, count: number): boolean {
  if (count < 0 || c.at + count > c.end) return false;
  c.at += count;
  return true;
}

function array(c: Cursor, count: number, depth: number): number {
  // every item takes at least one byte: a count past the end is cut short, whatever it holds
  if (count < 0 || depth >= MAX_DEPTH || count > c.end - c.at) return 0;
  for (let i = 0; i < count; i++) if (value(c, depth + 1) === 0) return 0;
  return COMPOUND;
}

function map(c: Cursor, count: number, depth: number): number {
  if (count < 0 || depth >= MAX_DEPTH || count * 2 > c.end - c.at) return 0;
  for (let i = 0; i < count; i++) {
    if (value(c, depth + 1) !== SCALAR) return 0;
    if (value(c, depth + 1) === 0) return 0;
  }
  return COMPOUND;
}
