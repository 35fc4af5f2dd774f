/**
 * Sends room events the seed-003 way: message type = event name, payload =
 * `{event, data, room_id, server_time, sequence_number}`, one sequence per
 * room, every event recorded in the room's log with its audience, and every
 * delivered message counted in the metrics.
 */
import type { Client } from "@colyseus/core";
import { gameError, type ErrorCodeValue } from "../../src/protocol/codes.js";
import { envelope } from "../../src/protocol/envelope.js";
import type { Metrics } from "../../src/metrics.js";
import { EventLog, type Audience, type LoggedEvent, type Viewer } from "./event-log.js";

/** Event data, or a function of the event's own sequence number and time (for events that repeat them inside). */
export type EventData = unknown | ((sequence: number, nowMs: number) => unknown);

/** The part of a Colyseus room the messenger needs. */
export interface MessengerRoom {
  roomId: string;
  clients: Iterable<Client>;
  send(client: Client, type: string, message: unknown): void;
}

/** A room's outbound channel. */
export class Messenger {
  readonly log = new EventLog();

  constructor(
    private readonly room: MessengerRoom,
    private readonly game: string,
    private readonly metrics: Metrics,
    /** The player id a connected client plays as (undefined while not seated). */
    private readonly playerOf: (client: Client) => string | undefined,
  ) {}

  /** Sends an event to every connected client (optionally but one). */
  toAll(event: string, data: EventData, except?: Client): LoggedEvent {
    return this.emit(event, data, { kind: "all" }, (client) => client !== except);
  }

  /** Sends an event to one player's connection(s); logged for that player even while they are away. */
  toPlayer(playerId: string, event: string, data: EventData): LoggedEvent {
    return this.emit(event, data, { kind: "player", playerId }, (client) => this.playerOf(client) === playerId);
  }

  /** Sends an event to one connection (replies such as errors and pongs). */
  toClient(client: Client, event: string, data: EventData): LoggedEvent {
    const playerId = this.playerOf(client);
    const audience: Audience = playerId !== undefined ? { kind: "player", playerId } : { kind: "session", sessionId: client.sessionId };
    return this.emit(event, data, audience, (other) => other === client);
  }

  /** Sends an `error` event to one connection; never disconnects. */
  error(client: Client, code: ErrorCodeValue, message: string, details?: Record<string, unknown>): LoggedEvent {
    return this.toClient(client, "error", gameError(code, message, details));
  }

  /** Sends a `validation_error` event to one connection. */
  validationError(client: Client, code: ErrorCodeValue, message: string, details: Record<string, unknown>): LoggedEvent {
    return this.toClient(client, "validation_error", gameError(code, message, details));
  }

  /** Events after `lastSequence` that this viewer may see. */
  missedEvents(lastSequence: number, viewer: Viewer) {
    return this.log.since(lastSequence, viewer);
  }

  private emit(event: string, data: EventData, audience: Audience, include: (client: Client) => boolean): LoggedEvent {
    const now = Date.now();
    const sequence = this.log.currentSequence + 1;
    const body = typeof data === "function" ? (data as (s: number, t: number) => unknown)(sequence, now) : data;
    const entry = this.log.append(event, body, audience, now);
    const message = envelope(event, body, this.room.roomId, entry.sequence, now);
    let delivered = 0;
    for (const client of this.room.clients) {
      if (!include(client)) continue;
      this.room.send(client, event, message);
      delivered++;
    }
    if (delivered > 0) this.metrics.messagesOut.inc({ game: this.game, type: event }, delivered);
    return entry;
  }
}
