/**
 * Play types (rules §5.3), their strength and how a turn's winner is found (§5.4).
 */
import type { Piece, PlayType, Rank } from "./types.js";

/** Rank → index used for counting (GENERAL 0 … SOLDIER 6). */
const RANK_INDEX: Readonly<Record<Rank, number>> = {
  GENERAL: 0,
  ADVISOR: 1,
  ELEPHANT: 2,
  CHARIOT: 3,
  HORSE: 4,
  CANNON: 5,
  SOLDIER: 6,
};

/** Straight groups: G1 = GENERAL/ADVISOR/ELEPHANT, G2 = CHARIOT/HORSE/CANNON; SOLDIER is in neither. */
export type StraightGroup = "G1" | "G2" | "SOLDIER";

/** The straight group of a rank. */
export function groupOf(rank: Rank): StraightGroup {
  const i = RANK_INDEX[rank];
  return i <= 2 ? "G1" : i <= 5 ? "G2" : "SOLDIER";
}

/** Most copies of a rank one colour has (GENERAL 1, SOLDIER 5, others 2). */
export function copiesPerColor(rank: Rank): number {
  return rank === "GENERAL" ? 1 : rank === "SOLDIER" ? 5 : 2;
}

const SOLDIER_TYPES: readonly PlayType[] = ["INVALID", "INVALID", "PAIR", "THREE_OF_A_KIND", "FOUR_OF_A_KIND", "FIVE_OF_A_KIND"];

/** Classifies a set of pieces into its play type (order of pieces does not matter). */
export function classifyPlay(pieces: readonly Piece[]): PlayType {
  const n = pieces.length;
  if (n === 0 || n > 6) return "INVALID";
  if (n === 1) return "SINGLE";
  const color = pieces[0]!.color;
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const p of pieces) {
    if (p.color !== color) return "INVALID"; // every multi-piece type is one colour
    counts[RANK_INDEX[p.rank]]++;
  }
  if (counts[6] === n) return n <= 5 ? SOLDIER_TYPES[n]! : "INVALID";
  if (counts[6]! > 0) return "INVALID";
  if (counts[0]! > 1) return "INVALID"; // one GENERAL per colour: generals never pair
  if (n === 2) return counts.includes(2) ? "PAIR" : "INVALID";
  const g1 = counts[0]! + counts[1]! + counts[2]!;
  if (g1 !== 0 && g1 !== n) return "INVALID"; // straights never mix the two groups
  const base = g1 === n ? 0 : 3;
  const a = counts[base]!;
  const b = counts[base + 1]!;
  const c = counts[base + 2]!;
  if (a < 1 || b < 1 || c < 1 || a > 2 || b > 2 || c > 2) return "INVALID"; // all three names, at most doubled
  // With every name present once or twice, the size fixes the shape: 3 = 1-1-1, 4 = 2-1-1, 5 = 2-2-1, 6 = 2-2-2.
  if (n === 3) return "STRAIGHT";
  if (n === 4) return "EXTENDED_STRAIGHT";
  if (n === 5) return "EXTENDED_STRAIGHT_5";
  return base === 3 ? "DOUBLE_STRAIGHT" : "INVALID";
}

/**
 * Strength used to compare plays of the same type: the sum of points, except
 * for extended straights where each distinct name counts once (its highest piece).
 */
export function playStrength(pieces: readonly Piece[], type: PlayType): number {
  if (type === "EXTENDED_STRAIGHT" || type === "EXTENDED_STRAIGHT_5") {
    const best = new Map<Rank, number>();
    for (const p of pieces) best.set(p.rank, Math.max(best.get(p.rank) ?? 0, p.point));
    let sum = 0;
    for (const v of best.values()) sum += v;
    return sum;
  }
  let sum = 0;
  for (const p of pieces) sum += p.point;
  return sum;
}

/** Type and strength of a play, enough to compare it. */
export interface RatedPlay {
  playType: PlayType;
  strength: number;
}

/** True if `challenger` replaces `best`: same type (never INVALID) and strictly greater strength. */
export function beats(challenger: RatedPlay, best: RatedPlay): boolean {
  return (
    challenger.playType !== "INVALID" &&
    challenger.playType === best.playType &&
    challenger.strength > best.strength
  );
}

/** Index of the winning play among plays in play order (the leader's play is the first). */
export function winningPlayIndex(plays: readonly RatedPlay[]): number {
  let best = 0;
  for (let i = 1; i < plays.length; i++) if (beats(plays[i]!, plays[best]!)) best = i;
  return best;
}
