/**
 * PREPARATION phase: deal, weak hands, simultaneous redeal decisions, starter
 * (rules §2.3, §3, decision 6). Ends with a `round_start` pause.
 *
 * Hook order: beginRound → deal → (decision cycle → closeCycle → deal …) → settleStarter → [advance] → DECLARATION.
 */
import { shuffle } from "../../shared/prng.js";
import { wrongPhase, ruleError } from "../errors.js";
import { playOrderFrom, SEATS } from "../order.js";
import { DECK_INDICES, GENERAL_RED_ID, dealRoundRobin, holderOf, isWeakHand, sortIds } from "../pieces.js";
import { freshPreparation, perSeat, type Draft } from "../state.js";
import type { LiapTuiState, RuleError, Seat, StarterReason } from "../types.js";

/** onBegin of every round: resets the round's fields, enters PREPARATION and deals (rigged hands only for scenarios). */
export function beginRound(d: Draft, riggedHands?: readonly (readonly string[])[]): void {
  const s = d.s;
  s.phase = "PREPARATION";
  s.pause = null;
  s.multiplier = 1;
  s.preparation = freshPreparation();
  s.starter = null;
  s.starterReason = null;
  s.declarationOrder = [];
  s.declarations = perSeat<number | null>(null);
  s.turn = null;
  s.captured = perSeat(0);
  s.lastTurnWinner = null;
  s.roundScores = null;
  d.events.push({ type: "phase", phase: "PREPARATION", round: s.round });
  deal(d, false, riggedHands);
}

/** Deals all 32 pieces, then opens a decision cycle for weak seats or settles the starter. */
function deal(d: Draft, redeal: boolean, riggedHands?: readonly (readonly string[])[]): void {
  const s = d.s;
  s.hands = riggedHands ? riggedHands.map(sortIds) : dealRoundRobin(shuffle(s.rng, DECK_INDICES));
  d.events.push({ type: "dealt", round: s.round, redeal, multiplier: s.multiplier });
  const p = s.preparation;
  p.weakSeats = SEATS.filter((seat) => isWeakHand(s.hands[seat]!));
  p.decisions = perSeat<boolean | null>(null);
  // no further offer once the per-round redeal cap is reached
  p.cycleOpen = p.weakSeats.length > 0 && p.redealsThisRound < s.options.maxRedeals;
  if (p.weakSeats.length > 0) d.events.push({ type: "weak_hands", seats: p.weakSeats.slice(), offered: p.cycleOpen });
  if (!p.cycleOpen) settleStarter(d);
}

/**
 * The round starter by the priority list of rules §2.3. While redeal decisions
 * are pending this is also the starter of record that orders tie-breaks.
 */
export function chooseStarter(s: LiapTuiState): { seat: Seat; reason: StarterReason } {
  const p = s.preparation;
  if (p.redealsThisRound > 0 && p.lastAccepter !== null) return { seat: p.lastAccepter, reason: "accepted_redeal" };
  if (s.round === 1) {
    const holder = holderOf(s.hands, GENERAL_RED_ID);
    if (holder === null) throw new Error("GENERAL_RED was not dealt");
    return { seat: holder, reason: "has_general_red" };
  }
  if (s.previousRoundLastWinner !== null) return { seat: s.previousRoundLastWinner, reason: "won_last_turn" };
  return { seat: 0, reason: "default" };
}

/** Fixes the starter and pauses for the round-start display. */
function settleStarter(d: Draft): void {
  const s = d.s;
  const { seat, reason } = chooseStarter(s);
  s.starter = seat;
  s.starterReason = reason;
  s.pause = "round_start";
  d.events.push({ type: "starter_chosen", seat, reason });
}

/** Move: a weak seat accepts or declines the redeal; the last decision of a cycle resolves it. */
export function decideRedeal(d: Draft, seat: Seat, accept: boolean): RuleError | null {
  const p = d.s.preparation;
  if (!p.cycleOpen) return wrongPhase("redeal_decision", d.s.phase, { reason: "no redeal decision is pending" });
  if (!p.weakSeats.includes(seat)) {
    return ruleError("not-weak", `Seat ${seat} has no weak hand and is not asked about a redeal`, {
      seat,
      weak_seats: p.weakSeats.slice(),
    });
  }
  const previous = p.decisions[seat];
  if (previous !== null) {
    return ruleError("already-decided", `Seat ${seat} has already ${previous ? "accepted" : "declined"} this redeal`, {
      seat,
      accept: previous,
    });
  }
  p.decisions[seat] = accept;
  d.events.push({ type: "redeal_decided", seat, accept });
  if (p.weakSeats.every((w) => p.decisions[w] !== null)) closeCycle(d);
  return null;
}

/** All weak seats decided: redeal for the first accepter in play order from the starter of record, or settle. */
function closeCycle(d: Draft): void {
  const s = d.s;
  const p = s.preparation;
  p.cycleOpen = false;
  const accepter = playOrderFrom(chooseStarter(s).seat).find((seat) => p.decisions[seat] === true);
  if (accepter === undefined) {
    settleStarter(d);
    return;
  }
  p.redealsThisRound += 1;
  p.lastAccepter = accepter;
  s.multiplier += 1;
  s.stats.redeals += 1;
  s.starter = accepter;
  s.starterReason = "accepted_redeal";
  d.events.push({ type: "redeal", accepter, multiplier: s.multiplier, redealsThisRound: p.redealsThisRound });
  deal(d, true);
}
