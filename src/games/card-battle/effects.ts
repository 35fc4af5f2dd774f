/**
 * What happens when a card is played, on a draft state: the card goes from hand
 * to discard, its effect applies, and the events describe it.
 */

import { cardDamage } from "./cards.js";
import { drawCards, eliminate } from "./flow.js";
import type { Card, CardBattleEvent, CardBattleState, CardEffect, DamageEffect, PlayerState } from "./types.js";

/** Deals `amount` damage to `target`, shield first; returns the effect (HP never below 0). */
function dealDamage(target: PlayerState, amount: number): DamageEffect {
  const absorbed = Math.min(target.shield, amount);
  target.shield -= absorbed;
  target.hp = Math.max(0, target.hp - (amount - absorbed));
  return { type: "damage", target_id: target.id, amount, absorbed, hp_after: target.hp, shield_after: target.shield };
}

/** Applies the card's own effect and returns its effect list (one entry per card). */
function cardEffects(draft: CardBattleState, player: PlayerState, card: Card, target: PlayerState | null): CardEffect[] {
  const { options } = draft;
  switch (card.kind) {
    case "strike":
    case "heavy_strike":
      return [dealDamage(target!, cardDamage(card.kind, options))];
    case "guard":
      player.shield += options.guardShield;
      return [{ type: "shield", player_id: player.id, amount: options.guardShield, shield_after: player.shield }];
    case "heal": {
      const before = player.hp;
      player.hp = Math.min(options.maxHp, player.hp + options.healAmount);
      return [{ type: "heal", player_id: player.id, amount: player.hp - before, hp_after: player.hp }];
    }
    case "draw_two":
      return [{ type: "draw", player_id: player.id, count: drawCards(player, options.drawTwoCount) }];
  }
}

/**
 * Plays `card` (already checked to be in `player`'s hand) at `target` (the resolved
 * opponent for a damage card, null otherwise). Events in order: `card_played`, then
 * `card_drawn` if `draw_two` drew anything, then `player_eliminated` if the target fell.
 */
export function playCard(
  draft: CardBattleState,
  player: PlayerState,
  card: Card,
  target: PlayerState | null,
  events: CardBattleEvent[],
): void {
  // new arrays, never edits: the input state shares its piles with the draft (state.ts, cloneState)
  player.hand = player.hand.filter((c) => c.id !== card.id);
  player.discard = [...player.discard, card];
  const effects = cardEffects(draft, player, card, target);
  events.push({ type: "card_played", player_id: player.id, card: { id: card.id, kind: card.kind }, target_id: target?.id ?? null, effects });
  for (const effect of effects) {
    if (effect.type === "draw" && effect.count > 0) {
      events.push({ type: "card_drawn", player_id: player.id, count: effect.count });
    }
  }
  if (target !== null && target.hp === 0 && !target.eliminated) eliminate(draft, target, "hp", events);
}
