/**
 * Round scoring (rules §6.1) and the end-of-game check (decision 5).
 */
import type { LiapTuiOptions, Seat } from "./types.js";

/** Base score of a round for one seat: base = bonus + hitValue, before the multiplier. */
export function scoreRound(declared: number, captured: number): { base: number; bonus: number; hitValue: number } {
  if (declared === 0) {
    return captured === 0 ? { base: 3, bonus: 3, hitValue: 0 } : { base: -captured, bonus: 0, hitValue: -captured };
  }
  if (captured === declared) return { base: declared + 5, bonus: 5, hitValue: declared };
  const miss = -Math.abs(declared - captured);
  return { base: miss, bonus: 0, hitValue: miss };
}

/** True if the scores after round `round` end the game (someone reached winScore, or the round cap). */
export function isGameEnd(scores: readonly number[], round: number, options: LiapTuiOptions): boolean {
  return scores.some((s) => s >= options.winScore) || round >= options.maxRounds;
}

/**
 * Winners: every seat sharing the top score. When the game ends because someone
 * reached winScore, the top score overall is at least winScore, so this equals
 * "the highest among those at ≥ winScore" of the reference.
 */
export function topScorers(scores: readonly number[]): Seat[] {
  const top = Math.max(...scores);
  const winners: Seat[] = [];
  scores.forEach((s, seat) => {
    if (s === top) winners.push(seat as Seat);
  });
  return winners;
}
