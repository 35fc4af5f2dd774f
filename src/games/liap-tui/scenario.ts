/**
 * Games from chosen hands, for tests and scenarios only: the first deal of the
 * given round is the given hands instead of a shuffle (later deals use the seed).
 * Such games cannot be rebuilt by `replay`, which always deals from the seed.
 */
import { normalizeOptions } from "./options.js";
import { isSeat } from "./order.js";
import { beginRound } from "./phases/preparation.js";
import { DECK_SIZE, HAND_SIZE, pieceIndex } from "./pieces.js";
import { blankState, type Draft } from "./state.js";
import type { LiapTuiEvent, LiapTuiOptions, LiapTuiState, Seat } from "./types.js";

/** Input of createGameFromHands: four hands of 8 ids covering all 32 pieces, and optional history. */
export interface ScenarioInput {
  hands: readonly (readonly string[])[];
  seed?: string | number;
  options?: Partial<LiapTuiOptions>;
  /** Round to start in (default 1). */
  round?: number;
  scores?: readonly number[];
  zeroStreaks?: readonly number[];
  /** Winner of the previous round's last turn (needed for round ≥ 2 starters). */
  previousRoundLastWinner?: Seat | null;
}

function checkHands(hands: readonly (readonly string[])[]): void {
  const seen = new Set<string>();
  if (hands.length !== 4) throw new RangeError("need exactly 4 hands");
  for (const hand of hands) {
    if (hand.length !== HAND_SIZE) throw new RangeError(`each hand needs ${HAND_SIZE} pieces`);
    for (const id of hand) {
      if (pieceIndex(id) < 0 || seen.has(id)) throw new RangeError(`bad or repeated piece id ${id}`);
      seen.add(id);
    }
  }
  if (seen.size !== DECK_SIZE) throw new RangeError("hands must cover all 32 pieces");
}

/** Like startGame, but the first deal is `hands` (test/scenario helper; bypasses the seeded first deal). */
export function startGameFromHands(input: ScenarioInput): { state: LiapTuiState; events: LiapTuiEvent[] } {
  checkHands(input.hands);
  const s = blankState(input.seed ?? "scenario", normalizeOptions(input.options));
  s.round = input.round ?? 1;
  if (input.scores) s.scores = input.scores.slice();
  if (input.zeroStreaks) s.zeroStreaks = input.zeroStreaks.slice();
  const last = input.previousRoundLastWinner ?? null;
  if (last !== null && !isSeat(last)) throw new RangeError("previousRoundLastWinner must be a seat");
  s.previousRoundLastWinner = last;
  const d: Draft = { s, events: [] };
  beginRound(d, input.hands);
  return { state: d.s, events: d.events };
}

/** Like createGame, but the first deal is `hands` (test/scenario helper). */
export function createGameFromHands(input: ScenarioInput): LiapTuiState {
  return startGameFromHands(input).state;
}
