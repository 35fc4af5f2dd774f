/**
 * The room's event log: one sequence counter per room, starting at 1, and the
 * events a later `sync_request` may replay, each with the audience that was
 * allowed to see it. Replies to one connection (errors, pongs, sync answers)
 * take a sequence number but are not recorded: replaying them would make
 * every sync answer carry the previous ones. The log is bounded by entries
 * and by bytes (oldest dropped first).
 */

/** Who may see a logged event: everybody in the room, or one player (by player id). */
export type Audience = { kind: "all" } | { kind: "player"; playerId: string };

/** One event as sent. */
export interface LoggedEvent {
  sequence: number;
  event: string;
  /** The data as the seed-003 profile receives it (or, until first needed, the function that builds it: see messenger.ts). */
  data: unknown;
  /** The data as the native profile receives it, when it differs. */
  native?: unknown;
  audience: Audience;
  /** Milliseconds since the epoch. */
  sentAt: number;
  /** Encoded size of the event (both profiles), counted against the log's byte bound. */
  bytes: number;
}

/** A viewer of the log: its player id (if seated). */
export interface Viewer {
  playerId?: string;
}

/** Whether `viewer` was allowed to see an event sent to `audience`. */
export function canSee(audience: Audience, viewer: Viewer): boolean {
  return audience.kind === "all" || (viewer.playerId !== undefined && audience.playerId === viewer.playerId);
}

/** Bounds of the log. */
export interface EventLogLimits {
  maxEntries: number;
  maxBytes: number;
}

/** A game of Liap Tui logs a few hundred events of a few hundred bytes; these bounds keep a whole long game. */
export const DEFAULT_LOG_LIMITS: EventLogLimits = { maxEntries: 5_000, maxBytes: 2 * 1024 * 1024 };

/** What `since` found: the events, or `overflow` when they exceed the asked bounds (the caller sends the full state instead). */
export interface MissedEvents {
  events: LoggedEvent[];
  /** Some of the events after `lastSequence` were already dropped from the log. */
  truncated: boolean;
  /** More events (or bytes) than the caller's bounds: `events` is empty. */
  overflow: boolean;
}

/** Append-only, bounded log of a room's replayable events. */
export class EventLog {
  private entries: LoggedEvent[] = [];
  /** Index of the oldest live entry in `entries` (dropped entries are compacted away in batches). */
  private head = 0;
  private sequence = 0;
  private totalBytes = 0;

  constructor(private readonly limits: EventLogLimits = DEFAULT_LOG_LIMITS) {}

  /** Takes the next sequence number for a message that is not recorded (a reply to one connection). */
  skip(): number {
    return ++this.sequence;
  }

  /** Takes the next sequence number and records the event under it. */
  append(event: string, data: unknown, audience: Audience, sentAt: number, bytes: number, native?: unknown): LoggedEvent {
    const entry: LoggedEvent = { sequence: ++this.sequence, event, data, audience, sentAt, bytes };
    if (native !== undefined) entry.native = native;
    this.entries.push(entry);
    this.totalBytes += bytes;
    while (this.size > this.limits.maxEntries || (this.totalBytes > this.limits.maxBytes && this.size > 1)) {
      this.totalBytes -= this.entries[this.head]!.bytes;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  /** The last sequence number handed out (0 before any event). */
  get currentSequence(): number {
    return this.sequence;
  }

  /** Entries held. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /** Bytes held (as counted at append). */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Events after `lastSequence` that `viewer` may see, oldest first, unless
   * there are more than `bounds` allows (then `overflow` and no events).
   */
  since(lastSequence: number, viewer: Viewer, bounds: { maxEvents: number; maxBytes: number }): MissedEvents {
    const oldest = this.entries[this.head]?.sequence ?? this.sequence + 1;
    const truncated = lastSequence + 1 < oldest && lastSequence < this.sequence;
    const events: LoggedEvent[] = [];
    let bytes = 0;
    for (let i = this.firstAfter(lastSequence); i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (!canSee(entry.audience, viewer)) continue;
      bytes += entry.bytes;
      if (events.length >= bounds.maxEvents || bytes > bounds.maxBytes) return { events: [], truncated, overflow: true };
      events.push(entry);
    }
    return { events, truncated, overflow: false };
  }

  /** Index of the first live entry with a sequence above `sequence` (entries are in sequence order). */
  private firstAfter(sequence: number): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid]!.sequence <= sequence) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** A logged event's seed-003 body, built now (and kept) if it was left to be built on demand (see messenger.ts). */
export function seedBodyOf(entry: LoggedEvent): unknown {
  if (typeof entry.data === "function") entry.data = resolveEventData(entry.data, entry.sequence, entry.sentAt);
  return entry.data;
}

/** An event body, or the body its builder makes for this sequence number and time. */
export function resolveEventData(data: unknown, sequence: number, nowMs: number): unknown {
  return typeof data === "function" ? (data as (s: number, t: number) => unknown)(sequence, nowMs) : data;
}
