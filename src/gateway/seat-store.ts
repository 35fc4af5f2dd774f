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
  /** The player the seat is held for, and every key it can be adopted under (the player, and aliases). */
  player: string;
  keys: string[];
}

/** Bound on held seats per node (each is one open SDK connection or a token). */
const MAX_HELD = 10_000;

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
    for (const held of new Set(this.pending.values())) {
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
