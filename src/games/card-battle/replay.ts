/**
 * Replaying a recorded game: the same seed, options, seats and actions always
 * give the same final state.
 */

import { applyAction } from "./engine.js";
import { createGame } from "./setup.js";
import type { CreateGameInput } from "./setup.js";
import type { CardBattleAction, CardBattleState } from "./types.js";

/** A recorded game: what `createGame` was given plus every accepted action in order. */
export interface CardBattleRecord extends CreateGameInput {
  actions: readonly CardBattleAction[];
}

/** Rebuilds the final state of a recorded game; throws an Error naming the first refused action. */
export function replay(record: CardBattleRecord): CardBattleState {
  let state = createGame(record);
  record.actions.forEach((action, index) => {
    const outcome = applyAction(state, action);
    if (!outcome.ok) {
      throw new Error(`replay: action ${index} (${action.type} by ${action.playerId}) refused: ${outcome.error.code}: ${outcome.error.message}`);
    }
    state = outcome.state;
  });
  return state;
}
