/**
 * Per-viewer projection (decision 8): all public information and only the
 * viewer's own hand. Returns fresh objects that share nothing mutable with the state.
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

function preparationView(s: LiapTuiState): PreparationView {
  const p = s.preparation;
  return {
    weakSeats: p.weakSeats.slice(),
    decisions: p.decisions.slice(),
    pendingSeats: pendingRedealSeats(s),
    cycleOpen: p.cycleOpen,
    redealsThisRound: p.redealsThisRound,
  };
}

function declarationView(s: LiapTuiState): DeclarationView {
  return {
    order: s.declarationOrder.slice(),
    currentDeclarer: currentDeclarer(s),
    declarations: s.declarations.slice(),
    total: declarationTotal(s),
  };
}

function turnView(s: LiapTuiState): TurnView | null {
  const t = s.turn;
  if (t === null) return null;
  const complete = t.winner !== null;
  return {
    turnNumber: t.number,
    leader: t.leader,
    order: t.order.slice(),
    currentPlayer: currentPlayer(s),
    requiredPieceCount: t.requiredPieceCount,
    plays: t.plays.map(publicPlay),
    winner: t.winner,
    complete,
    // while a turn is running, the last finished turn's winner is its leader (turn ≥ 2)
    lastWinner: complete ? t.winner : t.number > 1 ? t.leader : null,
  };
}

function statsView(st: GameStatistics): GameStatistics {
  return { ...st, turnsWon: st.turnsWon.slice(), perfectDeclarationsBySeat: st.perfectDeclarationsBySeat.slice() };
}

/** The game as `viewer` may see it; null = spectator (no hand at all). */
export function playerView(state: LiapTuiState, viewer: Seat | null): LiapTuiView {
  const s = state;
  const inRound = s.phase === "DECLARATION" || s.phase === "TURN" || s.phase === "SCORING";
  return {
    viewer,
    phase: s.phase,
    round: s.round,
    multiplier: s.multiplier,
    options: { ...s.options },
    scores: s.scores.slice(),
    handSizes: s.hands.map((h) => h.length),
    hand: viewer === null ? null : handOf(s, viewer),
    zeroStreaks: s.zeroStreaks.slice(),
    declarations: s.declarations.slice(),
    pileCounts: s.captured.slice(),
    starter: s.starter,
    starterReason: s.starterReason,
    awaiting: awaiting(s),
    preparation: s.phase === "PREPARATION" ? preparationView(s) : null,
    declaration: inRound ? declarationView(s) : null,
    turn: s.phase === "TURN" || s.phase === "SCORING" ? turnView(s) : null,
    roundScores: s.roundScores === null ? null : s.roundScores.map((r) => ({ ...r })),
    result:
      s.result === null
        ? null
        : { ...s.result, winners: s.result.winners.slice(), finalScores: s.result.finalScores.slice(), statistics: statsView(s.result.statistics) },
    statistics: statsView(s.stats),
  };
}
