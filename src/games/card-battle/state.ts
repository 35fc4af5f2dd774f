/**
 * Read-only queries on a card battle state, plus the one copy step that lets
 * the engine work on a draft without touching the caller's state.
 */

import { cloneRng } from "../shared/prng.js";
import type { CardBattleState, PlayerState } from "./types.js";

/**
 * Copies what an action may change in place: the state, the rng and each
 * player's record. A player's hand, deck and discard pile are shared with
 * the input: a move that changes one of them gives the draft a new array
 * (effects.ts, flow.ts), never edits it. So an unchanged pile is the same
 * array from step to step (the room's hand sync skips it by identity), and
 * a step copies no pile it does not touch. Cards and options are shared
 * because nothing mutates them. Tests deep-freeze input states to prove no
 * move writes into a shared part.
 */
export function cloneState(state: CardBattleState): CardBattleState {
  return {
    ...state,
    rng: cloneRng(state.rng),
    players: state.players.map((p) => ({ ...p })),
  };
}

/** The player with this id, or undefined. */
export function findPlayer(state: CardBattleState, playerId: unknown): PlayerState | undefined {
  if (typeof playerId !== "string") return undefined;
  return state.players.find((p) => p.id === playerId);
}

/** Players still in the game, in seat order. */
export function alivePlayers(state: CardBattleState): PlayerState[] {
  return state.players.filter((p) => !p.eliminated);
}

/** The first alive seat after `seat`, cycling; `seat` itself if it is the only one alive. */
export function nextAliveSeat(state: CardBattleState, seat: number): number {
  const n = state.players.length;
  for (let step = 1; step <= n; step++) {
    const candidate = (seat + step) % n;
    if (!state.players[candidate]!.eliminated) return candidate;
  }
  return seat;
}

/** Id of the player whose turn it is, or null when the game is over. */
export function currentPlayer(state: CardBattleState): string | null {
  if (state.status !== "playing") return null;
  return state.players[state.currentSeat]!.id;
}

/** Ids of the alive opponents of `playerId`, in seat order: the valid targets of a damage card. */
export function validTargets(state: CardBattleState, playerId: string): string[] {
  return state.players.filter((p) => !p.eliminated && p.id !== playerId).map((p) => p.id);
}
