/**
 * The flow as data: for each phase, which actions it accepts and the move
 * that handles each. `advance` ends whichever display pause is pending.
 *
 * Firing order of the phase hooks over a round:
 *   beginRound (PREPARATION) → deal → [decideRedeal … closeCycle → deal]* → settleStarter
 *   → advance(round_start) → beginDeclaration → declare ×4
 *   → beginTurnPhase → startTurn → play ×4 → finishTurn → [advance(turn_result) → startTurn …]
 *   → beginScoring → advance(scoring) → GAME_OVER | beginRound (next round)
 */
import { beginDeclaration, declare } from "./phases/declaration.js";
import { decideRedeal } from "./phases/preparation.js";
import { advanceScoring } from "./phases/scoring.js";
import { advanceTurnResult, play } from "./phases/turn.js";
import type { Draft } from "./state.js";
import type { LiapTuiAction, Phase, RuleError } from "./types.js";

/** A move: mutates the draft and returns null, or returns the rule it breaks (the draft is then discarded). */
export type Move<A extends LiapTuiAction> = (d: Draft, action: A) => RuleError | null;

/** The moves a phase accepts, by action type. */
export interface PhaseDef {
  redeal_decision?: Move<Extract<LiapTuiAction, { type: "redeal_decision" }>>;
  declare?: Move<Extract<LiapTuiAction, { type: "declare" }>>;
  play?: Move<Extract<LiapTuiAction, { type: "play" }>>;
  advance?: Move<Extract<LiapTuiAction, { type: "advance" }>>;
}

/** Each phase's moves. */
export const FLOW: Readonly<Record<Phase, PhaseDef>> = {
  PREPARATION: {
    // anything but an explicit true counts as a decline (as a timeout does)
    redeal_decision: (d, a) => decideRedeal(d, a.seat, a.accept === true),
    advance: (d) => {
      beginDeclaration(d);
      return null;
    },
  },
  DECLARATION: {
    declare: (d, a) => declare(d, a.seat, a.value),
  },
  TURN: {
    play: (d, a) => play(d, a.seat, a.pieceIds),
    advance: (d) => {
      advanceTurnResult(d);
      return null;
    },
  },
  SCORING: {
    advance: (d) => {
      advanceScoring(d);
      return null;
    },
  },
  GAME_OVER: {},
};
