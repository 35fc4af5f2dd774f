/**
 * Constructors for rule violations (returned as values, never thrown).
 */
import type { Phase, RuleError, RuleErrorCode } from "./types.js";

/** Builds a RuleError. */
export function ruleError(code: RuleErrorCode, message: string, details?: Record<string, unknown>): RuleError {
  return details === undefined ? { code, message } : { code, message, details };
}

/** The action is not allowed in the current phase. */
export function wrongPhase(action: string, phase: Phase, extra: Record<string, unknown> = {}): RuleError {
  return ruleError("wrong-phase", `${action} is not allowed in phase ${phase}`, { phase, ...extra });
}

/** Another seat (or nobody) must act now. */
export function notYourTurn(seat: number, currentSeat: number | null): RuleError {
  const who = currentSeat === null ? "no seat is to act now" : `it is seat ${currentSeat}'s turn`;
  return ruleError("not-your-turn", `Not your turn: ${who}`, { seat, current_seat: currentSeat });
}

/** Reasons an invalid play is refused. */
export type InvalidPlayReason = "wrong-count" | "duplicate-ids" | "not-in-hand" | "invalid-combination";

/** The selected pieces cannot be played. */
export function invalidPlay(
  reason: InvalidPlayReason,
  message: string,
  requiredPieceCount: number | null,
  extra: Record<string, unknown> = {},
): RuleError {
  return ruleError("invalid-play", message, { reason, required_piece_count: requiredPieceCount, ...extra });
}

/** `advance` was sent while no display pause is pending. */
export function nothingToAdvance(phase: Phase): RuleError {
  return ruleError("nothing-to-advance", "Nothing to advance: the game is waiting for a player, or is over", { phase });
}
