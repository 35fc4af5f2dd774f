/**
 * Bots (decision 11): `medium` follows the reference policy of rules §7,
 * `easy` picks uniformly random legal actions. Bot randomness comes from the
 * caller's RNG (not the game's): the chosen action is what goes in the log.
 */
import { nextFloat, pick, shuffle, type RngState } from "../shared/prng.js";
import { awaiting } from "./engine.js";
import { legalDeclarations, validLeads } from "./legal.js";
import { MAX_LEAD } from "./phases/turn.js";
import { piecesOf } from "./pieces.js";
import { forEachValidSubset } from "./subsets.js";
import type { BotDifficulty, LiapTuiAction, LiapTuiState, Piece, PlayType, Seat } from "./types.js";

/** Types counted as "strong combos" by the medium declaration policy (§7.1 step 2). */
const STRONG_COMBO_TYPES: ReadonlySet<PlayType> = new Set<PlayType>([
  "THREE_OF_A_KIND",
  "STRAIGHT",
  "FOUR_OF_A_KIND",
  "EXTENDED_STRAIGHT",
  "FIVE_OF_A_KIND",
  "DOUBLE_STRAIGHT",
]);

/** Highest value the medium policy picks on its own. */
const MEDIUM_MAX_DECLARATION = 7;

/** The raw declaration estimate of §7.1 steps 1–4 (clamped to 1..7). */
export function mediumDeclarationEstimate(hand: readonly Piece[], declaresFirst: boolean): number {
  const hasHigh = hand.some((p) => p.point >= 9);
  const hasMid = hand.some((p) => p.point >= 7 && p.point <= 8);
  let combos = 0;
  let strongOpening = hand.some((p) => p.rank === "GENERAL");
  forEachValidSubset(hand, 1, MAX_LEAD, (_idx, _pieces, type, total) => {
    if (STRONG_COMBO_TYPES.has(type)) combos += 1;
    if ((type === "STRAIGHT" || type === "EXTENDED_STRAIGHT") && total >= 20) strongOpening = true;
  });
  let score = combos + (strongOpening ? 1 : 0) + (declaresFirst ? 1 : 0);
  if (!hasHigh && combos === 0) score = 0;
  else if (score === 0 && hasMid) score = 1;
  return Math.min(MEDIUM_MAX_DECLARATION, Math.max(1, score));
}

/** The medium bot's declaration: the estimate if allowed, else the nearest end of the allowed values (§7.1 steps 5–6). */
export function mediumDeclaration(state: LiapTuiState, seat: Seat): number {
  const estimate = mediumDeclarationEstimate(piecesOf(state.hands[seat]!), state.declarationOrder[0] === seat);
  const allowed = legalDeclarations(state, seat).filter((v) => v <= MEDIUM_MAX_DECLARATION);
  if (allowed.includes(estimate)) return estimate;
  const largest = Math.max(...allowed);
  return estimate > largest ? largest : Math.min(...allowed);
}

/** The medium bot's play (§7.2): the valid subset with the largest total, else the lowest pieces. */
export function mediumPlay(state: LiapTuiState, seat: Seat): string[] {
  const hand = piecesOf(state.hands[seat]!);
  const required = state.turn!.requiredPieceCount;
  const [minSize, maxSize] = required === null ? [1, MAX_LEAD] : [required, required];
  let bestIds: string[] | null = null;
  let bestTotal = -1;
  forEachValidSubset(hand, minSize, maxSize, (_idx, pieces, _type, total) => {
    // equal totals: the smaller size wins, then the first found
    if (bestIds === null || total > bestTotal || (total === bestTotal && pieces.length < bestIds.length)) {
      bestIds = pieces.map((p) => p.id);
      bestTotal = total;
    }
  });
  if (bestIds !== null) return bestIds;
  return hand
    .slice()
    .sort((a, b) => a.point - b.point)
    .slice(0, required ?? 1)
    .map((p) => p.id);
}

/** The medium bot's redeal decision (§7.3): accept with 0.8, or 0.4 late in the game when well ahead. */
export function mediumRedeal(state: LiapTuiState, seat: Seat, rng: RngState): boolean {
  const mine = state.scores[seat]!;
  const bestOpponent = Math.max(...state.scores.filter((_, s) => s !== seat));
  const probability = state.round > 10 && mine - bestOpponent > 10 ? 0.4 : 0.8;
  return nextFloat(rng) < probability;
}

function easyPlay(state: LiapTuiState, seat: Seat, rng: RngState): string[] {
  const hand = state.hands[seat]!;
  const required = state.turn!.requiredPieceCount;
  if (required === null) return pick(rng, validLeads(piecesOf(hand)));
  return shuffle(rng, hand).slice(0, required);
}

/** The action a bot takes for `seat`; throws if the game is not waiting for that seat (a caller bug). */
export function botAction(state: LiapTuiState, seat: Seat, difficulty: BotDifficulty, rng: RngState): LiapTuiAction {
  const wait = awaiting(state);
  if (wait.kind !== "actors" || !wait.seats.includes(seat)) {
    throw new Error(`botAction: seat ${seat} does not have to act now (awaiting ${JSON.stringify(wait)})`);
  }
  const easy = difficulty === "easy";
  switch (wait.action) {
    case "redeal_decision":
      return { type: "redeal_decision", seat, accept: easy ? nextFloat(rng) < 0.5 : mediumRedeal(state, seat, rng) };
    case "declare":
      return { type: "declare", seat, value: easy ? pick(rng, legalDeclarations(state, seat)) : mediumDeclaration(state, seat) };
    case "play":
      return { type: "play", seat, pieceIds: easy ? easyPlay(state, seat, rng) : mediumPlay(state, seat) };
  }
}
