/**
 * Types of the simple card battle: options, state, actions, refusals, events,
 * results and the per-viewer projection. Plain data only, JSON-serialisable.
 */

import type { RngState } from "../shared/prng.js";

/** The five card kinds of the game. */
export type CardKind = "strike" | "heavy_strike" | "guard" | "heal" | "draw_two";

/** One physical card: an id unique within the room (`c0`, `c1`, ...) and its kind. Never mutated. */
export interface Card {
  readonly id: string;
  readonly kind: CardKind;
}

/** How many copies of each kind one player's deck holds. */
export type DeckComposition = Record<CardKind, number>;

/** Normalised room options; every number has a default (see `DEFAULT_OPTIONS`). */
export interface CardBattleOptions {
  /** Starting and maximum HP of every player. */
  maxHp: number;
  /** The game ends by turn cap once this many turns have been started and the last one ended. */
  maxTurns: number;
  /** Cards each player draws before the first turn. */
  startingHand: number;
  /** Consecutive timeouts after which the player forfeits. */
  maxConsecutiveTimeouts: number;
  /** Per-player deck composition (always filled in after normalisation). */
  deck: DeckComposition;
  /** Damage of `strike`. */
  strikeDamage: number;
  /** Damage of `heavy_strike`. */
  heavyStrikeDamage: number;
  /** Shield gained by `guard`. */
  guardShield: number;
  /** HP restored by `heal` (capped at `maxHp`). */
  healAmount: number;
  /** Cards drawn by `draw_two`. */
  drawTwoCount: number;
}

/** What callers may pass to `normalizeOptions`/`createGame`: any subset, the deck itself possibly partial. */
export type CardBattleOptionsInput = Partial<Omit<CardBattleOptions, "deck">> & {
  deck?: Partial<DeckComposition>;
};

/** Why a player left the game. */
export type EliminationReason = "hp" | "surrender" | "timeout";

/** Why the game ended. */
export type EndReason = "last_alive" | "decks_exhausted" | "turn_cap";

/** One seat of the game. Deck top is index 0. */
export interface PlayerState {
  id: string;
  name: string;
  /** Seat index, 0-based, in the order of `playerIds`. */
  seat: number;
  hp: number;
  shield: number;
  hand: Card[];
  deck: Card[];
  discard: Card[];
  eliminated: boolean;
  eliminationReason: EliminationReason | null;
  /** Timeouts in a row without a real play or pass in between. */
  consecutiveTimeouts: number;
}

/** The whole game: a plain JSON object, RNG state included. */
export interface CardBattleState {
  /** The seed the game was created with (recorded for replays). */
  seed: string | number;
  options: CardBattleOptions;
  rng: RngState;
  /** Players in seat order. */
  players: PlayerState[];
  status: "playing" | "finished";
  /** Seat whose turn it is; when finished, the seat whose turn it was last. */
  currentSeat: number;
  /** Number of turns started so far (the current turn's number while playing). */
  turnNumber: number;
  /** Winner once finished; null while playing or on a draw. */
  winnerId: string | null;
  /** Why the game ended; null while playing. */
  endReason: EndReason | null;
}

/** A move submitted to `applyAction`. `timeout` is a system action sent when the turn timer expires. */
export type CardBattleAction =
  | { type: "play_card"; playerId: string; cardId: string; targetId?: string }
  | { type: "pass"; playerId: string }
  | { type: "surrender"; playerId: string }
  | { type: "timeout"; playerId: string };

/** Closed set of refusal codes. */
export type RuleErrorCode = "not-your-turn" | "invalid-play" | "game-over" | "not-a-player" | "eliminated";

/** A refused action: a value, never an exception. `details.reason` says why for `invalid-play`. */
export interface RuleError {
  code: RuleErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Outcome of `applyAction`: the new state and what happened, or a refusal (state untouched). */
export type ActionResult =
  | { ok: true; state: CardBattleState; events: CardBattleEvent[] }
  | { ok: false; error: RuleError };

/** Damage dealt by a card: `amount` is the card's damage, `absorbed` the part the shield took. */
export interface DamageEffect {
  type: "damage";
  target_id: string;
  amount: number;
  absorbed: number;
  hp_after: number;
  shield_after: number;
}

/** Shield gained by `guard`. */
export interface ShieldEffect {
  type: "shield";
  player_id: string;
  amount: number;
  shield_after: number;
}

/** HP restored by `heal`: `amount` is what was actually restored after the `maxHp` cap. */
export interface HealEffect {
  type: "heal";
  player_id: string;
  amount: number;
  hp_after: number;
}

/** Cards drawn by `draw_two`: `count` is what was actually drawn (fewer near an empty deck). */
export interface DrawEffect {
  type: "draw";
  player_id: string;
  count: number;
}

/** One effect of a played card. */
export type CardEffect = DamageEffect | ShieldEffect | HealEffect | DrawEffect;

/** Per-player result entry. */
export type PlayerResult = "winner" | "loser" | "draw";

/** Result as the `finished` callback wants it (the room adds `duration_seconds`). */
export interface CardBattleResult {
  winner_id: string | null;
  result_data: {
    players: Record<string, { hp: number; result: PlayerResult }>;
    /** Number of turns started during the game (see `result`). */
    turns_played: number;
  };
}

/** Everything that can happen, in the order it happens within one action. */
export type CardBattleEvent =
  | {
      type: "game_started";
      players: { player_id: string; name: string; hp: number; position: number }[];
      first_player_id: string;
    }
  | { type: "turn_started"; player_id: string; turn_number: number }
  | { type: "card_drawn"; player_id: string; count: number }
  | {
      type: "card_played";
      player_id: string;
      card: Card;
      target_id: string | null;
      effects: CardEffect[];
    }
  | { type: "player_passed"; player_id: string }
  | { type: "player_timeout"; player_id: string; auto_action: "pass"; consecutive: number }
  | { type: "player_eliminated"; player_id: string; reason: EliminationReason }
  | {
      type: "game_over";
      winner_id: string | null;
      result_data: CardBattleResult["result_data"];
      reason: EndReason;
    };

/** Bot strength: `easy` plays a random legal move, `medium` a heuristic one. */
export type BotDifficulty = "easy" | "medium";

/** What everyone may know about one player. */
export interface PublicPlayerView {
  player_id: string;
  name: string;
  position: number;
  hp: number;
  max_hp: number;
  shield: number;
  hand_size: number;
  deck_size: number;
  /** Played cards are public (they were announced in `card_played`). */
  discard: Card[];
  eliminated: boolean;
  elimination_reason: EliminationReason | null;
  consecutive_timeouts: number;
}

/** The state as one viewer may see it: own hand only, never deck order, never another's hand. */
export interface CardBattleView {
  /** The viewer (null for a spectator). */
  viewer_id: string | null;
  status: "playing" | "finished";
  turn_number: number;
  /** Null once the game is over. */
  current_player_id: string | null;
  players: PublicPlayerView[];
  /** The viewer's own hand; null for spectators and non-players. */
  hand: Card[] | null;
  /** Final result once finished, else null. */
  result: CardBattleResult | null;
  end_reason: EndReason | null;
}
