/**
 * State plumbing: the initial state, a cheap deep copy, the mutable draft an
 * action works on, and read-only queries about who acts now.
 */
import { seedRng } from "../shared/prng.js";
import type {
  GameStatistics,
  LiapTuiEvent,
  LiapTuiOptions,
  LiapTuiState,
  PreparationState,
  Seat,
} from "./types.js";

/** The copy an action mutates, and the events it has produced so far. */
export interface Draft {
  s: LiapTuiState;
  events: LiapTuiEvent[];
}

/** Four zeros, one per seat. */
export function perSeat<T>(value: T): T[] {
  return [value, value, value, value];
}

/** Preparation bookkeeping for a fresh round. */
export function freshPreparation(): PreparationState {
  return { weakSeats: [], decisions: perSeat<boolean | null>(null), cycleOpen: false, redealsThisRound: 0, lastAccepter: null };
}

/** A state before the first deal (round 1, nothing dealt); the caller starts round 1 on it. */
export function blankState(seed: string | number, options: LiapTuiOptions): LiapTuiState {
  return {
    seed,
    options: { ...options },
    rng: seedRng(seed),
    phase: "PREPARATION",
    pause: null,
    round: 1,
    multiplier: 1,
    hands: [[], [], [], []],
    scores: perSeat(0),
    zeroStreaks: perSeat(0),
    preparation: freshPreparation(),
    starter: null,
    starterReason: null,
    declarationOrder: [],
    declarations: perSeat<number | null>(null),
    turn: null,
    captured: perSeat(0),
    lastTurnWinner: null,
    previousRoundLastWinner: null,
    roundScores: null,
    result: null,
    stats: { totalTurns: 0, redeals: 0, perfectDeclarations: 0, turnsWon: perSeat(0), perfectDeclarationsBySeat: perSeat(0) },
  };
}

function cloneStats(st: GameStatistics): GameStatistics {
  return { ...st, turnsWon: st.turnsWon.slice(), perfectDeclarationsBySeat: st.perfectDeclarationsBySeat.slice() };
}

/**
 * Copy of a state for one action to mutate. Only what moves mutate in place is
 * copied; the rest is shared with the input because moves always replace it
 * with a new value instead of editing it:
 * - copied: rng, the outer per-seat arrays, preparation (+ decisions), turn (+ plays list), stats;
 * - shared: options, each hand, weakSeats, declarationOrder, turn.order,
 *   each TurnPlay, roundScores, result.
 * Tests deep-freeze input states to prove no move writes into shared parts.
 */
export function cloneState(s: LiapTuiState): LiapTuiState {
  const p = s.preparation;
  const t = s.turn;
  return {
    seed: s.seed,
    options: s.options,
    rng: { a: s.rng.a, b: s.rng.b, c: s.rng.c, d: s.rng.d },
    phase: s.phase,
    pause: s.pause,
    round: s.round,
    multiplier: s.multiplier,
    hands: s.hands.slice(),
    scores: s.scores.slice(),
    zeroStreaks: s.zeroStreaks.slice(),
    preparation: {
      weakSeats: p.weakSeats,
      decisions: p.decisions.slice(),
      cycleOpen: p.cycleOpen,
      redealsThisRound: p.redealsThisRound,
      lastAccepter: p.lastAccepter,
    },
    starter: s.starter,
    starterReason: s.starterReason,
    declarationOrder: s.declarationOrder,
    declarations: s.declarations.slice(),
    turn:
      t === null
        ? null
        : { number: t.number, leader: t.leader, order: t.order, requiredPieceCount: t.requiredPieceCount, plays: t.plays.slice(), winner: t.winner },
    captured: s.captured.slice(),
    lastTurnWinner: s.lastTurnWinner,
    previousRoundLastWinner: s.previousRoundLastWinner,
    roundScores: s.roundScores,
    result: s.result,
    stats: cloneStats(s.stats),
  };
}

/** The seat that must declare now, or null outside DECLARATION. */
export function currentDeclarer(s: LiapTuiState): Seat | null {
  if (s.phase !== "DECLARATION") return null;
  for (const seat of s.declarationOrder) if (s.declarations[seat] === null) return seat;
  return null;
}

/** The seat that must play now, or null (outside TURN, or during the turn-result pause). */
export function currentPlayer(s: LiapTuiState): Seat | null {
  if (s.phase !== "TURN" || s.pause !== null || s.turn === null) return null;
  return s.turn.order[s.turn.plays.length] ?? null;
}

/** Sum of the declarations made so far this round. */
export function declarationTotal(s: LiapTuiState): number {
  let total = 0;
  for (const d of s.declarations) total += d ?? 0;
  return total;
}

/** Weak seats that still have to decide in the open redeal cycle. */
export function pendingRedealSeats(s: LiapTuiState): Seat[] {
  const p = s.preparation;
  return p.cycleOpen ? p.weakSeats.filter((seat) => p.decisions[seat] === null) : [];
}
