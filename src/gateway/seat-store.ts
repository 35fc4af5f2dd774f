/**
 * Seats a gateway node holds for its clients between two connections:
 * - pending: taken from the lobby (`create_room`, `join_room`) and waiting for
 *   the same player to open `/ws/{room_id}` (or a Phoenix join), who adopts
 *   the live connection (messages meanwhile are kept);
 * - dropped: the player's socket closed; the room keeps the seat for its
 *   reconnection window, and the gateway keeps the SDK reconnection token in
 *   presence (Redis with several nodes) so the same player's next connection,
 *   through any node, takes the same seat back.
 * Both are keyed by room and player (JWT subject, or the name in guest mode)
 * and expire. A pending seat lives in the process that took it: a proxy
 * should send one client's `/ws/...` connections to the same node (README).
 */
import { createHash } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import type { LinkedRoom } from "./linked-room.js";

interface Pending {
  link: LinkedRoom;
  timer: NodeJS.Timeout;
}

/** Bound on held seats per node (each is one open SDK connection or a token). */
const MAX_HELD = 10_000;

export class SeatStore {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly pendingMs: number,
    private readonly droppedMs: number,
  ) {}

  /** Holds a live seat for `player`; after `pendingMs` unadopted it is left. */
  holdPending(roomId: string, player: string, link: LinkedRoom): void {
    const key = keyOf(roomId, player);
    this.takePending(roomId, player)?.leave();
    if (this.pending.size >= MAX_HELD) {
      link.leave();
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(key);
      link.leave();
    }, this.pendingMs);
    timer.unref();
    this.pending.set(key, { link, timer });
  }

  takePending(roomId: string, player: string): LinkedRoom | undefined {
    const key = keyOf(roomId, player);
    const held = this.pending.get(key);
    if (held === undefined) return undefined;
    clearTimeout(held.timer);
    this.pending.delete(key);
    return held.link.leftWith === undefined ? held.link : undefined;
  }

  /** Keeps a dropped seat's reconnection token for the reconnection window (in presence: any node can take it back). */
  keepDropped(roomId: string, player: string, reconnectionToken: string): void {
    void Promise.resolve(matchMaker.presence.setex(droppedKey(roomId, player), reconnectionToken, Math.ceil(this.droppedMs / 1000))).catch(() => {});
  }

  /** Takes a dropped seat's token (once). */
  async takeDropped(roomId: string, player: string): Promise<string | undefined> {
    const key = droppedKey(roomId, player);
    try {
      const token = (await matchMaker.presence.get(key)) as string | null | undefined;
      if (typeof token !== "string") return undefined;
      await matchMaker.presence.del(key);
      return token;
    } catch {
      return undefined;
    }
  }

  /** Leaves every pending seat (shutdown). */
  clear(): void {
    for (const held of this.pending.values()) {
      clearTimeout(held.timer);
      held.link.leave();
    }
    this.pending.clear();
  }
}

/** Presence key of a dropped seat (the player key is hashed: it may be a name). */
function droppedKey(roomId: string, player: string): string {
  return `gateway:dropped:${roomId}:${createHash("sha256").update(player).digest("hex").slice(0, 32)}`;
}

function keyOf(roomId: string, player: string): string {
  return `${roomId}\u0000${player}`;
}
