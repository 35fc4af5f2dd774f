/**
 * Enumerating subsets of a hand: the valid plays a leader could make (with
 * pruning, since every valid multi-piece play is one colour, one group and
 * at most the real number of copies of each name) and plain k-subsets.
 */
import { classifyPlay, copiesPerColor, groupOf } from "./playTypes.js";
import type { Piece, PlayType } from "./types.js";

/** Called for each valid subset: indices into the hand (reused buffer: copy to keep), its pieces, type and point total. */
export type ValidSubsetVisitor = (indices: readonly number[], pieces: readonly Piece[], type: PlayType, total: number) => void;

/** Working state of one enumeration (kept in one object so the recursion allocates no closures). */
interface Walk {
  hand: readonly Piece[];
  minSize: number;
  maxSize: number;
  visit: ValidSubsetVisitor;
  idx: number[];
  chosen: Piece[];
  rankCounts: Map<string, number>;
}

function walk(w: Walk, start: number, total: number): void {
  const { hand, chosen } = w;
  for (let i = start; i < hand.length; i++) {
    const p = hand[i]!;
    const first = chosen[0];
    const count = w.rankCounts.get(p.rank) ?? 0;
    if (first !== undefined) {
      // prune prefixes that no valid play can extend
      if (p.color !== first.color || groupOf(p.rank) !== groupOf(first.rank)) continue;
      if (count >= copiesPerColor(p.rank)) continue;
    }
    w.idx.push(i);
    chosen.push(p);
    w.rankCounts.set(p.rank, count + 1);
    const sum = total + p.point;
    if (chosen.length >= w.minSize) {
      const type = classifyPlay(chosen);
      if (type !== "INVALID") w.visit(w.idx, chosen, type, sum);
    }
    if (chosen.length < w.maxSize) walk(w, i + 1, sum);
    w.idx.pop();
    chosen.pop();
    w.rankCounts.set(p.rank, count);
  }
}

/**
 * Visits every subset of `hand` with size in [minSize, maxSize] that forms a valid
 * play type, in lexicographic order of indices within each size (prefixes first).
 */
export function forEachValidSubset(
  hand: readonly Piece[],
  minSize: number,
  maxSize: number,
  visit: ValidSubsetVisitor,
): void {
  walk({ hand, minSize, maxSize, visit, idx: [], chosen: [], rankCounts: new Map() }, 0, 0);
}

/** All k-element subsets of `items`, in lexicographic order of positions. */
export function combinations<T>(items: readonly T[], k: number): T[][] {
  const out: T[][] = [];
  const cur: T[] = [];
  const extend = (start: number): void => {
    if (cur.length === k) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i <= items.length - (k - cur.length); i++) {
      cur.push(items[i]!);
      extend(i + 1);
      cur.pop();
    }
  };
  if (k >= 0 && k <= items.length) extend(0);
  return out;
}
