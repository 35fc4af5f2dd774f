/**
 * Per-viewer projection (decision 8): all public information and only the
 * viewer's own hand. `playerView` returns fresh objects that share nothing
 * mutable with the state; `sharedPublicView` is the spectator's view for a
 * reader that never writes to it (a room after each action), sharing the
 * state's own arrays instead of copying them.
 */
import { awaiting } from "./engine.js";
import { publicPlay } from "./phases/turn.js";
import { piecesOf } from "./pieces.js";
import { currentDeclarer, currentPlayer, declarationTotal, pendingRedealSeats } from "./state.js";
import type {
  DeclarationView,
  GameStatistics,
  LiapTuiState,
  LiapTuiView,
  Piece,
  PreparationView,
  Seat,
  TurnView,
} from "./types.js";

/** The pieces in a seat's hand (for that seat's `hand_updated`; never send it to anyone else). */
export function handOf(state: LiapTuiState, seat: Seat): Piece[] {
  return piecesOf(state.hands[seat]!);
}

/** How a view takes the state's arrays: copied (`playerView`) or as they are (`sharedPublicView`). */
interface Taking {
  list<T>(items: T[]): T[];
  stats(st: GameStatistics): GameStatistics;
}

const COPIES: Taking = {
  list: (items) => items.slice(),
  stats: (st) => ({ ...st, turnsWon: st.turnsWon.slice(), perfectDeclarationsBySeat: st.perfectDeclarationsBySeat.slice() }),
};

const SHARES: Taking = {
  list: (items) => items,
  stats: (st) => st,
};

function preparationView(s: LiapTuiState, take: Taking): PreparationView {
  const p = s.preparation;
  return {
    weakSeats: take.list(p.weakSeats),
    decisions: take.list(p.decisions),
    pendingSeats: pendingRedealSeats(s),
    cycleOpen: p.cycleOpen,
    redealsThisRound: p.redealsThisRound,
  };
}

function declarationView(s: LiapTuiState, take: Taking): DeclarationView {
  return {
    order: take.list(s.declarationOrder),
    currentDeclarer: currentDeclarer(s),
    declarations: take.list(s.declarations),
    total: declarationTotal(s),
  };
}

function turnView(s: LiapTuiState, take: Taking): TurnView | null {
  const t = s.turn;
  if (t === null) return null;
  const complete = t.winner !== null;
  return {
    turnNumber: t.number,
    leader: t.leader,
    order: take.list(t.order),
    currentPlayer: currentPlayer(s),
    requiredPieceCount: t.requiredPieceCount,
    // made afresh in both views (a few short-lived objects; a WeakMap cache keyed by plays would hand the collector
    // an ephemeron table of thousands of short-lived keys)
    plays: t.plays.map(publicPlay),
    winner: t.winner,
    complete,
    // while a turn is running, the last finished turn's winner is its leader (turn ≥ 2)
    lastWinner: complete ? t.winner : t.number > 1 ? t.leader : null,
  };
}

/** The game as `viewer` may see it; null = spectator (no hand at all). */
export function playerView(state: LiapTuiState, viewer: Seat | null): LiapTuiView {
  return view(state, viewer, COPIES);
}

/**
 * The spectator's view, sharing the state's arrays instead of copying
 * them. The rules never edit a committed state (a move works on
 * `cloneState`'s copies of what it changes), so the view stays true to the
 * state it was made from; its reader must never write to it.
 */
export function sharedPublicView(state: LiapTuiState): LiapTuiView {
  return view(state, null, SHARES);
}

function view(s: LiapTuiState, viewer: Seat | null, take: Taking): LiapTuiView {
  const inRound = s.phase === "DECLARATION" || s.phase === "TURN" || s.phase === "SCORING";
  const copied = take === COPIES;
  return {
    viewer,
    phase: s.phase,
    round: s.round,
    multiplier: s.multiplier,
    options: copied ? { ...s.options } : s.options,
    scores: take.list(s.scores),
    handSizes: s.hands.map((h) => h.length),
    hand: viewer === null ? null : handOf(s, viewer),
    zeroStreaks: take.list(s.zeroStreaks),
    declarations: take.list(s.declarations),
    pileCounts: take.list(s.captured),
    starter: s.starter,
    starterReason: s.starterReason,
    awaiting: awaiting(s),
    preparation: s.phase === "PREPARATION" ? preparationView(s, take) : null,
    declaration: inRound ? declarationView(s, take) : null,
    turn: s.phase === "TURN" || s.phase === "SCORING" ? turnView(s, take) : null,
    roundScores: s.roundScores === null ? null : copied ? s.roundScores.map((r) => ({ ...r })) : s.roundScores,
    result:
      s.result === null
        ? null
        : copied
          ? { ...s.result, winners: s.result.winners.slice(), finalScores: s.result.finalScores.slice(), statistics: take.stats(s.result.statistics) }
          : s.result,
    statistics: take.stats(s.stats),
  };
}
