/**
 * The four seats of a Liap Tui table and who sits in them: humans (by player
 * id), bots, the host. Before the start humans take the first empty seat (or
 * the first bot's, as the reference does); after it only the seat's owner can
 * come back. Names are unique at the table because the seed names players by
 * name.
 */
import type { Seat } from "../../src/games/liap-tui/index.js";

/** One seat. */
export interface SeatRecord {
  position: Seat;
  /** The human who owns the seat, if any (kept while they are away). */
  playerId?: string;
  name: string;
  /** True when a bot plays the seat for good (added by the host, or its human left). */
  isBot: boolean;
  connected: boolean;
  isHost: boolean;
}

/** Why a seat could not be taken. */
export type SeatRefusal = "room_full" | "already_seated" | "game_started";

const SEATS: Seat[] = [0, 1, 2, 3];

/** The table. */
export class SeatTable {
  readonly seats: SeatRecord[] = SEATS.map((position) => ({ position, name: "", isBot: false, connected: false, isHost: false }));

  /** The seat a player owns, if any. */
  seatOf(playerId: string): SeatRecord | undefined {
    return this.seats.find((seat) => seat.playerId === playerId);
  }

  /** True when every seat has a human or a bot. */
  get full(): boolean {
    return this.seats.every((seat) => seat.isBot || seat.playerId !== undefined);
  }

  /** The seat the host holds. */
  get host(): SeatRecord | undefined {
    return this.seats.find((seat) => seat.isHost);
  }

  /** Humans currently connected. */
  get connectedHumans(): SeatRecord[] {
    return this.seats.filter((seat) => seat.playerId !== undefined && !seat.isBot && seat.connected);
  }

  /** Where a player would sit, or why not (no change is made). */
  placeFor(playerId: string, started: boolean): SeatRecord | SeatRefusal {
    const own = this.seatOf(playerId);
    if (own !== undefined) return own.connected && !own.isBot ? "already_seated" : own;
    if (started) return "room_full";
    const empty = this.seats.find((seat) => seat.playerId === undefined && !seat.isBot);
    if (empty !== undefined) return empty;
    const bot = this.seats.find((seat) => seat.isBot);
    return bot ?? "room_full";
  }

  /** Seats a human (as found by `placeFor`); in an open room the first human becomes host. */
  seatHuman(seat: SeatRecord, playerId: string, requestedName: string, open = true): SeatRecord {
    const reclaiming = seat.playerId === playerId;
    seat.playerId = playerId;
    seat.isBot = false;
    seat.connected = true;
    if (!reclaiming || seat.name === "") seat.name = this.uniqueName(requestedName, seat.position);
    if (open && this.host === undefined) seat.isHost = true;
    return seat;
  }

  /** Holds a seat for an expected player of a managed room (named now if the name is known, else at first join). */
  reserve(position: Seat, playerId: string, name: string | undefined): void {
    const seat = this.seats[position]!;
    seat.playerId = playerId;
    seat.connected = false;
    if (name !== undefined) seat.name = this.uniqueName(name, position);
  }

  /** Puts a bot in a seat (the first empty one when none is given). */
  addBot(position?: Seat): SeatRecord | "no_empty_seat" | "seat_taken" {
    const seat = position === undefined ? this.seats.find((s) => s.playerId === undefined && !s.isBot) : this.seats[position];
    if (seat === undefined) return "no_empty_seat";
    if (seat.playerId !== undefined || seat.isBot) return "seat_taken";
    seat.isBot = true;
    seat.connected = false;
    seat.name = this.uniqueName(`Bot ${seat.position + 1}`, seat.position);
    return seat;
  }

  /** Empties a seat before the start; returns the human who sat there, if any. */
  empty(position: Seat): { playerId?: string } {
    const seat = this.seats[position]!;
    const playerId = seat.playerId;
    const wasHost = seat.isHost;
    Object.assign(seat, { playerId: undefined, name: "", isBot: false, connected: false, isHost: false });
    if (wasHost) this.passHost();
    return { playerId };
  }

  /** A human leaves a running game for good: a bot plays the seat from now on. */
  replaceByBot(position: Seat): void {
    const seat = this.seats[position]!;
    seat.isBot = true;
    seat.connected = false;
    if (seat.isHost) {
      seat.isHost = false;
      this.passHost();
    }
  }

  /** Gives the host role to the first connected human, if any. */
  passHost(): void {
    for (const seat of this.seats) seat.isHost = false;
    const next = this.connectedHumans[0];
    if (next !== undefined) next.isHost = true;
  }

  private uniqueName(requested: string, position: Seat): string {
    const taken = new Set(this.seats.filter((s) => s.position !== position && s.name !== "").map((s) => s.name.toLowerCase()));
    if (!taken.has(requested.toLowerCase())) return requested;
    for (let n = 2; ; n++) {
      const candidate = `${requested} (${n})`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }
}
