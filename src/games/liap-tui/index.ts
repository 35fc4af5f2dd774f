/**
 * Liap Tui rules engine: public API for the room adapter, bots and tests.
 */
export type * from "./types.js";
export { normalizeOptions, DEFAULT_OPTIONS } from "./options.js";
export { createGame, startGame, applyAction, awaiting, replay, type CreateGameInput } from "./engine.js";
export { legalDeclarations, legalPlays } from "./legal.js";
export { classifyPlay, playStrength, beats, winningPlayIndex } from "./playTypes.js";
export { scoreRound, isGameEnd, topScorers } from "./scoring.js";
export { allowedDeclarations } from "./declarations.js";
export { botAction, mediumDeclaration, mediumPlay, mediumRedeal } from "./bots.js";
export { playerView, sharedPublicView, handOf } from "./view.js";
export { DECK, pieceById } from "./pieces.js";
export { playOrderFrom, SEATS } from "./order.js";
export { createGameFromHands, startGameFromHands, type ScenarioInput } from "./scenario.js";
export { matchResult, timeoutAction, type MatchResult, type ResultSeat } from "./outcome.js";
