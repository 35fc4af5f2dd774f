/**
 * The outcome of a finished game, in the shape of the `finished` callback,
 * and what the rules do when a turn's time runs out.
 */

import { alivePlayers, currentPlayer } from "./state.js";
import type { CardBattleAction, CardBattleResult, CardBattleState, EndReason, PlayerResult } from "./types.js";

/** Ids of the alive players sharing the top HP (the winners or drawers when decks or turns run out). */
export function topHpPlayerIds(state: CardBattleState): string[] {
  const alive = alivePlayers(state);
  const top = Math.max(...alive.map((p) => p.hp));
  return alive.filter((p) => p.hp === top).map((p) => p.id);
}

/** The winner for an end reason: the last one alive, or the unique top-HP player; null on a draw. */
export function decideWinner(state: CardBattleState, reason: EndReason): string | null {
  if (reason === "last_alive") return alivePlayers(state)[0]?.id ?? null;
  const top = topHpPlayerIds(state);
  return top.length === 1 ? top[0]! : null;
}

/**
 * Result once finished, null while running. `turns_played` is the number of turns
 * started during the game, i.e. the number of the last turn (a turn counts even if
 * the game ended during it, e.g. by an out-of-turn surrender). On a draw the alive
 * players sharing the top HP get `draw`, everyone else `loser`.
 */
export function result(state: CardBattleState): CardBattleResult | null {
  if (state.status !== "finished") return null;
  const drawIds = state.winnerId === null && state.endReason !== "last_alive" ? new Set(topHpPlayerIds(state)) : new Set<string>();
  const players: Record<string, { hp: number; result: PlayerResult }> = {};
  for (const p of state.players) {
    const outcome: PlayerResult = p.id === state.winnerId ? "winner" : drawIds.has(p.id) ? "draw" : "loser";
    players[p.id] = { hp: p.hp, result: outcome };
  }
  return { winner_id: state.winnerId, result_data: { players, turns_played: state.turnNumber } };
}

/** A finished game as stored and reported (seed 000 `finished`): the rules' result plus the game's duration. */
export interface MatchResult {
  winnerId: string | null;
  winnerIds: string[];
  turnsPlayed: number;
  resultData: CardBattleResult["result_data"] & { duration_seconds: number };
}

/** The stored result of a game whose `game_over` carried `outcome`, lasting `durationSeconds`. */
export function matchResult(outcome: CardBattleResult, durationSeconds: number): MatchResult {
  return {
    winnerId: outcome.winner_id,
    winnerIds: outcome.winner_id === null ? [] : [outcome.winner_id],
    turnsPlayed: outcome.result_data.turns_played,
    resultData: { players: outcome.result_data.players, turns_played: outcome.result_data.turns_played, duration_seconds: Math.round(durationSeconds) },
  };
}

/** The action taken when the turn timer of turn `turnNumber` runs out, or null when that turn is no longer running. */
export function timeoutAction(state: CardBattleState, turnNumber: number): CardBattleAction | null {
  if (state.status !== "playing" || state.turnNumber !== turnNumber) return null;
  const playerId = currentPlayer(state);
  return playerId === undefined || playerId === null ? null : { type: "timeout", playerId };
}
