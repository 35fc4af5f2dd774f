/**
 * The room's event log: one sequence counter per room, starting at 1, and
 * every event sent with the audience that was allowed to see it, so a
 * `sync_request` can answer exactly the missed events a client may see.
 */

/** Who may see a logged event: everybody in the room, one player (by player id), or one connection. */
export type Audience = { kind: "all" } | { kind: "player"; playerId: string } | { kind: "session"; sessionId: string };

/** One event as sent. */
export interface LoggedEvent {
  sequence: number;
  event: string;
  data: unknown;
  audience: Audience;
  /** Milliseconds since the epoch. */
  sentAt: number;
}

/** A viewer of the log: its player id (if seated) and its connection. */
export interface Viewer {
  playerId?: string;
  sessionId: string;
}

/** Whether `viewer` was allowed to see an event sent to `audience`. */
export function canSee(audience: Audience, viewer: Viewer): boolean {
  switch (audience.kind) {
    case "all":
      return true;
    case "player":
      return viewer.playerId !== undefined && audience.playerId === viewer.playerId;
    case "session":
      return audience.sessionId === viewer.sessionId;
  }
}

/** Append-only log of a room's events, bounded in size (oldest dropped first). */
export class EventLog {
  private readonly entries: LoggedEvent[] = [];
  private sequence = 0;

  constructor(private readonly maxEntries = 20_000) {}

  /** Takes the next sequence number and records the event under it. */
  append(event: string, data: unknown, audience: Audience, sentAt: number): LoggedEvent {
    const entry: LoggedEvent = { sequence: ++this.sequence, event, data, audience, sentAt };
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    return entry;
  }

  /** The last sequence number handed out (0 before any event). */
  get currentSequence(): number {
    return this.sequence;
  }

  /**
   * Events after `lastSequence` that `viewer` may see, oldest first.
   * `truncated` is true when some of them were already dropped from the log.
   */
  since(lastSequence: number, viewer: Viewer): { events: LoggedEvent[]; truncated: boolean } {
    const oldest = this.entries[0]?.sequence ?? this.sequence + 1;
    const truncated = lastSequence + 1 < oldest && lastSequence < this.sequence;
    const events = this.entries.filter((entry) => entry.sequence > lastSequence && canSee(entry.audience, viewer));
    return { events, truncated };
  }
}
