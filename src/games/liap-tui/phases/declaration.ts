/**
 * DECLARATION phase: one declaration per seat in play order from the starter
 * (rules §4, decision 3). Ends by entering TURN.
 */
import { allowedDeclarations, MAX_DECLARATION, nextZeroStreak, ZERO_STREAK_LIMIT } from "../declarations.js";
import { notYourTurn, ruleError } from "../errors.js";
import { playOrderFrom } from "../order.js";
import { currentDeclarer, declarationTotal, type Draft } from "../state.js";
import type { LiapTuiState, RuleError, Seat } from "../types.js";
import { beginTurnPhase } from "./turn.js";

/** onBegin of DECLARATION (fires on the `round_start` advance). */
export function beginDeclaration(d: Draft): void {
  const s = d.s;
  if (s.starter === null) throw new Error("DECLARATION without a starter");
  s.phase = "DECLARATION";
  s.pause = null;
  s.declarationOrder = playOrderFrom(s.starter);
  d.events.push({ type: "phase", phase: "DECLARATION", round: s.round });
}

/** Values `seat` may declare now; empty if it is not that seat's turn to declare. */
export function declarationOptions(s: LiapTuiState, seat: Seat): number[] {
  if (currentDeclarer(s) !== seat) return [];
  const declaredCount = s.declarations.filter((v) => v !== null).length;
  return allowedDeclarations(declarationTotal(s), declaredCount === 3, s.zeroStreaks[seat]!);
}

function refusalReason(s: LiapTuiState, seat: Seat, value: number): { reason: string; message: string } {
  if (!Number.isInteger(value) || value < 0 || value > MAX_DECLARATION) {
    return { reason: "out-of-range", message: `A declaration must be an integer from 0 to ${MAX_DECLARATION}` };
  }
  if (value === 0 && s.zeroStreaks[seat]! >= ZERO_STREAK_LIMIT) {
    return { reason: "zero-streak", message: "No third consecutive 0: you must declare at least 1" };
  }
  return { reason: "total-eight", message: `The last declarer may not make the total exactly ${MAX_DECLARATION}` };
}

/** Move: the current declarer declares; the fourth declaration starts TURN. */
export function declare(d: Draft, seat: Seat, value: number): RuleError | null {
  const s = d.s;
  const already = s.declarations[seat];
  if (already !== null) {
    return ruleError("already-declared", `Seat ${seat} has already declared ${already} this round`, { seat, value: already });
  }
  const current = currentDeclarer(s);
  if (current !== seat) return notYourTurn(seat, current);
  const allowed = declarationOptions(s, seat);
  if (!allowed.includes(value)) {
    const { reason, message } = refusalReason(s, seat, value);
    return ruleError("invalid-declaration", message, { reason, value, allowed });
  }
  s.declarations[seat] = value;
  s.zeroStreaks[seat] = nextZeroStreak(s.zeroStreaks[seat]!, value);
  d.events.push({ type: "declared", seat, value, total: declarationTotal(s) });
  if (currentDeclarer(s) === null) beginTurnPhase(d);
  return null;
}
