/**
 * What Liap Tui tells its clients after an action: the seed's events for what
 * happened, the hands (seed-003 clients only: native ones have theirs in the
 * schema), and `phase_change` in both wire profiles from one log entry.
 */
import { handOf, playerView, type LiapTuiEvent, type LiapTuiState as GameState, type Seat } from "../../src/games/liap-tui/index.js";
import { Messenger, NOT_FOR_NATIVE } from "../shared/messenger.js";
import type { SeatTable } from "./seating.js";
import { nativePhaseChange, nativePhaseData, wireGameState, wireHand, wirePhaseData, type SeatInfo, type TimerInfo } from "./wire.js";

type View = ReturnType<typeof playerView>;

export class LiapTuiPublisher {
  /** The last native `phase_change` body sent (phase + lean phase data), to send it only when it says something new. */
  private lastNativePhase = "";

  constructor(
    private readonly messenger: Messenger,
    private readonly table: SeatTable,
    /** Told when a new turn starts (the managed lifecycle reports it). */
    private readonly onTurn: (turnNumber: number) => void,
  ) {}

  /** The seed's events for what happened, then `phase_change`. */
  events(game: GameState, events: readonly LiapTuiEvent[], view: View, seats: SeatInfo[], timer: TimerInfo | null) {
    const name = (seat: Seat) => seats[seat]!.name;
    for (const event of events) {
      switch (event.type) {
        case "dealt":
          for (const seat of this.table.seats) this.hand(game, seat.position);
          break;
        case "redeal_decided":
          // native clients have the decision in the state (players[].redeal_decision)
          this.messenger.toAll("redeal_decision_accepted", { player: name(event.seat), decision: event.accept ? "accept" : "decline" }, { native: NOT_FOR_NATIVE });
          break;
        case "declared":
          // native clients see their declaration in the state (players[].declared, declarations): nothing left to say
          this.toSeat(event.seat, "declaration_accepted", { player: name(event.seat), declaration: event.value }, NOT_FOR_NATIVE);
          break;
        case "played":
          // native clients see their play in the state (current_plays, their hand): nothing left to say
          this.toSeat(event.seat, "play_accepted", { player: name(event.seat), pieces_played: event.pieces.map((p) => p.id), play_type: event.playType }, NOT_FOR_NATIVE);
          this.hand(game, event.seat);
          break;
        case "turn_started":
          this.onTurn(game.stats.totalTurns + 1);
          break;
        case "perfect_declaration":
          this.messenger.toAll("special_bonus", {
            player: name(event.seat),
            bonus_type: "PERFECT_DECLARATION",
            bonus_points: event.bonusPoints,
            message: `${name(event.seat)} achieved perfect declaration!`,
            animation: "celebration",
          });
          break;
        default:
          break;
      }
    }
    this.phaseChange(view, seats, timer);
  }

  /**
   * `phase_change` in both profiles from one log entry: seed 003's with the
   * full `game_state`; the native one without what the schema holds, and only
   * when that says something new.
   */
  private phaseChange(view: View, seats: SeatInfo[], timer: TimerInfo | null) {
    const lean = nativePhaseData(view, seats);
    const leanKey = `${view.phase}:${lean.round_scores === undefined ? "" : JSON.stringify(lean)}`;
    const native = leanKey === this.lastNativePhase ? NOT_FOR_NATIVE : nativePhaseChange(view.phase, lean);
    this.lastNativePhase = leanKey;
    this.messenger.toAll(
      "phase_change",
      // wirePhaseChange()'s object; built only if a seed-003 client receives it or asks for it (view, seats and timer are not changed later)
      (sequence: number, now: number) => ({
        phase: view.phase,
        phase_data: wirePhaseData(view, seats, timer),
        game_state: wireGameState(view, seats),
        sequence_number: sequence,
        server_time: now / 1000,
      }),
      { native },
    );
  }

  /** A seat's hand (`hand_updated`), to its player if one holds the seat. */
  hand(game: GameState, position: Seat) {
    const seat = this.table.seats[position]!;
    if (seat.playerId === undefined) return;
    // native clients have their hand in the schema state (@view): the message is built only for seed-003 clients
    const hand = handOf(game, position);
    this.messenger.toPlayer(seat.playerId, "hand_updated", () => wireHand(hand), NOT_FOR_NATIVE);
  }

  private toSeat(position: Seat, event: string, data: unknown, native?: unknown) {
    const playerId = this.table.seats[position]!.playerId;
    if (playerId !== undefined) this.messenger.toPlayer(playerId, event, data, native);
  }
}

/** The current state from one seat's point of view (own hand only), as `room_joined`, `reconnected` and `sync_response` carry it. */
export function fullState(game: GameState, position: Seat | null, seats: SeatInfo[], timer: TimerInfo | null, sequence: number) {
  const view = playerView(game, position);
  return {
    phase: view.phase,
    phase_data: wirePhaseData(view, seats, timer),
    game_state: wireGameState(view, seats),
    hand: view.hand === null ? null : wireHand(view.hand).pieces,
    sequence_number: sequence,
  };
}
