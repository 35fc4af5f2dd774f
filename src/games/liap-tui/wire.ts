/**
 * Seed 003 payloads built from the rules engine's per-viewer projection.
 * Pure: the room sends them, and a replay regenerates them from a recorded
 * game, so both say exactly the same. Players are named by their seat names,
 * as the seed does.
 */
import type { GameResult, LiapTuiAction, LiapTuiEvent, LiapTuiState, LiapTuiView, Piece, PublicPlay, ScoreRow, Seat } from "./types.js";
import { playerView } from "./view.js";
import { piecesOf } from "./pieces.js";
import { NATIVE_OMITS, TO_ALL, toSeat, type EventBody, type OutgoingEvent } from "../shared/outgoing.js";

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

/**
 * The builder of a `hand_updated` body. Made here, outside `step`, so that
 * it holds the hand's piece ids only (the rules never edit them): a closure
 * made inside `step` would keep the whole game state of that step alive for
 * as long as the room's event log keeps the entry (thousands of states per
 * room). The pieces are looked up only if a seed-003 client, a sync or a
 * replay asks for the body.
 */
function handBuilder(pieceIds: readonly string[]): () => ReturnType<typeof wireHand> {
  return () => wireHand(piecesOf(pieceIds));
}

/** `play_accepted`'s body, built only when someone receives it (native clients see their play in the state). */
function playAcceptedBuilder(player: string, pieces: readonly Piece[], playType: string): () => EventBody {
  return () => ({ player, pieces_played: pieces.map((p) => p.id), play_type: playType });
}

/** A seat as the wire sees it, and whether a player holds it (only then are its private events sent, and numbered). */
export interface WireSeat extends SeatInfo {
  seated: boolean;
}

/** One recipient per seat, made once. */
const SEAT_RECIPIENTS = [0, 1, 2, 3].map((seat) => Object.freeze(toSeat(seat)));

/**
 * The events of one step of a Liap Tui game, in the order a room sends them:
 * the rules' events as seed 003's, then `phase_change` (whose native body is
 * sent only when it says something new, so the mapper remembers the last
 * one). One mapper per game: the room's, or a replay's. Bodies that only
 * seed-003 clients receive are builders, so a room of native clients builds
 * none of them.
 */
export class LiapTuiWire {
  private lastNativePhase = "";
  /** The round scores last sent in a native `phase_change` (JSON), "" when none. */
  private lastNativeScores = "";

  /** The events of a step (the deal, or an action), `game` being the state after it. */
  step(events: readonly LiapTuiEvent[], game: LiapTuiState, seats: readonly WireSeat[], timer: TimerInfo | null, view: LiapTuiView = playerView(game, null)): OutgoingEvent[] {
    const out: OutgoingEvent[] = [];
    for (const event of events) {
      switch (event.type) {
        case "dealt":
          for (const seat of seats) this.hand(out, seats, game, seat.position);
          break;
        case "redeal_decided":
          // native clients have the decision in the state (players[].redeal_decision)
          out.push({
            event: "redeal_decision_accepted",
            to: TO_ALL,
            data: { player: seats[event.seat]!.name, decision: event.accept ? "accept" : "decline" },
            native: NATIVE_OMITS,
          });
          break;
        case "declared":
          // native clients see their declaration in the state (players[].declared, declarations): nothing left to say
          if (seats[event.seat]?.seated === true)
            out.push({ event: "declaration_accepted", to: SEAT_RECIPIENTS[event.seat]!, data: { player: seats[event.seat]!.name, declaration: event.value }, native: NATIVE_OMITS });
          break;
        case "played":
          // native clients see their play in the state (current_plays, their hand): nothing left to say
          if (seats[event.seat]?.seated === true)
            out.push({
              event: "play_accepted",
              to: SEAT_RECIPIENTS[event.seat]!,
              data: playAcceptedBuilder(seats[event.seat]!.name, event.pieces, event.playType),
              native: NATIVE_OMITS,
            });
          this.hand(out, seats, game, event.seat);
          break;
        case "perfect_declaration": {
          const player = seats[event.seat]!.name;
          out.push({
            event: "special_bonus",
            to: TO_ALL,
            data: {
              player,
              bonus_type: "PERFECT_DECLARATION",
              bonus_points: event.bonusPoints,
              message: `${player} achieved perfect declaration!`,
              animation: "celebration",
            },
          });
          break;
        }
        default:
          break;
      }
    }
    out.push(this.phaseChange(view, seats, timer));
    return out;
  }

  /** A seat's `hand_updated` (native clients have their hand in the schema state, under @view): a builder, for a seated player only. */
  private hand(out: OutgoingEvent[], seats: readonly WireSeat[], game: LiapTuiState, seat: Seat): void {
    if (seats[seat]?.seated === true) out.push({ event: "hand_updated", to: SEAT_RECIPIENTS[seat]!, data: handBuilder(game.hands[seat]!), native: NATIVE_OMITS });
  }

  /**
   * `phase_change` in both profiles: seed 003's with the full `game_state`
   * (a builder: a room builds it only if a seed-003 client receives it or a
   * sync asks for it); the native one only with what the schema does not
   * hold (the round's scoring), and only when that says something new.
   */
  private phaseChange(view: LiapTuiView, seats: readonly SeatInfo[], timer: TimerInfo | null): OutgoingEvent {
    const scored = (view.phase === "SCORING" || view.phase === "GAME_OVER") && view.roundScores !== null;
    // most steps stay in their phase with no scores: that is found without building the lean body
    let native: EventBody | typeof NATIVE_OMITS = NATIVE_OMITS;
    if (scored || view.phase !== this.lastNativePhase || this.lastNativeScores !== "") {
      const lean = nativePhaseData(view, seats);
      const scores = lean.round_scores === undefined ? "" : JSON.stringify(lean);
      if (view.phase !== this.lastNativePhase || scores !== this.lastNativeScores) native = nativePhaseChange(view.phase, lean);
      this.lastNativeScores = scores;
    }
    this.lastNativePhase = view.phase;
    return {
      event: "phase_change",
      to: TO_ALL,
      // wirePhaseChange()'s object (view, seats and timer are not changed later, so building it late gives the same body)
      data: (sequence: number, now: number) => ({
        phase: view.phase,
        phase_data: wirePhaseData(view, seats, timer),
        game_state: wireGameState(view, seats),
        sequence_number: sequence,
        server_time: now / 1000,
      }),
      native,
    };
  }
}

/** `game_over`, to everybody. */
export function gameOverEvent(result: GameResult, seats: readonly SeatInfo[], durationSeconds: number): OutgoingEvent {
  return { event: "game_over", to: TO_ALL, data: wireGameOver(result, seats, durationSeconds) };
}

/** `player_timeout`, to everybody, announced just before the action taken for the player runs. */
export function playerTimeoutEvent(action: LiapTuiAction & { seat: Seat }, seats: readonly SeatInfo[], timeoutSeconds: number): OutgoingEvent {
  return {
    event: "player_timeout",
    to: TO_ALL,
    data: { player: seats[action.seat]!.name, action: action.type, auto_action: autoActionOf(action), timeout_seconds: timeoutSeconds },
  };
}
