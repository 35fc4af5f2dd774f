/**
 * One seed-003 client on `/ws/{room_id}`: a plain WebSocket speaking JSON
 * text frames, backed by a real Colyseus connection to the room (joined with
 * the `seed003` wire profile, so the room sends every event as seed 003 shows
 * it). Room events go out as they come, as JSON text; client events go in as
 * the room's messages, with the seed's aliases mapped (below). The room does
 * the validation, rules, rate limits, sequence numbers and replay; the
 * gateway refuses only what cannot be a message at all.
 *
 * The seat: a seat held from the lobby for this player is adopted; after a
 * drop, the same player takes the seat back (reconnection token kept by the
 * gateway for the room's window); otherwise the client joins with its token,
 * or with the `player_name` of `?player_name=` or of its first `join_room`.
 */
import type { WebSocket } from "ws";
import { ErrorCode } from "../protocol/codes.js";
import type { Logger } from "../logger.js";
import { stringField, type InboundEvent } from "./frames.js";
import type { GatewayIdentity } from "./identity.js";
import { addressKey, guestKey } from "./identity.js";
import { LinkedRoom } from "./linked-room.js";
import { LocalReplies } from "./local-replies.js";
import { joinSeat, SeatRefusal, type RoomLink } from "./room-link.js";
import type { SeatStore } from "./seat-store.js";
import type { SharedEncoding } from "./shared-encoding.js";

/** Client events the rooms know under another name (seed 003 and the reference's legacy names). */
const ALIASES: Record<string, string> = {
  leave_game: "leave_room",
  request_redeal: "accept_redeal",
};

/** How long a guest that names itself nowhere may stay silent before it is seated anyway. */
const SILENT_GUEST_MS = 1_000;

/** Events held while the seat is being taken, at most. */
const MAX_QUEUED = 20;

export interface RoomSocketDeps {
  link: RoomLink;
  encoding: SharedEncoding;
  seats: SeatStore;
  logger: Logger;
  guestsAllowed: boolean;
}

export class RoomSocket {
  private linked?: LinkedRoom;
  private joining = false;
  private queued: InboundEvent[] = [];
  private leaving = false;
  private closed = false;
  private readonly replies: LocalReplies;

  constructor(
    private readonly socket: WebSocket,
    private readonly roomId: string,
    private identity: GatewayIdentity,
    private playerName: string | undefined,
    /** Watch without a seat (`?spectate=true`), where the room admits spectators. */
    private readonly spectate: boolean,
    private readonly deps: RoomSocketDeps,
  ) {
    this.replies = new LocalReplies(socket, roomId, () => this.linked?.lastSequence ?? 0);
    socket.on("message", (frame, isBinary) => this.onFrame(frame as Buffer, isBinary));
    socket.on("close", () => this.onClose());
    socket.on("error", () => {
      // a broken socket ends in "close"
    });
  }

  /**
   * Takes the seat at once when the player is known; otherwise waits for
   * `join_room`/`client_ready` (or any event) — and a guest that stays silent
   * for a moment is seated anyway: the seat its address took from the lobby,
   * or a new one under the room's default name.
   */
  start(): void {
    if (this.identity.token !== undefined || this.playerName !== undefined || this.spectate) {
      void this.takeSeat();
      return;
    }
    if (this.deps.guestsAllowed) {
      setTimeout(() => {
        if (!this.closed && this.linked === undefined && !this.joining) void this.takeSeat();
      }, SILENT_GUEST_MS).unref();
    }
  }

  private onFrame(frame: Buffer, isBinary: boolean): void {
    const inbound = this.replies.readFrame(frame, isBinary);
    if (inbound === undefined) return;
    const { event, data } = inbound;
    if (event === "join_room" || event === "client_ready") {
      if (this.linked !== undefined || this.joining) {
        if (event === "join_room") this.replies.refuse("error", ErrorCode.ALREADY_IN_ROOM, "already in this room");
        return;
      }
      this.playerName = stringField(data, "player_name", 32) ?? this.playerName;
      void this.takeSeat();
      return;
    }
    if (event === "create_room") {
      this.replies.refuse("error", ErrorCode.INVALID_MESSAGE_FORMAT, "create_room is a lobby event: send it on /ws/lobby");
      return;
    }
    if (event === "ack") return; // delivery is ordered and reliable over one socket: nothing to retry
    if (this.linked === undefined) {
      if (!this.joining) void this.takeSeat();
      if (this.queued.length >= MAX_QUEUED) {
        this.replies.refuse("error", ErrorCode.RATE_LIMITED, "too many events before the seat was taken");
        return;
      }
      this.queued.push(inbound);
      return;
    }
    this.forward(this.linked, inbound);
  }

  /** Sends one client event to the room under the room's message name. */
  private forward(linked: LinkedRoom, { event, data }: InboundEvent): void {
    if (event === "get_room_state") {
      // answered by the room's sync_response: the full state from this seat's view, nothing missed
      linked.send("sync_request", { last_sequence: linked.lastSequence });
      return;
    }
    if (event === "redeal_decision") {
      const choice = Object.hasOwn(data as object, "choice") ? (data as { choice?: unknown }).choice : undefined;
      if (choice === "accept" || choice === "decline") {
        linked.send(choice === "accept" ? "accept_redeal" : "decline_redeal", data);
      } else if (choice === undefined) {
        this.replies.refuse("validation_error", ErrorCode.MISSING_REQUIRED_FIELD, "Missing required fields: choice", { missing_fields: ["choice"] });
      } else if (typeof choice !== "string") {
        this.replies.refuse("validation_error", ErrorCode.INVALID_FIELD_TYPE, "Fields of the wrong type: choice", { invalid_fields: ["choice"] });
      } else {
        this.replies.refuse("validation_error", ErrorCode.OUT_OF_RANGE, 'Fields out of range: choice ("accept" or "decline")', { invalid_fields: ["choice"] });
      }
      return;
    }
    const type = Object.hasOwn(ALIASES, event) ? ALIASES[event]! : event;
    if (type === "leave_room") this.leaving = true;
    // unknown events go to the room too: it answers 3001 with the events it knows
    linked.send(type, data);
  }

  /** Adopts a held seat, takes a dropped one back, or joins. */
  private async takeSeat(): Promise<void> {
    if (this.joining || this.linked !== undefined || this.closed) return;
    this.joining = true;
    const { link, seats, guestsAllowed } = this.deps;
    let playerKey = this.identity.playerKey ?? (guestsAllowed && this.playerName !== undefined ? guestKey(this.playerName) : undefined);
    // a spectator's way back is its own: it never takes the player's seat (nor the other way round)
    if (this.spectate && playerKey !== undefined) playerKey = `${playerKey}#spectator`;
    try {
      const pendingKey = this.spectate ? undefined : (playerKey ?? (guestsAllowed && this.identity.ip !== undefined ? addressKey(this.identity.ip) : undefined));
      const pending = pendingKey !== undefined ? seats.takePending(this.roomId, pendingKey) : undefined;
      if (pending !== undefined) playerKey = pending.player;
      let linked = pending?.link;
      // no way back (or the window passed): join anew below
      if (linked === undefined && playerKey !== undefined) linked = await seats.takeBack(link, this.roomId, playerKey, this.identity.token, this.identity.ip);
      if (linked === undefined) {
        const options: Record<string, unknown> = { protocol: "seed003" };
        if (this.playerName !== undefined) options.player_name = this.playerName;
        if (this.spectate) options.spectate = true;
        linked = new LinkedRoom(await joinSeat(link, { method: "joinById", target: this.roomId, options, token: this.identity.token, ip: this.identity.ip }));
      }
      if (this.closed) {
        // the client went away while the seat was being taken: the room keeps it for the reconnection window
        this.release(linked, playerKey);
        return;
      }
      this.linked = linked;
      this.identity = { ...this.identity, playerKey };
      seats.remember(linked, playerKey);
      linked.attach(
        (_type, payload) => {
          if (this.socket.readyState === this.socket.OPEN) this.socket.send(this.deps.encoding.text(payload));
        },
        (code) => this.onRoomLeft(code),
      );
      const queued = this.queued;
      this.queued = [];
      for (const event of queued) this.forward(linked, event);
    } catch (error) {
      const refusal = SeatRefusal.from(error);
      this.deps.logger.debug({ room_id: this.roomId, code: refusal.code }, "gateway join refused");
      this.replies.refuse("error", refusal.code, refusal.message);
      this.socket.close(4000, `join refused (${refusal.code})`);
    } finally {
      this.joining = false;
    }
  }

  /** The room connection ended (room closed, the player left, or the seat was lost): the socket ends too. */
  private onRoomLeft(code: number): void {
    this.linked = undefined;
    if (this.identity.playerKey !== undefined) this.deps.seats.forgetWayBack(this.roomId, this.identity.playerKey);
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(1000, code === 4000 || this.leaving ? "left the room" : "room connection closed");
  }

  private onClose(): void {
    this.closed = true;
    const linked = this.linked;
    this.linked = undefined;
    if (linked !== undefined) this.release(linked, this.identity.playerKey);
  }

  /** A socket gone without leaving: drop the room connection so the room holds the seat, and keep the way back. */
  private release(linked: LinkedRoom, playerKey: string | undefined): void {
    linked.detach();
    if (this.leaving || playerKey === undefined) {
      if (playerKey !== undefined) this.deps.seats.forgetWayBack(this.roomId, playerKey);
      linked.leave();
      return;
    }
    const token = linked.reconnectionToken;
    if (token !== undefined) this.deps.seats.keepWayBack(this.roomId, playerKey, token, true);
    linked.drop();
  }
}
