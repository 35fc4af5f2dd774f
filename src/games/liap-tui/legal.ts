/**
 * Enumerating legal actions for a seat (used by bots and tests).
 */
import { declarationOptions } from "./phases/declaration.js";
import { MAX_LEAD } from "./phases/turn.js";
import { piecesOf } from "./pieces.js";
import { currentPlayer } from "./state.js";
import { combinations, forEachValidSubset } from "./subsets.js";
import type { LiapTuiState, Piece, Seat } from "./types.js";

/** Values `seat` may declare now; empty if it is not that seat's turn to declare. */
export function legalDeclarations(state: LiapTuiState, seat: Seat): number[] {
  return declarationOptions(state, seat);
}

/** Every valid lead (1..6 pieces forming a play type) from a hand, as id lists. */
export function validLeads(hand: readonly Piece[]): string[][] {
  const out: string[][] = [];
  forEachValidSubset(hand, 1, MAX_LEAD, (_idx, pieces) => out.push(pieces.map((p) => p.id)));
  return out;
}

/**
 * Every legal play for `seat` now, as id lists: valid leads for the leader,
 * all subsets of the required size for a follower; empty if the seat is not to play.
 */
export function legalPlays(state: LiapTuiState, seat: Seat): string[][] {
  if (currentPlayer(state) !== seat) return [];
  const hand = state.hands[seat]!;
  const required = state.turn!.requiredPieceCount;
  return required === null ? validLeads(piecesOf(hand)) : combinations(hand, required);
}
