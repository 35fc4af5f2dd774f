/**
 * Simple card battle (`game_rules: "simple_card_battle"`), 2–4 players: the public
 * surface of the pure rules. Nothing here touches I/O, timers or a framework.
 */

import { botAction } from "./bots.js";
import { applyAction } from "./engine.js";
import { legalActions } from "./legal.js";
import { normalizeOptions } from "./options.js";
import { replay } from "./replay.js";
import { result } from "./result.js";
import { createGame, initialEvents } from "./setup.js";
import { currentPlayer } from "./state.js";
import { playerView } from "./view.js";

export { botAction } from "./bots.js";
export { CARD_KINDS, cardDamage, isDamageCard } from "./cards.js";
export { applyAction } from "./engine.js";
export { legalActions } from "./legal.js";
export { DEFAULT_DECK, DEFAULT_OPTIONS, normalizeOptions } from "./options.js";
export { replay } from "./replay.js";
export type { CardBattleRecord } from "./replay.js";
export { matchResult, result, timeoutAction, type MatchResult } from "./result.js";
export { createGame, initialEvents } from "./setup.js";
export type { CreateGameInput } from "./setup.js";
export { currentPlayer } from "./state.js";
export { playerView } from "./view.js";
export type * from "./types.js";

/** The whole game as one plain object of pure functions, for code that handles several games alike. */
export const cardBattleGame = Object.freeze({
  name: "simple_card_battle",
  normalizeOptions,
  createGame,
  initialEvents,
  applyAction,
  currentPlayer,
  legalActions,
  botAction,
  playerView,
  result,
  replay,
});
