/**
 * Declaration constraints (rules §4, decision 3): values 0..8; the last
 * declarer may not make the total exactly 8; a seat with two 0-declarations
 * in a row must declare at least 1.
 */

/** Highest declarable value (all 8 piles). */
export const MAX_DECLARATION = 8;

/** Zero streak at which declaring 0 is no longer allowed. */
export const ZERO_STREAK_LIMIT = 2;

/** Allowed declaration values for a declarer, given the earlier declarations' total. */
export function allowedDeclarations(earlierTotal: number, isLast: boolean, zeroStreak: number): number[] {
  const allowed: number[] = [];
  for (let v = 0; v <= MAX_DECLARATION; v++) {
    if (isLast && earlierTotal + v === MAX_DECLARATION) continue; // last declarer may not make the total 8
    if (v === 0 && zeroStreak >= ZERO_STREAK_LIMIT) continue; // no third 0 in a row
    allowed.push(v);
  }
  return allowed;
}

/** The zero streak after declaring `value`. */
export function nextZeroStreak(streak: number, value: number): number {
  return value === 0 ? streak + 1 : 0;
}
