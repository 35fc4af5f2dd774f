/**
 * Setting up a game: seats, decks, opening hands and the first turn, plus the
 * events that announce it (`initialEvents`).
 */

import { seedRng, shuffle } from "../shared/prng.js";
import { buildDeck, deckSize } from "./cards.js";
import { beginTurn, drawCards } from "./flow.js";
import { normalizeOptions } from "./options.js";
import type { CardBattleEvent, CardBattleOptionsInput, CardBattleState, PlayerState } from "./types.js";

/** What `createGame` needs: the seed, seat order, optional display names and options. */
export interface CreateGameInput {
  seed: string | number;
  playerIds: string[];
  names?: Record<string, string>;
  options?: CardBattleOptionsInput;
}

/** Throws unless there are 2 to 4 distinct, non-empty player ids. */
function checkPlayerIds(playerIds: unknown): asserts playerIds is string[] {
  if (!Array.isArray(playerIds) || playerIds.length < 2 || playerIds.length > 4) {
    throw new RangeError("player_count must be 2 to 4");
  }
  if (playerIds.some((id) => typeof id !== "string" || id === "")) {
    throw new RangeError("player ids must be non-empty strings");
  }
  if (new Set(playerIds).size !== playerIds.length) throw new RangeError("player ids must be distinct");
}

/**
 * Creates a game whose first turn has begun. Card ids are assigned before shuffling,
 * seat by seat (seat 0 gets `c0`..`c23` with the default deck, in `CARD_KINDS` order),
 * then each deck is shuffled by the seeded RNG in seat order, each player draws
 * `startingHand`, and seat 0's turn 1 starts (shield expires, draws 1).
 * The events of all this come from `initialEvents(state)`.
 */
export function createGame(input: CreateGameInput): CardBattleState {
  checkPlayerIds(input.playerIds);
  if (typeof input.seed !== "string" && typeof input.seed !== "number") {
    throw new RangeError("seed must be a string or a number");
  }
  const options = normalizeOptions(input.options);
  const rng = seedRng(input.seed);
  const size = deckSize(options.deck);
  const players: PlayerState[] = input.playerIds.map((id, seat) => ({
    id,
    name: input.names?.[id] ?? id,
    seat,
    hp: options.maxHp,
    shield: 0,
    hand: [],
    deck: buildDeck(options.deck, seat * size),
    discard: [],
    eliminated: false,
    eliminationReason: null,
    consecutiveTimeouts: 0,
  }));
  for (const p of players) p.deck = shuffle(rng, p.deck);
  for (const p of players) drawCards(p, options.startingHand);

  const state: CardBattleState = {
    seed: input.seed,
    options,
    rng,
    players,
    status: "playing",
    currentSeat: 0,
    turnNumber: 0,
    winnerId: null,
    endReason: null,
  };
  beginTurn(state, 0, []);
  return state;
}

/**
 * The events of `createGame`, in order: `game_started`, one `card_drawn` per seat for
 * the opening hand, then `turn_started` for turn 1 and its `card_drawn` (if any).
 * Derived from seats and options only, so it gives the same list at any later point.
 */
export function initialEvents(state: CardBattleState): CardBattleEvent[] {
  const { options } = state;
  const size = deckSize(options.deck);
  const first = state.players[0]!;
  const events: CardBattleEvent[] = [
    {
      type: "game_started",
      players: state.players.map((p) => ({ player_id: p.id, name: p.name, hp: options.maxHp, position: p.seat })),
      first_player_id: first.id,
    },
  ];
  if (options.startingHand > 0) {
    for (const p of state.players) events.push({ type: "card_drawn", player_id: p.id, count: options.startingHand });
  }
  events.push({ type: "turn_started", player_id: first.id, turn_number: 1 });
  if (size > options.startingHand) events.push({ type: "card_drawn", player_id: first.id, count: 1 });
  return events;
}
