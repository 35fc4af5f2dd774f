/**
 * The fuzz suite's seeded randomness and size. FUZZ_SEED makes a run
 * reproducible (a failing run prints it); FUZZ_SCALE multiplies every count
 * (1 in CI; e.g. FUZZ_SCALE=10 by hand).
 */
import { randomBytes } from "node:crypto";

/** A small deterministic PRNG (mulberry32 over a string-hashed seed). */
export class Prng {
  private state: number;

  constructor(readonly seed: string) {
    let h = 1779033703 ^ seed.length;
    for (let i = 0; i < seed.length; i++) {
      h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    this.state = h >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  /** An independent stream derived from this seed (one per client or worker, so their interleaving does not matter). */
  fork(label: string): Prng {
    return new Prng(`${this.seed}/${label}`);
  }
}

/** The run's seed: FUZZ_SEED, or a fresh random one (always printed on failure). */
export const FUZZ_SEED = process.env.FUZZ_SEED?.trim() || randomBytes(6).toString("hex");

/** Multiplier of every fuzz count (FUZZ_SCALE, default 1). */
export const FUZZ_SCALE = (() => {
  const raw = Number(process.env.FUZZ_SCALE ?? "1");
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
})();

/** How to rerun exactly this case. */
export function reproduceHint(file: string): string {
  return `reproduce with: FUZZ_SEED=${FUZZ_SEED}${FUZZ_SCALE !== 1 ? ` FUZZ_SCALE=${FUZZ_SCALE}` : ""} npx mocha ${file}`;
}
