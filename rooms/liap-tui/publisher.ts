/**
 * What Liap Tui tells its clients after an action: the seed's events for what
 * happened, the hands (seed-003 clients only: native ones have theirs in the
 * schema), and `phase_change` in both wire profiles from one log entry. The
 * mapping is src/games/liap-tui/wire.ts (`LiapTuiWire`), which replays share;
 * this delivers what it returns.
 */
import { handOf, playerView, type LiapTuiEvent, type LiapTuiState as GameState, type Seat } from "../../src/games/liap-tui/index.js";
import type { OutgoingEvent } from "../../src/games/shared/outgoing.js";
import { Messenger, NOT_FOR_NATIVE } from "../shared/messenger.js";
import type { SeatTable } from "./seating.js";
import { LiapTuiWire, wireGameState, wireHand, wirePhaseData, type SeatInfo, type TimerInfo, type WireSeat } from "../../src/games/liap-tui/wire.js";

type View = ReturnType<typeof playerView>;

export class LiapTuiPublisher {
  /** The game's events as the wire's (remembers the last native `phase_change`, to send it only when it says something new). */
  private readonly wire = new LiapTuiWire();

  constructor(
    private readonly messenger: Messenger,
    private readonly table: SeatTable,
    /** Told when a new turn starts (the managed lifecycle reports it). */
    private readonly onTurn: (turnNumber: number) => void,
  ) {}

  /** The seed's events for what happened, then `phase_change`. */
  events(game: GameState, events: readonly LiapTuiEvent[], view: View, seats: WireSeat[], timer: TimerInfo | null) {
    for (const out of this.wire.step(events, game, seats, timer, view)) this.deliver(out);
    if (events.some((event) => event.type === "turn_started")) this.onTurn(game.stats.totalTurns + 1);
  }

  /** Sends one outgoing event to everybody, or to the player holding its seat (none: not sent). */
  deliver(out: OutgoingEvent) {
    this.messenger.deliver(out, (seat) => this.table.seats[seat]?.playerId);
  }

  /** A seat's hand (`hand_updated`), to its player if one holds the seat (a player joining or coming back). */
  hand(game: GameState, position: Seat) {
    const seat = this.table.seats[position]!;
    if (seat.playerId === undefined) return;
    // native clients have their hand in the schema state (@view): the message is built only for seed-003 clients
    const hand = handOf(game, position);
    this.messenger.toPlayer(seat.playerId, "hand_updated", () => wireHand(hand), NOT_FOR_NATIVE);
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
