/**
 * The 32-piece set (rules §1), its canonical order and piece ids. Piece `p<i>`
 * is the i-th piece of the canonical deck (strongest first), so ids are
 * stable for the whole game and hands sorted by id are sorted by strength.
 */
import type { Color, Piece, Rank, Seat } from "./types.js";

/** Kinds in canonical order: name, colour, points, copies. */
const KINDS: ReadonlyArray<readonly [Rank, Color, number, number]> = [
  ["GENERAL", "RED", 14, 1],
  ["GENERAL", "BLACK", 13, 1],
  ["ADVISOR", "RED", 12, 2],
  ["ADVISOR", "BLACK", 11, 2],
  ["ELEPHANT", "RED", 10, 2],
  ["ELEPHANT", "BLACK", 9, 2],
  ["CHARIOT", "RED", 8, 2],
  ["CHARIOT", "BLACK", 7, 2],
  ["HORSE", "RED", 6, 2],
  ["HORSE", "BLACK", 5, 2],
  ["CANNON", "RED", 4, 2],
  ["CANNON", "BLACK", 3, 2],
  ["SOLDIER", "RED", 2, 5],
  ["SOLDIER", "BLACK", 1, 5],
];

function buildDeck(): readonly Piece[] {
  const deck: Piece[] = [];
  for (const [rank, color, point, copies] of KINDS) {
    for (let c = 0; c < copies; c++) {
      deck.push(Object.freeze({ id: `p${deck.length}`, rank, color, point }));
    }
  }
  return Object.freeze(deck);
}

/** All 32 pieces in canonical order; `DECK[i].id === "p" + i`. */
export const DECK: readonly Piece[] = buildDeck();

/** Number of pieces in the set. */
export const DECK_SIZE = 32;

/** Pieces per hand after a deal. */
export const HAND_SIZE = 8;

/** Id of the single GENERAL_RED piece (decides the round-1 starter). */
export const GENERAL_RED_ID = "p0";

/** Pieces worth more than this make a hand not weak (rules §3.1). */
export const WEAK_THRESHOLD = 9;

const INDEX_BY_ID: ReadonlyMap<string, number> = new Map(DECK.map((p, i) => [p.id, i]));

/** Canonical index of a piece id, or -1 if the id is not a piece. */
export function pieceIndex(id: string): number {
  return INDEX_BY_ID.get(id) ?? -1;
}

/** The catalogue piece for an id; throws for an unknown id (callers validate ids first). */
export function pieceById(id: string): Piece {
  const i = INDEX_BY_ID.get(id);
  if (i === undefined) throw new RangeError(`unknown piece id ${JSON.stringify(id)}`);
  return DECK[i]!;
}

/** Catalogue pieces for a list of ids, in the same order. */
export function piecesOf(ids: readonly string[]): Piece[] {
  return ids.map(pieceById);
}

/** Sorts piece ids into canonical order (returns a new array). */
export function sortIds(ids: readonly string[]): string[] {
  return ids.slice().sort((a, b) => pieceIndex(a) - pieceIndex(b));
}

/** True if no piece of the hand is worth more than 9 points. */
export function isWeakHand(ids: readonly string[]): boolean {
  return ids.every((id) => pieceById(id).point <= WEAK_THRESHOLD);
}

/** Deals a deck order given as canonical indices round-robin: position i goes to seat i mod 4; hands sorted. */
export function dealRoundRobin(order: readonly number[]): string[][] {
  const hands: number[][] = [[], [], [], []];
  order.forEach((index, i) => hands[i % 4]!.push(index));
  return hands.map((h) => h.sort((a, b) => a - b).map((index) => DECK[index]!.id));
}

/** Canonical indices 0..31 (the deck to shuffle). */
export const DECK_INDICES: readonly number[] = Object.freeze(DECK.map((_, i) => i));

/** The seat holding a piece, or null if no hand holds it. */
export function holderOf(hands: readonly (readonly string[])[], id: string): Seat | null {
  for (let s = 0; s < 4; s++) if (hands[s]!.includes(id)) return s as Seat;
  return null;
}
