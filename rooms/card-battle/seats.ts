/**
 * The seats of a `card_battle` room: one per expected player, in the order of
 * the create request's player ids, with who is connected on it. A seat is kept
 * for the whole game whatever its player does; only the connection changes.
 */
import type { Deferred } from "@colyseus/core";
import type { SeatInfo } from "../../src/games/card-battle/wire.js";

/**
 * Where a seat's player is: never joined yet, connected, dropped and within
 * the reconnection window, or gone (left, or the window ran out).
 */
export type Presence = "absent" | "connected" | "reconnecting" | "gone";

/** One seat. */
export interface Seat {
  readonly playerId: string;
  readonly position: number;
  name: string;
  /** True once the name is settled (given by the create request, or taken at the first join). */
  named: boolean;
  presence: Presence;
  /** The connection holding the seat (also while it may reconnect). */
  sessionId?: string;
  /** The pending reconnection of a dropped connection. */
  reconnection?: Deferred;
}

/** All seats of a room. */
export class SeatTable {
  readonly seats: readonly Seat[];

  constructor(playerIds: readonly string[], names: Readonly<Record<string, string>>) {
    this.seats = playerIds.map((playerId, position) => {
      const given = names[playerId];
      return { playerId, position, name: given ?? playerId, named: given !== undefined, presence: "absent" as Presence };
    });
  }

  /** The seat of a player, if they are one of the room's players. */
  of(playerId: string): Seat | undefined {
    return this.seats.find((s) => s.playerId === playerId);
  }

  /** The seat a connection holds (undefined for a connection that lost its seat to a newer one). */
  held(sessionId: string): Seat | undefined {
    return this.seats.find((s) => s.sessionId === sessionId);
  }

  /** True while some player is connected or may still reconnect. */
  get anyoneHere(): boolean {
    return this.seats.some((s) => s.presence === "connected" || s.presence === "reconnecting");
  }

  /** Display names by player id (for the rules' `createGame`). */
  names(): Record<string, string> {
    return Object.fromEntries(this.seats.map((s) => [s.playerId, s.name]));
  }

  /** The seats as the wire and schema need them. */
  infos(): SeatInfo[] {
    return this.seats.map((s) => ({ playerId: s.playerId, name: s.name, position: s.position, connected: s.presence === "connected" }));
  }
}
