/**
 * Enumeration of the moves a player may make now (for bots and tests).
 */

import { isDamageCard } from "./cards.js";
import { currentPlayer, findPlayer, validTargets } from "./state.js";
import type { CardBattleAction, CardBattleState } from "./types.js";

/**
 * Every action `playerId` may submit now: on their turn one `play_card` per card in
 * hand (damage cards once per alive opponent, always with `targetId`), then `pass`,
 * then `surrender`; out of turn only `surrender`; nothing once the game is over or
 * for an eliminated or unknown player. The system action `timeout` is never listed.
 */
export function legalActions(state: CardBattleState, playerId: string): CardBattleAction[] {
  const player = findPlayer(state, playerId);
  if (state.status !== "playing" || player === undefined || player.eliminated) return [];
  const surrender: CardBattleAction = { type: "surrender", playerId };
  if (currentPlayer(state) !== playerId) return [surrender];

  const actions: CardBattleAction[] = [];
  const targets = validTargets(state, playerId);
  for (const card of player.hand) {
    if (isDamageCard(card.kind)) {
      for (const targetId of targets) actions.push({ type: "play_card", playerId, cardId: card.id, targetId });
    } else {
      actions.push({ type: "play_card", playerId, cardId: card.id });
    }
  }
  actions.push({ type: "pass", playerId }, surrender);
  return actions;
}
