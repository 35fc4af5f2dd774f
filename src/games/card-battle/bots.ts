/**
 * Bots for the card battle. They read only what their seat may know (own hand,
 * public HP/shields/sizes) and draw any randomness from the RNG they are given,
 * never from the game's own RNG.
 */

import { pick } from "../shared/prng.js";
import type { RngState } from "../shared/prng.js";
import { cardDamage } from "./cards.js";
import { legalActions } from "./legal.js";
import { findPlayer } from "./state.js";
import type { BotDifficulty, Card, CardBattleAction, CardBattleState, CardKind, PlayerState } from "./types.js";

/** HP plus shield: the damage it takes to eliminate a player right now. */
function effectiveHp(p: PlayerState): number {
  return p.hp + p.shield;
}

/** The opponents with the lowest effective HP among `candidates`, one picked at random on ties. */
function weakest(candidates: PlayerState[], rng: RngState): PlayerState {
  const low = Math.min(...candidates.map(effectiveHp));
  return pick(rng, candidates.filter((p) => effectiveHp(p) === low));
}

/**
 * Medium heuristic, first rule that applies:
 * 1. a damage card that eliminates an opponent (the smaller card if both do), at the weakest such;
 * 2. heal when HP is at or below 40% of max;
 * 3. draw_two when the hand is small (≤ 2 cards) and the deck is not empty;
 * 4. heavy_strike at the weakest opponent;
 * 5. guard when facing damage (HP ≤ max(half of max HP, the opponents' heavy strikes together));
 * 6. strike at the weakest opponent;
 * 7. heal when it restores in full; 8. guard; 9. draw_two if the deck is not empty;
 * 10. heal if anything is missing; otherwise play a leftover card only once the deck is
 *     empty (so the game can end by exhausted decks), else pass and keep it.
 */
function mediumAction(state: CardBattleState, me: PlayerState, rng: RngState): CardBattleAction {
  const { options } = state;
  const opponents = state.players.filter((p) => !p.eliminated && p.id !== me.id);
  const held = (kind: CardKind): Card | undefined => me.hand.find((c) => c.kind === kind);
  const play = (card: Card, target?: PlayerState): CardBattleAction =>
    target === undefined
      ? { type: "play_card", playerId: me.id, cardId: card.id }
      : { type: "play_card", playerId: me.id, cardId: card.id, targetId: target.id };

  const attacks = (["strike", "heavy_strike"] as const)
    .filter((kind) => held(kind) !== undefined)
    .sort((a, b) => cardDamage(a, options) - cardDamage(b, options));
  for (const kind of attacks) {
    const killable = opponents.filter((p) => effectiveHp(p) <= cardDamage(kind, options));
    if (killable.length > 0) return play(held(kind)!, weakest(killable, rng));
  }

  const heal = held("heal");
  const guard = held("guard");
  const drawTwo = held("draw_two");
  const heavy = held("heavy_strike");
  const strike = held("strike");
  const missing = options.maxHp - me.hp;
  const threat = Math.max(options.maxHp / 2, opponents.length * options.heavyStrikeDamage);

  if (heal && missing > 0 && me.hp <= options.maxHp * 0.4) return play(heal);
  if (drawTwo && me.hand.length <= 2 && me.deck.length > 0) return play(drawTwo);
  if (heavy) return play(heavy, weakest(opponents, rng));
  if (guard && me.hp <= threat) return play(guard);
  if (strike) return play(strike, weakest(opponents, rng));
  if (heal && missing >= options.healAmount) return play(heal);
  if (guard) return play(guard);
  if (drawTwo && me.deck.length > 0) return play(drawTwo);
  if (heal && missing > 0) return play(heal);
  if (me.deck.length === 0 && me.hand.length > 0) return play(me.hand[0]!);
  return { type: "pass", playerId: me.id };
}

/**
 * The move a bot makes for `playerId` on its turn: `easy` picks uniformly among the
 * legal plays and pass (never surrender), `medium` follows the heuristic above.
 * `rng` is advanced in place. Throws a RangeError if it is not that player's turn.
 */
export function botAction(
  state: CardBattleState,
  playerId: string,
  difficulty: BotDifficulty,
  rng: RngState,
): CardBattleAction {
  if (difficulty !== "easy" && difficulty !== "medium") throw new RangeError(`unknown bot difficulty ${String(difficulty)}`);
  const choices = legalActions(state, playerId).filter((a) => a.type !== "surrender");
  if (choices.length === 0) throw new RangeError(`bot ${playerId} cannot act now: not its turn or the game is over`);
  if (difficulty === "easy") return pick(rng, choices);
  return mediumAction(state, findPlayer(state, playerId)!, rng);
}
