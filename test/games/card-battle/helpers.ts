/**
 * Test helpers for the card battle: build games, rig hands and decks from a
 * player's own cards (so ids stay conserved), and apply actions with assertions.
 */

import assert from "node:assert/strict";
import { applyAction, createGame } from "../../../src/games/card-battle/index.js";
import type {
  CardBattleAction,
  CardBattleEvent,
  CardBattleOptionsInput,
  CardBattleState,
  CardKind,
  RuleError,
  RuleErrorCode,
} from "../../../src/games/card-battle/index.js";

/** Player ids used by the tests, in seat order. */
export const IDS = ["p1", "p2", "p3", "p4"] as const;

/** A fresh game with `count` players `p1`..`pN`; it is p1's turn 1. */
export function newGame(count = 2, options?: CardBattleOptionsInput, seed: string | number = "test"): CardBattleState {
  return createGame({ seed, playerIds: IDS.slice(0, count), options });
}

/** Deep-freezes a value so any mutation of it throws (ES modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A deep copy that can be changed freely. */
function copy(state: CardBattleState): CardBattleState {
  return structuredClone(state);
}

/**
 * Redistributes one player's own 24 cards: `hand` and `deck` (top first) get cards of
 * the listed kinds, everything else goes to the discard pile. Ids stay conserved.
 */
export function arrange(
  state: CardBattleState,
  playerId: string,
  piles: { hand?: CardKind[]; deck?: CardKind[] },
): CardBattleState {
  const next = copy(state);
  const player = next.players.find((p) => p.id === playerId)!;
  const pool = [...player.hand, ...player.deck, ...player.discard];
  const take = (kind: CardKind) => {
    const index = pool.findIndex((c) => c.kind === kind);
    assert.ok(index >= 0, `arrange: ${playerId} has no spare ${kind}`);
    return pool.splice(index, 1)[0]!;
  };
  player.hand = (piles.hand ?? []).map(take);
  player.deck = (piles.deck ?? []).map(take);
  player.discard = pool;
  return next;
}

/** Sets HP/shield (and optionally other fields) of one player on a copy. */
export function patchPlayer(
  state: CardBattleState,
  playerId: string,
  patch: Partial<{ hp: number; shield: number; consecutiveTimeouts: number }>,
): CardBattleState {
  const next = copy(state);
  Object.assign(next.players.find((p) => p.id === playerId)!, patch);
  return next;
}

/** The id of the first card of `kind` in the player's hand. */
export function cardIn(state: CardBattleState, playerId: string, kind: CardKind): string {
  const card = state.players.find((p) => p.id === playerId)!.hand.find((c) => c.kind === kind);
  assert.ok(card, `${playerId} holds no ${kind}`);
  return card.id;
}

/** The player record by id. */
export function player(state: CardBattleState, playerId: string) {
  const p = state.players.find((q) => q.id === playerId);
  assert.ok(p, `no player ${playerId}`);
  return p;
}

/** Applies an action that must be accepted; the input is frozen to prove it is not mutated. */
export function apply(state: CardBattleState, action: CardBattleAction): { state: CardBattleState; events: CardBattleEvent[] } {
  const outcome = applyAction(deepFreeze(state), action);
  if (!outcome.ok) assert.fail(`expected ${action.type} by ${action.playerId} to be accepted: ${JSON.stringify(outcome.error)}`);
  return { state: outcome.state, events: outcome.events };
}

/** Applies an action that must be refused with `code` (and `reason`, if given); checks the state is untouched. */
export function refuse(state: CardBattleState, action: CardBattleAction, code: RuleErrorCode, reason?: string): RuleError {
  const before = structuredClone(state);
  const outcome = applyAction(state, action);
  assert.equal(outcome.ok, false, `expected ${action.type} by ${action.playerId} to be refused`);
  if (outcome.ok) throw new Error("unreachable");
  assert.equal(outcome.error.code, code);
  if (reason !== undefined) assert.equal(outcome.error.details?.reason, reason);
  assert.ok(outcome.error.message.length > 0);
  assert.deepEqual(state, before);
  return outcome.error;
}

/** Plays passes until it is `playerId`'s turn (at most one round). */
export function passUntil(state: CardBattleState, playerId: string): CardBattleState {
  let s = state;
  for (let i = 0; i < s.players.length && s.players[s.currentSeat]!.id !== playerId; i++) {
    s = apply(s, { type: "pass", playerId: s.players[s.currentSeat]!.id }).state;
  }
  assert.equal(s.players[s.currentSeat]!.id, playerId);
  return s;
}

/** Event types in order, for compact assertions. */
export function types(events: CardBattleEvent[]): string[] {
  return events.map((e) => e.type);
}
