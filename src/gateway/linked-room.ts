/**
 * One SDK connection to a room, as a gateway holds it: whoever currently
 * speaks for the seat (a seed-003 socket, a Phoenix channel, or nobody while
 * the seat waits to be adopted) receives the room's messages; messages that
 * arrive while nobody listens are kept (bounded) and handed to the next one.
 */
import type { Room } from "@colyseus/sdk";

/** A room message: its type and its (seed-003 envelope) payload. */
export type RoomMessageSink = (type: string, payload: unknown) => void;

/** At most this many messages are kept for a seat nobody listens to (the rest can be had with sync_request). */
const MAX_BUFFERED = 200;

export class LinkedRoom {
  private sink?: RoomMessageSink;
  private leaveSink?: (code: number) => void;
  private buffered: Array<[string, unknown]> = [];
  private watchers: Array<{ type: string; resolve: (payload: unknown) => void }> = [];
  /** The close code once the SDK connection has ended for good. */
  leftWith?: number;
  /** Highest sequence number seen in the room's envelopes. */
  lastSequence = 0;

  constructor(readonly room: Room) {
    room.onMessage("*", (type: string | number, payload: unknown) => {
      const name = String(type);
      // the SDK's own internal messages are not room events
      if (name.startsWith("__")) return;
      const sequence = (payload as { sequence_number?: unknown } | null)?.sequence_number;
      if (typeof sequence === "number" && sequence > this.lastSequence) this.lastSequence = sequence;
      if (this.sink !== undefined) this.sink(name, payload);
      else if (this.buffered.length < MAX_BUFFERED) this.buffered.push([name, payload]);
      if (this.watchers.length > 0) {
        this.watchers = this.watchers.filter((watcher) => {
          if (watcher.type !== name) return true;
          watcher.resolve(payload);
          return false;
        });
      }
    });
    room.onError(() => {
      // a refused or failed connection ends in onLeave, handled there
    });
    room.onLeave((code: number) => {
      this.leftWith = code;
      this.leaveSink?.(code);
    });
  }

  get roomId(): string {
    return this.room.roomId;
  }

  /** The SDK's reconnection token (`roomId:token`), for taking the seat back after a drop. */
  get reconnectionToken(): string | undefined {
    return this.room.reconnectionToken;
  }

  /** The first message of `type` (already kept or still to come); undefined after `timeoutMs`. */
  first(type: string, timeoutMs = 5_000): Promise<unknown> {
    const kept = this.buffered.find(([name]) => name === type);
    if (kept !== undefined) return Promise.resolve(kept[1]);
    return new Promise((resolve) => {
      const watcher = { type, resolve };
      this.watchers.push(watcher);
      setTimeout(() => {
        this.watchers = this.watchers.filter((w) => w !== watcher);
        resolve(undefined);
      }, timeoutMs).unref();
    });
  }

  /** Hands the seat to a new listener: kept messages first, then live ones; `onLeave` when the connection ends. */
  attach(sink: RoomMessageSink, onLeave: (code: number) => void): void {
    this.sink = sink;
    this.leaveSink = onLeave;
    const kept = this.buffered;
    this.buffered = [];
    for (const [type, payload] of kept) sink(type, payload);
    if (this.leftWith !== undefined) onLeave(this.leftWith);
  }

  /** Nobody listens any more (messages are kept until someone attaches). */
  detach(): void {
    this.sink = undefined;
    this.leaveSink = undefined;
  }

  send(type: string, payload: unknown): void {
    if (this.leftWith === undefined) this.room.send(type, payload);
  }

  /** Leaves for good (the room frees or bot-fills the seat). */
  leave(): void {
    if (this.leftWith === undefined) void this.room.leave(true);
  }

  /** Drops the connection without leaving: the room keeps the seat for its reconnection window. */
  drop(): void {
    if (this.leftWith !== undefined) return;
    // the SDK would otherwise take this close for a lost connection and reconnect by itself
    this.room.reconnection.enabled = false;
    void this.room.leave(false);
  }
}
