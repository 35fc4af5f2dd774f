/**
 * Sends room events the seed-003 way: message type = event name, payload =
 * `{event, data, room_id, server_time, sequence_number}`, one sequence per
 * room.
 *
 * Two wire profiles share one event log: `seed003` clients get every event
 * as seed 003 shows it; `native` clients (the default) may get a leaner body
 * for the same event (e.g. a `phase_change` without what the schema state
 * already carries). Each body is encoded once and the same bytes go to every
 * client of its audience (no per-client encoding, no deprecated
 * `Room.send`, no log line per message).
 *
 * Spectators (rooms/shared/spectators.ts) get the public form of every
 * event (spectator-events.ts: the same bytes as their profile's seats for
 * events to everybody, nothing of an event to one seat), live and in sync
 * answers.
 *
 * Events to everybody or to one player are recorded for `sync_request`;
 * replies to one connection (errors, pongs, sync answers) take a sequence
 * number but are never recorded, so a sync never replays them.
 *
 * A seed-003 body given as a function is built and encoded only when a
 * seed-003 client is in its audience; otherwise the log keeps the function
 * and builds the body on the first `sync_request` that needs it (called with
 * the event's own sequence number and time, so the body is the same as if it
 * had been built at once: the function must only read values that do not
 * change afterwards). A room of native clients thus never builds the full
 * `game_state` it would not send.
 *
 * Nor does it keep it: until a seed-003 client (player or spectator) has
 * been in the room, the seed-003-only part of the log is not kept (builders
 * would hold a snapshot of the game per move: most of a room's memory). Such
 * events still take their sequence numbers; a seed-003 client asking
 * `sync_request` from before the log holds its profile completely gets the
 * full state with `truncated: true`, as when the log's bounds dropped them.
 */
import { getMessageBytes, Protocol, type Client } from "@colyseus/core";
import { gameError, type ErrorCodeValue } from "../../src/protocol/codes.js";
import { envelope } from "../../src/protocol/envelope.js";
import type { Metrics } from "../../src/metrics.js";
import { EventLog, resolveEventData as resolve, seedBodyOf, type Audience, type LoggedEvent, type Viewer } from "./event-log.js";
import { publicEventOf } from "./spectator-events.js";
import { isSpectatorClient } from "./spectators.js";
import { NATIVE_OMITS, type OutgoingEvent } from "../../src/games/shared/outgoing.js";

/** Event data, or a function of the event's own sequence number and time (for events that repeat them inside). */
export type EventData = unknown | ((sequence: number, nowMs: number) => unknown);

/** How a client wants its events: `native` (lean, with schema state) or `seed003` (every event as the seed shows it). */
export type WireProfile = "native" | "seed003";

/** The profile a client asked for with the join option `protocol` (anything but "seed003" is native). */
export function profileFromJoinOptions(options: unknown): WireProfile {
  if (options === null || typeof options !== "object" || !Object.hasOwn(options, "protocol")) return "native";
  return (options as { protocol?: unknown }).protocol === "seed003" ? "seed003" : "native";
}

/** The part of a Colyseus room the messenger needs. */
export interface MessengerRoom {
  roomId: string;
  /** Walked by index (see corking.ts: `for...of` over Colyseus's client array allocates at every step). */
  clients: ArrayLike<Client>;
}

/** How a client is seen by the messenger. */
export interface MessengerClients {
  /** The player id a connected client plays as (undefined while not seated). */
  playerOf(client: Client): string | undefined;
  profileOf(client: Client): WireProfile;
}

/** As an event's native body: native clients do not receive the event at all (the schema state carries what it says). */
export const NOT_FOR_NATIVE: typeof NATIVE_OMITS = NATIVE_OMITS;

/** Encoded size of each event's seed-003 body when last built (any room): the log's byte estimate for bodies not built yet. */
const seedSizeEstimate = new Map<string, number>();
const UNKNOWN_SEED_SIZE = 1024;

/** The most a `sync_response` replays; beyond it the answer carries only the full state. */
export const SYNC_LIMITS = { maxEvents: 500, maxBytes: 256 * 1024 };

/** The audience of an event to everybody, and its filter (one of each, not one per event). */
const EVERYONE: Audience = Object.freeze({ kind: "all" });
const ANY_CLIENT = (): boolean => true;

/** A logged event's seed-003 body that was not kept (no seed-003 client had been in the room). */
const SEED_BODY_NOT_KEPT = Symbol("seed-003 body not kept");

/** A room's outbound channel. */
export class Messenger {
  readonly log = new EventLog();
  /** Set once a seed-003 client (player or spectator) has been in the room: from then on the log keeps its bodies. */
  private seedAudience = false;
  /** The first sequence from which the log holds the seed-003 profile completely (events before it may lack their seed-003 body). */
  private seedCompleteFrom = 1;

  constructor(
    private readonly room: MessengerRoom,
    private readonly game: string,
    private readonly metrics: Metrics,
    private readonly clients: MessengerClients,
  ) {}

  /** Sends an event to every connected client (optionally but one); `native` is the native profile's body when it differs. */
  toAll(event: string, data: EventData, options: { except?: Client; native?: EventData } = {}): LoggedEvent {
    const { except } = options;
    return this.record(event, data, options.native, EVERYONE, except === undefined ? ANY_CLIENT : (client) => client !== except);
  }

  /** Sends an event to one player's connection(s); logged for that player even while they are away. */
  toPlayer(playerId: string, event: string, data: EventData, native?: EventData): LoggedEvent {
    return this.record(event, data, native, { kind: "player", playerId }, (client) => this.clients.playerOf(client) === playerId);
  }

  /**
   * Sends one of a game's outgoing events (src/games/<game>/wire.ts, which
   * replays share) to everybody or to the player holding its seat; an event
   * for a seat nobody holds is not sent (and takes no sequence number).
   */
  deliver(out: OutgoingEvent, playerOfSeat: (seat: number) => string | undefined): void {
    if (out.to.kind === "all") {
      this.record(out.event, out.data, out.native, EVERYONE, ANY_CLIENT);
      return;
    }
    const playerId = playerOfSeat(out.to.seat);
    if (playerId !== undefined) this.toPlayer(playerId, out.event, out.data, out.native);
  }

  /** Replies to one connection (connected, pongs, errors, sync answers): never logged, never replayed. */
  toClient(client: Client, event: string, data: EventData): void {
    const now = Date.now();
    const sequence = this.log.skip();
    const body = resolve(data, sequence, now);
    client.enqueueRaw(this.encode(event, body, sequence, now));
    this.metrics.messagesOut.count(this.game, event);
  }

  /** Sends an `error` event to one connection; never disconnects. */
  error(client: Client, code: ErrorCodeValue, message: string, details?: Record<string, unknown>): void {
    this.toClient(client, "error", gameError(code, message, details));
  }

  /** Sends a `validation_error` event to one connection. */
  validationError(client: Client, code: ErrorCodeValue, message: string, details: Record<string, unknown>): void {
    this.toClient(client, "validation_error", gameError(code, message, details));
  }

  /** Number of events after `lastSequence` this client may see in its profile (bounded: counts at most the sync limit). */
  missedCount(client: Client, lastSequence: number, viewer: Viewer): number {
    if (this.seedIncomplete(client, lastSequence)) return SYNC_LIMITS.maxEvents;
    const missed = this.log.since(lastSequence, isSpectatorClient(client) ? {} : viewer, SYNC_LIMITS);
    if (missed.overflow) return SYNC_LIMITS.maxEvents;
    if (isSpectatorClient(client)) return this.publicEvents(client, missed.events).length;
    const native = this.clients.profileOf(client) === "native";
    return missed.events.filter((e) => !native || e.native !== NOT_FOR_NATIVE).length;
  }

  /**
   * Answers `sync_request`: the events after `lastSequence` this client may
   * see, in its profile, and the full state; when they exceed SYNC_LIMITS
   * only the full state (`truncated: true`, no `missed_events`).
   */
  syncResponse(client: Client, lastSequence: number, fullState: () => unknown): void {
    const profile = this.clients.profileOf(client);
    // a spectator is nobody's seat: it may see the public form of the events only
    const spectator = isSpectatorClient(client);
    const incomplete = this.seedIncomplete(client, lastSequence);
    const missed = this.log.since(incomplete ? this.log.currentSequence : lastSequence, spectator ? {} : { playerId: this.clients.playerOf(client) }, SYNC_LIMITS);
    const { events, overflow } = missed;
    const truncated = missed.truncated || incomplete;
    this.toClient(client, "sync_response", (sequence: number) => ({
      current_sequence: sequence,
      missed_events: spectator
        ? this.publicEvents(client, events)
        : events
            .filter((e) => profile === "seed003" || e.native !== NOT_FOR_NATIVE)
            .map((e) => ({ sequence: e.sequence, event: e.event, data: profile === "native" && e.native !== undefined ? e.native : seedBodyOf(e) })),
      truncated: truncated || overflow,
      full_state: fullState(),
    }));
  }

  /** True when a seed-003 client asks for events from before the log holds its profile completely. */
  private seedIncomplete(client: Client, lastSequence: number): boolean {
    return lastSequence + 1 < this.seedCompleteFrom && this.clients.profileOf(client) === "seed003";
  }

  /** The public form of logged events in a spectator's profile. */
  private publicEvents(client: Client, events: readonly LoggedEvent[]) {
    const profile = this.clients.profileOf(client);
    return events.map((e) => publicEventOf(e, profile)).filter((e) => e !== null);
  }

  private record(event: string, data: EventData, native: EventData | undefined, audience: Audience, include: (client: Client) => boolean): LoggedEvent {
    const now = Date.now();
    const sequence = this.log.currentSequence + 1;
    const clients = this.room.clients;
    let seedWanted = false;
    for (let i = 0; i < clients.length; i++) {
      const client = clients[i]!;
      if (this.clients.profileOf(client) !== "seed003") continue;
      this.seedAudience = true;
      if (include(client)) {
        seedWanted = true;
        break;
      }
    }
    const nativeBody = native === undefined ? undefined : resolve(native, sequence, now);
    if (nativeBody === NOT_FOR_NATIVE && !this.seedAudience) {
      // nobody could ever be sent this event (nor sync it): it takes its number only
      this.log.skip();
      this.seedCompleteFrom = sequence + 1;
      return { sequence, event, data: SEED_BODY_NOT_KEPT, native: nativeBody, audience, sentAt: now, bytes: 0 };
    }
    // the seed-003 body is built now when someone receives it (or it is the only body); else on demand (see the module comment)
    const lazy = !seedWanted && typeof data === "function" && nativeBody !== undefined;
    const kept = !lazy || this.seedAudience;
    if (!kept) this.seedCompleteFrom = sequence + 1;
    const seedBody = !kept ? SEED_BODY_NOT_KEPT : lazy ? data : resolve(data, sequence, now);
    const seedBytes = lazy ? undefined : this.encode(event, seedBody, sequence, now);
    if (seedBytes !== undefined) seedSizeEstimate.set(event, seedBytes.byteLength);
    const nativeBytes = nativeBody === undefined ? seedBytes : nativeBody === NOT_FOR_NATIVE ? undefined : this.encode(event, nativeBody, sequence, now);
    const seedSize = !kept ? 0 : (seedBytes?.byteLength ?? seedSizeEstimate.get(event) ?? UNKNOWN_SEED_SIZE);
    const size = seedSize + (nativeBody === undefined || nativeBytes === undefined ? 0 : nativeBytes.byteLength);
    const entry = this.log.append(event, seedBody, audience, now, size, nativeBody);
    let delivered = 0;
    for (let i = 0; i < clients.length; i++) {
      const client = clients[i]!;
      const profile = this.clients.profileOf(client);
      if (isSpectatorClient(client)) {
        // spectators get every event in its public form (the same bytes as its profile's seats), none of a seat's own
        if (audience.kind === "all" && !include(client)) continue;
        if (publicEventOf(entry, profile) === null) continue;
      } else if (!include(client)) continue;
      const bytes = profile === "seed003" ? seedBytes : nativeBytes;
      if (bytes === undefined) continue;
      client.enqueueRaw(bytes);
      delivered++;
    }
    if (delivered > 0) this.metrics.messagesOut.count(this.game, event, delivered);
    return entry;
  }

  /** One Colyseus ROOM_DATA frame for the event (the same bytes go to every client of an audience). */
  private encode(event: string, body: unknown, sequence: number, nowMs: number): Uint8Array {
    return getMessageBytes.raw(Protocol.ROOM_DATA, event, envelope(event, body, this.room.roomId, sequence, nowMs));
  }
}
