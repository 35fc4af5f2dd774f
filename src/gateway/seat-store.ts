/**
 * Seats a gateway node holds for its clients between two connections:
 * - pending: taken from the lobby (`create_room`, `join_room`) and waiting for
 *   the same player to open `/ws/{room_id}` (or a Phoenix join), who adopts
 *   the live connection (messages meanwhile are kept);
 * - the way back: while a player holds a seat, and after its socket closed
 *   for the room's reconnection window, the gateway keeps the SDK
 *   reconnection token in presence (Redis with several nodes) so the same
 *   player's next connection, through any node, takes the same seat back.
 * Both are keyed by room and player (JWT subject, or the name in guest mode)
 * and expire. A pending seat lives in the process that took it: a proxy
 * should send one client's `/ws/...` connections to the same node (README).
 */
import { createHash } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { LinkedRoom } from "./linked-room.js";
import { reconnectSeat, type RoomLink } from "./room-link.js";

interface Pending {
  link: LinkedRoom;
  timer: NodeJS.Timeout;
  /** The player the seat is held for, and every key it can be adopted under (the player, and aliases). */
  player: string;
  keys: string[];
}

/** Bound on held seats per node (each is one open SDK connection or a token). */
const MAX_HELD = 10_000;
/** How long the way back to a linked (not dropped) seat is kept: longer than any game; rewritten at the drop. */
const LINKED_SEAT_MS = 24 * 3600_000;

export class SeatStore {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly pendingMs: number,
    private readonly droppedMs: number,
  ) {}

  /** Holds a live seat for `player` (also adoptable under `aliases`); after `pendingMs` unadopted it is left. */
  holdPending(roomId: string, player: string, link: LinkedRoom, aliases: readonly string[] = []): void {
    this.takePending(roomId, player)?.link.leave();
    if (this.pending.size >= MAX_HELD) {
      link.leave();
      return;
    }
    const keys = [player, ...aliases].map((key) => keyOf(roomId, key));
    const held: Pending = {
      link,
      player,
      keys,
      timer: setTimeout(() => {
        this.forget(held);
        link.leave();
      }, this.pendingMs),
    };
    held.timer.unref();
    for (const key of keys) this.pending.set(key, held);
  }

  /** Takes the seat held under `key` (the player or an alias): the live connection and the player it was held for. */
  takePending(roomId: string, key: string): { link: LinkedRoom; player: string } | undefined {
    const held = this.pending.get(keyOf(roomId, key));
    if (held === undefined) return undefined;
    clearTimeout(held.timer);
    this.forget(held);
    return held.link.leftWith === undefined ? { link: held.link, player: held.player } : undefined;
  }

  private forget(held: Pending): void {
    for (const key of held.keys) if (this.pending.get(key) === held) this.pending.delete(key);
  }

  /**
   * Keeps the way back to a seat: its SDK reconnection token, in presence (any
   * node can take the seat back). Written when a seat is linked (so a player
   * who drops through one node and returns through another a moment later
   * never finds it missing), and again at the drop, for the reconnection
   * window only.
   */
  keepWayBack(roomId: string, player: string, reconnectionToken: string, dropped: boolean): void {
    const seconds = Math.ceil((dropped ? this.droppedMs : LINKED_SEAT_MS) / 1000);
    void Promise.resolve(matchMaker.presence.setex(wayBackKey(roomId, player), reconnectionToken, seconds)).catch(() => {});
  }

  /** The way back to a player's seat, if one is kept. */
  private async wayBack(roomId: string, player: string): Promise<string | undefined> {
    try {
      const token = (await matchMaker.presence.get(wayBackKey(roomId, player))) as string | null | undefined;
      return typeof token === "string" ? token : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Takes a player's seat back through its kept way back (any node's); a way
   * that no longer opens the seat (the window passed, the room is gone) is
   * forgotten. Undefined when there is none: the caller joins anew.
   */
  async takeBack(link: RoomLink, roomId: string, player: string, token: string | undefined, ip: string | undefined): Promise<LinkedRoom | undefined> {
    const wayBack = await this.wayBack(roomId, player);
    if (wayBack === undefined) return undefined;
    const room = await reconnectSeat(link, roomId, wayBack, token, ip);
    if (room === undefined) {
      this.forgetWayBack(roomId, player);
      return undefined;
    }
    return new LinkedRoom(room);
  }

  /** Keeps the way back to a seat just linked for `player` (nothing for a connection without a player key). */
  remember(linked: LinkedRoom, player: string | undefined): void {
    const token = linked.reconnectionToken;
    if (player !== undefined && token !== undefined) this.keepWayBack(linked.roomId, player, token, false);
  }

  /** Forgets the way back (the player left, or the token no longer opens the seat). */
  forgetWayBack(roomId: string, player: string): void {
    void Promise.resolve(matchMaker.presence.del(wayBackKey(roomId, player))).catch(() => {});
  }

  /** Leaves every pending seat (shutdown). */
  clear(): void {
    for (const held of new Set(this.pending.values())) {
      clearTimeout(held.timer);
      held.link.leave();
    }
    this.pending.clear();
  }
}

/** Presence key of the way back to a seat (the player key is hashed: it may be a name). */
function wayBackKey(roomId: string, player: string): string {
  return `gateway:dropped:${roomId}:${createHash("sha256").update(player).digest("hex").slice(0, 32)}`;
}

function keyOf(roomId: string, player: string): string {
  return `${roomId}\u0000${player}`;
}
