/**
 * `room:{room_id}` over Phoenix: the socket's player takes a seat in a game
 * room (card battle or Liap Tui) as a real Colyseus client of it, and the
 * room's native events are pushed on the topic (event = the room's event
 * name, payload = its envelope `{event, data, room_id, server_time,
 * sequence_number}`). A push is sent to the room as the message of that name;
 * its `phx_reply` says whether the room took it: the gateway sends a `ping`
 * right behind it, and since a room handles one client's messages in order,
 * an `error`/`validation_error` arriving before that ping's `pong` is the
 * push's refusal (`{status: "error", response: <the error body>}`); none
 * means `{status: "ok"}`. The room chat's `message:create` is stored
 * asynchronously: its reply is the room's own answer to the sender
 * (`{data: message}`, or `{errors: ...}` with status "error"). The marker pings are the gateway's own and never
 * reach the client (they count against the room's rate limit: a push costs
 * two messages).
 *
 * Join failures reply `{reason: "unauthorized"}` (missing or refused token)
 * or `{reason: "forbidden"}` (the room refuses this player, or it does not
 * exist), as seed 002 says. The join payload may carry `player_name`,
 * `player_id` (guest mode, managed rooms), `spectate: true` (watch without a
 * seat, where the room admits spectators) and `protocol` (`seed003` by
 * default: these clients get no schema state, so Liap Tui's `phase_change`
 * carries the full `game_state`; `native` on request).
 */
import type { GatewayShared } from "../gateway/index.js";
import { LinkedRoom } from "../gateway/linked-room.js";
import { joinSeat } from "../gateway/room-link.js";
import { guestKey } from "../gateway/identity.js";
import type { Channel, ChannelOutput, JoinRequest, JoinResult, PushReply, TopicHandler } from "./topics.js";

const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** How long a push waits for the room's verdict. */
const PUSH_TIMEOUT_MS = 10_000;
/** Pushes awaiting their verdict, at most, per channel. */
const MAX_IN_FLIGHT = 16;
/** Marker pings use client times no real client sends. */
const MARKER_BASE = -9_000_000_000_000;

export function roomTopic(shared: GatewayShared): TopicHandler {
  return {
    prefix: "room:",
    async join(request: JoinRequest): Promise<JoinResult> {
      const { identity, subtopic } = request;
      if (identity === undefined || (shared.verifyToken !== undefined && identity.token === undefined)) return { ok: false, reason: "unauthorized" };
      if (!ROOM_ID.test(subtopic)) return { ok: false, reason: "forbidden" };
      const options = joinOptions(request.payload);
      const player = identity.playerKey ?? (shared.guestsAllowed && typeof options.player_name === "string" ? guestKey(options.player_name) : undefined);
      // a spectator's way back is its own: it never takes the player's seat (nor the other way round)
      const playerKey = player !== undefined && options.spectate === true ? `${player}#spectator` : player;
      let linked = playerKey !== undefined ? await shared.seats.takeBack(shared.link, subtopic, playerKey, identity.token, identity.ip) : undefined;
      if (linked === undefined && playerKey !== undefined && options.spectate !== true) linked = shared.seats.takePending(subtopic, playerKey)?.link;
      if (linked === undefined) {
        try {
          linked = new LinkedRoom(await joinSeat(shared.link, { method: "joinById", target: subtopic, options, token: identity.token, ip: identity.ip }));
        } catch {
          return { ok: false, reason: "forbidden" };
        }
      }
      const channel = new RoomChannel(linked, request.output, shared, playerKey);
      shared.seats.remember(linked, playerKey);
      return { ok: true, response: { room_id: linked.roomId, session_id: linked.room.sessionId }, channel };
    },
  };
}

/** The allow-listed join options of a payload. */
function joinOptions(payload: unknown): Record<string, unknown> {
  const options: Record<string, unknown> = Object.create(null);
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return { protocol: "seed003" };
  const given = payload as Record<string, unknown>;
  for (const key of ["player_name", "player_id"] as const) {
    const value = Object.hasOwn(given, key) ? given[key] : undefined;
    if (typeof value === "string" && value.length > 0 && value.length <= (key === "player_name" ? 32 : 128)) options[key] = value;
  }
  if (given.spectate === true) options.spectate = true;
  // a Phoenix client has no schema state: by default it gets every event as seed 003 shows it (full game_state in phase_change)
  options.protocol = given.protocol === "native" ? "native" : "seed003";
  return { ...options };
}

interface InFlight {
  marker: number;
  refusal?: unknown;
  resolve: (reply: PushReply) => void;
  timer: NodeJS.Timeout;
}

class RoomChannel implements Channel {
  private readonly inFlight: InFlight[] = [];
  /** Chat pushes awaiting the room's answer (stored asynchronously, so not behind a marker ping). */
  private readonly chatWaiters: Array<{ resolve: (reply: PushReply) => void; timer: NodeJS.Timeout }> = [];
  private markers = 0;
  private ended = false;

  constructor(
    private readonly linked: LinkedRoom,
    private readonly output: ChannelOutput,
    private readonly shared: GatewayShared,
    private readonly playerKey: string | undefined,
  ) {
    // attached once the join reply is out (the endpoint calls start)
  }

  /** Starts delivering the room's events (after the join reply). */
  start(): void {
    this.linked.attach(
      (type, payload) => this.onRoomMessage(type, payload),
      (code) => this.onRoomLeft(code),
    );
  }

  async handleIn(event: string, payload: unknown): Promise<PushReply> {
    if (this.ended) return { status: "error", response: { reason: "closed" } };
    if (event.startsWith("phx_")) return { status: "error", response: { reason: "unknown event" } };
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return { status: "error", response: { reason: "the payload must be a JSON object" } };
    if (this.inFlight.length >= MAX_IN_FLIGHT) return { status: "error", response: { reason: "too many pushes awaiting a reply" } };
    if (event === "message:create") return this.chat(payload);
    const marker = MARKER_BASE - ++this.markers;
    return new Promise<PushReply>((resolve) => {
      const entry: InFlight = {
        marker,
        resolve,
        timer: setTimeout(() => this.settle(entry, { status: "error", response: { reason: "timeout" } }), PUSH_TIMEOUT_MS),
      };
      this.inFlight.push(entry);
      this.linked.send(event, payload);
      this.linked.send("ping", { client_time: marker });
    });
  }

  /** The room's chat: the reply is the room's own answer to the sender (`{data}` or `{errors}`). */
  private chat(payload: object): Promise<PushReply> {
    if (this.chatWaiters.length >= MAX_IN_FLIGHT) return Promise.resolve({ status: "error", response: { errors: ["rate_limited"] } });
    return new Promise<PushReply>((resolve) => {
      const waiter = {
        resolve,
        timer: setTimeout(() => {
          const index = this.chatWaiters.indexOf(waiter);
          if (index !== -1) this.chatWaiters.splice(index, 1);
          resolve({ status: "error", response: { reason: "timeout" } });
        }, PUSH_TIMEOUT_MS),
      };
      this.chatWaiters.push(waiter);
      this.linked.send("message:create", payload);
    });
  }

  leave(): void {
    this.end();
    this.linked.detach();
    if (this.playerKey !== undefined) this.shared.seats.forgetWayBack(this.linked.roomId, this.playerKey);
    this.linked.leave();
  }

  disconnect(): void {
    this.end();
    this.linked.detach();
    const token = this.linked.reconnectionToken;
    if (this.playerKey !== undefined && token !== undefined) {
      this.shared.seats.keepWayBack(this.linked.roomId, this.playerKey, token, true);
      this.linked.drop();
    } else {
      this.linked.leave();
    }
  }

  private onRoomMessage(type: string, payload: unknown): void {
    const head = this.inFlight[0];
    if (type === "pong" && head !== undefined) {
      const clientTime = (payload as { data?: { client_time?: unknown } } | null)?.data?.client_time;
      if (typeof clientTime === "number" && clientTime <= MARKER_BASE) {
        const entry = this.inFlight.find((e) => e.marker === clientTime);
        if (entry !== undefined) this.settle(entry, entry.refusal === undefined ? { status: "ok", response: {} } : { status: "error", response: entry.refusal });
        return;
      }
    }
    if ((type === "error" || type === "validation_error") && head !== undefined && head.refusal === undefined) {
      head.refusal = (payload as { data?: unknown } | null)?.data ?? payload;
    }
    // the room answers a chat message:create to its sender alone, once stored: that answer is the push's reply
    if (type === "message:create") {
      const waiter = this.chatWaiters.shift();
      if (waiter !== undefined) {
        clearTimeout(waiter.timer);
        const refused = payload !== null && typeof payload === "object" && Object.hasOwn(payload, "errors");
        waiter.resolve({ status: refused ? "error" : "ok", response: payload });
        return;
      }
    }
    this.output.push(type, payload);
  }

  private settle(entry: InFlight, reply: PushReply): void {
    const index = this.inFlight.indexOf(entry);
    if (index === -1) return;
    // replies settle in order: anything older than this one can no longer be refused
    for (const older of this.inFlight.splice(0, index + 1)) {
      clearTimeout(older.timer);
      older.resolve(older === entry ? reply : older.refusal === undefined ? { status: "ok", response: {} } : { status: "error", response: older.refusal });
    }
  }

  private onRoomLeft(code: number): void {
    if (this.ended) return;
    this.end();
    // a lost connection (not a room that closed or let the player go) is an error: the client library rejoins
    if (code === 1006 || code === 1005) this.output.error();
    else this.output.close();
  }

  private end(): void {
    this.ended = true;
    for (const waiter of this.chatWaiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve({ status: "error", response: { reason: "closed" } });
    }
    for (const entry of this.inFlight.splice(0)) {
      clearTimeout(entry.timer);
      entry.resolve({ status: "error", response: { reason: "closed" } });
    }
  }
}

export type { RoomChannel };
