/**
 * Game options: defaults and validation.
 */
import type { LiapTuiOptions } from "./types.js";

/** Default options: first to 50, at most 20 rounds, at most 10 redeals per round. */
export const DEFAULT_OPTIONS: Readonly<LiapTuiOptions> = Object.freeze({ winScore: 50, maxRounds: 20, maxRedeals: 10 });

function checkInteger(name: keyof LiapTuiOptions, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`option ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Builds a complete, validated copy of the options; throws RangeError on nonsense values. */
export function normalizeOptions(partial: Partial<LiapTuiOptions> = {}): LiapTuiOptions {
  return {
    winScore: checkInteger("winScore", partial.winScore ?? DEFAULT_OPTIONS.winScore, 1),
    maxRounds: checkInteger("maxRounds", partial.maxRounds ?? DEFAULT_OPTIONS.maxRounds, 1),
    maxRedeals: checkInteger("maxRedeals", partial.maxRedeals ?? DEFAULT_OPTIONS.maxRedeals, 0),
  };
}
