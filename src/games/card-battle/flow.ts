/**
 * Turn flow on a draft state (a copy made by `cloneState`, never the caller's):
 * drawing, starting turns, eliminating players and checking the end of the game.
 *
 * Order of the steps after any accepted action (`settle`):
 *   1. only one player alive          → game over, `last_alive`
 *   2. every alive player has neither deck nor hand → game over, `decks_exhausted`
 *   3. if the turn is over: `maxTurns` turns started → game over, `turn_cap`
 *   4. if the turn is over: the next alive seat starts its turn (shield expires, draws 1)
 */

import { result, decideWinner } from "./result.js";
import { alivePlayers, nextAliveSeat } from "./state.js";
import type { CardBattleEvent, CardBattleState, EliminationReason, EndReason, PlayerState } from "./types.js";

/** Moves up to `count` cards from the top of the deck to the hand (as new arrays: see cloneState); returns how many moved. */
export function drawCards(player: PlayerState, count: number): number {
  const drawn = player.deck.slice(0, Math.max(0, count));
  if (drawn.length === 0) return 0;
  player.deck = player.deck.slice(drawn.length);
  player.hand = [...player.hand, ...drawn];
  return drawn.length;
}

/** Starts the turn of `seat`: turn number +1, their shield expires, they draw 1 if they can. */
export function beginTurn(draft: CardBattleState, seat: number, events: CardBattleEvent[]): void {
  const player = draft.players[seat]!;
  draft.currentSeat = seat;
  draft.turnNumber += 1;
  player.shield = 0;
  events.push({ type: "turn_started", player_id: player.id, turn_number: draft.turnNumber });
  const drawn = drawCards(player, 1);
  if (drawn > 0) events.push({ type: "card_drawn", player_id: player.id, count: drawn });
}

/** Takes a player out: HP and shield 0, skipped from now on. */
export function eliminate(
  draft: CardBattleState,
  player: PlayerState,
  reason: EliminationReason,
  events: CardBattleEvent[],
): void {
  player.hp = 0;
  player.shield = 0;
  player.eliminated = true;
  player.eliminationReason = reason;
  events.push({ type: "player_eliminated", player_id: player.id, reason });
}

/** Ends the game for `reason` and announces the result. */
function finish(draft: CardBattleState, reason: EndReason, events: CardBattleEvent[]): void {
  draft.status = "finished";
  draft.endReason = reason;
  draft.winnerId = decideWinner(draft, reason);
  const outcome = result(draft)!;
  events.push({ type: "game_over", winner_id: outcome.winner_id, result_data: outcome.result_data, reason });
}

/** Applies the end checks and, when `turnOver`, hands the turn to the next alive seat (see the module comment). */
export function settle(draft: CardBattleState, turnOver: boolean, events: CardBattleEvent[]): void {
  const alive = alivePlayers(draft);
  if (alive.length <= 1) return finish(draft, "last_alive", events);
  if (alive.every((p) => p.deck.length === 0 && p.hand.length === 0)) return finish(draft, "decks_exhausted", events);
  if (!turnOver) return;
  if (draft.turnNumber >= draft.options.maxTurns) return finish(draft, "turn_cap", events);
  beginTurn(draft, nextAliveSeat(draft, draft.currentSeat), events);
}
