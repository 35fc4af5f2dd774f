/**
 * Seats a gateway node holds for its clients between two connections:
 * - pending: taken from the lobby (`create_room`, `join_room`) and waiting for
 *   the same player to open `/ws/{room_id}` (or a Phoenix join), who adopts
 *   the live connection (messages meanwhile are kept);
 * - dropped: the player's socket closed; the room keeps the seat for its
 *   reconnection window, and the gateway keeps the SDK reconnection token so
 *   the same player's next connection takes the same seat back.
 * Both are keyed by room and player (JWT subject, or the name in guest mode)
 * and expire.
 */
import type { LinkedRoom } from "./linked-room.js";

interface Pending {
  link: LinkedRoom;
  timer: NodeJS.Timeout;
}

interface Dropped {
  reconnectionToken: string;
  timer: NodeJS.Timeout;
}

/** Bound on held seats per node (each is one open SDK connection or a token). */
const MAX_HELD = 10_000;

export class SeatStore {
  private readonly pending = new Map<string, Pending>();
  private readonly dropped = new Map<string, Dropped>();

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

  /** Keeps a dropped seat's reconnection token for the reconnection window. */
  keepDropped(roomId: string, player: string, reconnectionToken: string): void {
    const key = keyOf(roomId, player);
    const old = this.dropped.get(key);
    if (old !== undefined) clearTimeout(old.timer);
    if (this.dropped.size >= MAX_HELD) return;
    const timer = setTimeout(() => this.dropped.delete(key), this.droppedMs);
    timer.unref();
    this.dropped.set(key, { reconnectionToken, timer });
  }

  takeDropped(roomId: string, player: string): string | undefined {
    const key = keyOf(roomId, player);
    const held = this.dropped.get(key);
    if (held === undefined) return undefined;
    clearTimeout(held.timer);
    this.dropped.delete(key);
    return held.reconnectionToken;
  }

  /** Leaves every pending seat (shutdown). */
  clear(): void {
    for (const held of this.pending.values()) {
      clearTimeout(held.timer);
      held.link.leave();
    }
    for (const held of this.dropped.values()) clearTimeout(held.timer);
    this.pending.clear();
    this.dropped.clear();
  }
}

function keyOf(roomId: string, player: string): string {
  return `${roomId}\u0000${player}`;
}
