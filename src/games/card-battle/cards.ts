/**
 * The cards: kinds, what each one does, and how a player's deck is built.
 */

import type { Card, CardBattleOptions, CardKind, DeckComposition } from "./types.js";

/** Every card kind, in the order ids are assigned when a deck is built. */
export const CARD_KINDS: readonly CardKind[] = Object.freeze([
  "strike",
  "heavy_strike",
  "guard",
  "heal",
  "draw_two",
] as const);

/** True for the kinds that deal damage to a target (and so need one). */
export function isDamageCard(kind: CardKind): boolean {
  return kind === "strike" || kind === "heavy_strike";
}

/** Damage a kind deals under the given options (0 for non-damage kinds). */
export function cardDamage(kind: CardKind, options: CardBattleOptions): number {
  if (kind === "strike") return options.strikeDamage;
  if (kind === "heavy_strike") return options.heavyStrikeDamage;
  return 0;
}

/** Number of cards in one player's deck. */
export function deckSize(composition: DeckComposition): number {
  return CARD_KINDS.reduce((sum, kind) => sum + composition[kind], 0);
}

/** Builds one unshuffled deck in `CARD_KINDS` order, ids `c<firstIndex>`, `c<firstIndex+1>`, ... */
export function buildDeck(composition: DeckComposition, firstIndex: number): Card[] {
  const cards: Card[] = [];
  for (const kind of CARD_KINDS) {
    for (let i = 0; i < composition[kind]; i++) cards.push({ id: `c${firstIndex + cards.length}`, kind });
  }
  return cards;
}
