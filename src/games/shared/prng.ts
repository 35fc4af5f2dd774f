/**
 * Seeded pseudo-random number generator (sfc32) whose whole state is a plain
 * JSON-serialisable object, so it can live inside a game state and make every
 * shuffle replayable from the seed alone.
 */

/** The generator's state: four unsigned 32-bit words. */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Hashes any string into four 32-bit words (cyrb128) to seed the generator. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Creates a generator state from a seed; the same seed always gives the same sequence. */
export function seedRng(seed: string | number): RngState {
  const [a, b, c, d] = hashSeed(String(seed));
  const rng: RngState = { a, b, c, d };
  // Discard the first outputs: sfc32 mixes poorly right after seeding.
  for (let i = 0; i < 12; i++) nextUint32(rng);
  return rng;
}

/** Copies a generator state, so a caller can advance the copy without touching the original. */
export function cloneRng(rng: RngState): RngState {
  return { a: rng.a, b: rng.b, c: rng.c, d: rng.d };
}

/** Advances the state in place and returns the next unsigned 32-bit value. */
export function nextUint32(rng: RngState): number {
  const t = (((rng.a + rng.b) | 0) + rng.d) | 0;
  rng.d = (rng.d + 1) | 0;
  rng.a = rng.b ^ (rng.b >>> 9);
  rng.b = (rng.c + (rng.c << 3)) | 0;
  rng.c = (rng.c << 21) | (rng.c >>> 11);
  rng.c = (rng.c + t) | 0;
  rng.a >>>= 0;
  rng.b >>>= 0;
  rng.c >>>= 0;
  rng.d >>>= 0;
  return t >>> 0;
}

/** Next float in [0, 1); advances the state in place. */
export function nextFloat(rng: RngState): number {
  return nextUint32(rng) / 4294967296;
}

/** Next integer in [0, maxExclusive), without modulo bias; advances the state in place. */
export function nextInt(rng: RngState, maxExclusive: number): number {
  if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
    throw new RangeError(`nextInt needs a positive integer bound, got ${maxExclusive}`);
  }
  const limit = 4294967296 - (4294967296 % maxExclusive);
  let value = nextUint32(rng);
  while (value >= limit) value = nextUint32(rng);
  return value % maxExclusive;
}

/** Returns a uniformly shuffled copy of `items` (Fisher–Yates); advances the state in place. */
export function shuffle<T>(rng: RngState, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = nextInt(rng, i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}

/** Picks one element uniformly; advances the state in place. */
export function pick<T>(rng: RngState, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("pick from an empty list");
  return items[nextInt(rng, items.length)]!;
}
