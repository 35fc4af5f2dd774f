/**
 * Seed 003 payloads built from the rules engine's per-viewer projection.
 * Pure functions: the room decides when to send them; these decide what they
 * say. Players are named by their seat names, as the seed does.
 */
import type { LiapTuiView, Piece, PublicPlay, ScoreRow, Seat, GameResult, LiapTuiAction } from "../../src/games/liap-tui/index.js";

/** What the wire needs to know about a seat besides the game state. */
export interface SeatInfo {
  position: Seat;
  name: string;
  isBot: boolean;
  connected: boolean;
}

/** The running timer, for client countdowns. */
export interface TimerInfo {
  kind: string;
  /** Epoch milliseconds. */
  deadline: number;
  timeoutSeconds: number;
}

/** A piece as the seed sends it. */
export interface WirePiece {
  id: string;
  rank: string;
  color: string;
  point: number;
}

/** `{id, rank, color, point}`. */
export function wirePiece(piece: Piece): WirePiece {
  return { id: piece.id, rank: piece.rank, color: piece.color, point: piece.point };
}

/** Maps seats to a `{name: value}` record. */
function byName<T>(seats: readonly SeatInfo[], value: (seat: Seat) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const seat of seats) out[seat.name] = value(seat.position);
  return out;
}

function nameOf(seats: readonly SeatInfo[], seat: Seat | null | undefined): string | null {
  if (seat === null || seat === undefined) return null;
  return seats[seat]?.name ?? null;
}

/** The seed's `game_state`: round and turn numbers, players, scores and pile counts. */
export function wireGameState(view: LiapTuiView, seats: readonly SeatInfo[]) {
  return {
    phase: view.phase,
    round_number: view.round,
    turn_number: view.turn?.turnNumber ?? 0,
    redeal_multiplier: view.multiplier,
    players: seats.map((seat) => ({
      name: seat.name,
      position: seat.position,
      score: view.scores[seat.position] ?? 0,
      is_active: seat.connected || seat.isBot,
      is_bot: seat.isBot,
      connected: seat.connected,
      hand_size: view.handSizes[seat.position] ?? 0,
      declared: view.declarations[seat.position],
      captured: view.pileCounts[seat.position] ?? 0,
      zero_declares_in_a_row: view.zeroStreaks[seat.position] ?? 0,
    })),
    scores: byName(seats, (s) => view.scores[s] ?? 0),
    pile_counts: byName(seats, (s) => view.pileCounts[s] ?? 0),
  };
}

/** A play with its full pieces. */
function wirePlay(play: PublicPlay) {
  return { pieces: play.pieces.map(wirePiece), play_type: play.playType, piece_count: play.pieces.length };
}

/** The round's scoring by player name. */
function wireRoundScores(rows: readonly ScoreRow[], seats: readonly SeatInfo[]) {
  return Object.fromEntries(rows.map((row) => [nameOf(seats, row.seat), wireScoreRow(row)]));
}

/** One row of the round's scoring, with the seed's and the reference's names. */
function wireScoreRow(row: ScoreRow) {
  return {
    declared: row.declared,
    captured: row.captured,
    actual: row.captured,
    base_score: row.base,
    bonus: row.bonus,
    hit_value: row.hitValue,
    multiplier: row.multiplier,
    round_score: row.roundScore,
    final_score: row.roundScore,
    total_score: row.total,
  };
}

/** The seed's `phase_data` for the view's phase. */
export function wirePhaseData(view: LiapTuiView, seats: readonly SeatInfo[], timer: TimerInfo | null): Record<string, unknown> {
  const data: Record<string, unknown> = { round_number: view.round, redeal_multiplier: view.multiplier };
  if (timer !== null) {
    data.timer = timer.kind;
    data.deadline = timer.deadline;
    data.timeout_seconds = timer.timeoutSeconds;
  }
  if (view.awaiting.kind === "advance") data.display_pause = view.awaiting.reason;

  switch (view.phase) {
    case "PREPARATION": {
      const prep = view.preparation;
      data.weak_hands = (prep?.weakSeats ?? []).map((s) => nameOf(seats, s));
      data.waiting_for_decisions = prep?.cycleOpen ?? false;
      data.pending_decisions = (prep?.pendingSeats ?? []).map((s) => nameOf(seats, s));
      data.redeal_decisions = byName(seats, (s) => {
        const decision = prep?.decisions[s];
        return decision === true ? "accept" : decision === false ? "decline" : null;
      });
      data.redeals_this_round = prep?.redealsThisRound ?? 0;
      data.starter = nameOf(seats, view.starter);
      data.starter_reason = view.starterReason;
      data.current_starter = data.starter;
      break;
    }
    case "DECLARATION": {
      const decl = view.declaration;
      data.starter = nameOf(seats, view.starter);
      data.starter_reason = view.starterReason;
      data.declaration_order = (decl?.order ?? []).map((s) => nameOf(seats, s));
      data.current_declarer = nameOf(seats, decl?.currentDeclarer);
      data.declarations = declarationsByName(view, seats);
      data.declaration_total = decl?.total ?? 0;
      break;
    }
    case "TURN":
    case "SCORING": {
      const turn = view.turn;
      if (turn !== null) {
        data.current_player = nameOf(seats, turn.currentPlayer);
        data.turn_number = turn.turnNumber;
        data.turn_starter = nameOf(seats, turn.leader);
        data.turn_order = turn.order.map((s) => nameOf(seats, s));
        data.required_piece_count = turn.requiredPieceCount;
        data.current_plays = Object.fromEntries(turn.plays.map((play) => [nameOf(seats, play.seat), wirePlay(play)]));
        data.last_winner = nameOf(seats, turn.lastWinner);
        data.turn_complete = turn.complete;
        data.turn_winner = nameOf(seats, turn.winner);
      }
      data.declarations = declarationsByName(view, seats);
      data.pile_counts = byName(seats, (s) => view.pileCounts[s] ?? 0);
      data.current_pile_count = view.pileCounts.reduce((sum, n) => sum + n, 0);
      if (view.phase === "SCORING" && view.roundScores !== null) {
        data.round_scores = wireRoundScores(view.roundScores, seats);
        data.total_scores = byName(seats, (s) => view.scores[s] ?? 0);
      }
      break;
    }
    case "GAME_OVER": {
      if (view.result !== null) {
        data.winners = view.result.winners.map((s) => nameOf(seats, s));
        data.final_scores = byName(seats, (s) => view.result!.finalScores[s] ?? 0);
      }
      if (view.roundScores !== null) {
        data.round_scores = wireRoundScores(view.roundScores, seats);
      }
      break;
    }
  }
  return data;
}

function declarationsByName(view: LiapTuiView, seats: readonly SeatInfo[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const seat of seats) {
    const value = view.declarations[seat.position];
    if (value !== null && value !== undefined) out[seat.name] = value;
  }
  return out;
}

/** `phase_change` data (the envelope's sequence and time are repeated inside, as the seed shows). */
export function wirePhaseChange(
  view: LiapTuiView,
  seats: readonly SeatInfo[],
  timer: TimerInfo | null,
  sequence: number,
  nowMs: number,
) {
  return {
    phase: view.phase,
    phase_data: wirePhaseData(view, seats, timer),
    game_state: wireGameState(view, seats),
    sequence_number: sequence,
    server_time: nowMs / 1000,
  };
}

/** `hand_updated`: the viewer's own pieces. */
export function wireHand(hand: readonly Piece[]) {
  return { pieces: hand.map(wirePiece), count: hand.length };
}

/** `game_over` data. */
export function wireGameOver(result: GameResult, seats: readonly SeatInfo[], durationSeconds: number) {
  return {
    winners: result.winners.map((s) => nameOf(seats, s)),
    final_scores: byName(seats, (s) => result.finalScores[s] ?? 0),
    rounds_played: result.roundsPlayed,
    game_duration: Math.round(durationSeconds * 100) / 100,
    end_reason: result.reason,
    statistics: {
      total_turns: result.statistics.totalTurns,
      perfect_declarations: result.statistics.perfectDeclarations,
      redeals: result.statistics.redeals,
      turns_won: byName(seats, (s) => result.statistics.turnsWon[s] ?? 0),
      perfect_declarations_by_player: byName(seats, (s) => result.statistics.perfectDeclarationsBySeat[s] ?? 0),
    },
  };
}

/**
 * The native profile's `phase_data`: only what the schema state
 * (`schema/liap-tui.ts`) does not hold. Every other key of `wirePhaseData`
 * is a schema field or a plain sum of fields; what is left is the round's
 * scoring (scoring phase and game over). Built from the view directly, so a
 * room of native clients never builds the full phase data.
 */
export function nativePhaseData(view: LiapTuiView, seats: readonly SeatInfo[]): Record<string, unknown> {
  const scored = (view.phase === "SCORING" || view.phase === "GAME_OVER") && view.roundScores !== null;
  return scored ? { round_scores: wireRoundScores(view.roundScores!, seats) } : {};
}

/** The native profile's `phase_change`: phase and lean phase data; no `game_state`, and the sequence and time only in the envelope. */
export function nativePhaseChange(phase: string, phaseData: Record<string, unknown>) {
  return { phase, phase_data: phaseData };
}

/** The `auto_action` of `player_timeout`. */
export function autoActionOf(action: LiapTuiAction) {
  switch (action.type) {
    case "declare":
      return { type: "declare", value: action.value };
    case "play":
      return { type: "play", piece_ids: action.pieceIds };
    case "redeal_decision":
      return { type: action.accept ? "accept_redeal" : "decline_redeal" };
    case "advance":
      return { type: "advance" };
  }
}
