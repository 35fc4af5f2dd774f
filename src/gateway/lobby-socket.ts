/**
 * One seed-003 client on `/ws/lobby`: `room_list` at once and again whenever
 * the public rooms change; `create_room {room_name, player_name, is_public?}`
 * creates a Liap Tui room (→ `room_created`); `join_room {room_id,
 * player_name}` takes a seat (→ the room's `room_joined`). Either way the seat
 * is held for this player for a while, and the client's next connection to
 * `/ws/{room_id}` (same JWT, or same name in guest mode) adopts it, so the
 * creator stays the host in seat 0 (a guest that sends no name on its room
 * socket is matched by its address). `get_rooms`/`room_list` ask for the list
 * again; `ping` → `pong`.
 */
import type { WebSocket } from "ws";
import { z } from "zod";
import { ErrorCode } from "../protocol/codes.js";
import { addressKey, guestKey, type GatewayIdentity } from "./identity.js";
import { LinkedRoom } from "./linked-room.js";
import { LocalReplies } from "./local-replies.js";
import type { LobbyFeed } from "./lobby-feed.js";
import { SeatRefusal, type RoomLink } from "./room-link.js";
import type { SeatStore } from "./seat-store.js";

const createRoomPayload = z.object({
  room_name: z.string().trim().min(1).max(64),
  player_name: z.string().trim().min(1).max(32),
  is_public: z.boolean().optional(),
});

const joinRoomPayload = z.object({
  // room ids as Colyseus makes them: a refusal quotes it back, so nothing else is taken
  room_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  player_name: z.string().trim().min(1).max(32).optional(),
});

const pingPayload = z.object({ client_time: z.number().finite(), sequence: z.number().int().optional() });

/** A lobby socket may take at most this many seats at once (each is held until adopted or expired). */
const MAX_SEATS_PER_SOCKET = 4;

export interface LobbySocketDeps {
  link: RoomLink;
  seats: SeatStore;
  feed: LobbyFeed;
  guestsAllowed: boolean;
  /** The room type `create_room` creates. */
  roomName: string;
}

export class LobbySocket {
  private readonly replies: LocalReplies;
  private seatsTaken = 0;
  private busy = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly identity: GatewayIdentity,
    private readonly deps: LobbySocketDeps,
  ) {
    this.replies = new LocalReplies(socket, "lobby", () => 0);
    socket.on("message", (frame, isBinary) => this.onFrame(frame as Buffer, isBinary));
    socket.on("close", () => deps.feed.remove(socket));
    socket.on("error", () => {});
  }

  async start(connectionId: string): Promise<void> {
    this.replies.send("connected", { connection_id: connectionId, room_id: "lobby", reconnected: false });
    await this.deps.feed.add(this.socket).catch(() => this.replies.refuse("error", ErrorCode.SERVER_ERROR, "the room list is unavailable right now"));
  }

  private onFrame(frame: Buffer, isBinary: boolean): void {
    const inbound = this.replies.readFrame(frame, isBinary);
    if (inbound === undefined) return;
    const { event, data } = inbound;
    switch (event) {
      case "get_rooms":
      case "room_list":
      case "get_room_list":
        void this.deps.feed.listText().then(
          (text) => this.socket.readyState === this.socket.OPEN && this.socket.send(text),
          () => this.replies.refuse("error", ErrorCode.SERVER_ERROR, "the room list is unavailable right now"),
        );
        return;
      case "create_room":
        return this.withPayload(createRoomPayload, data, (value) => this.createRoom(value));
      case "join_room":
        return this.withPayload(joinRoomPayload, data, (value) => this.joinRoom(value));
      case "ping":
        return this.withPayload(pingPayload, data, (value) => {
          const now = Date.now();
          this.replies.send("pong", { client_time: value.client_time, server_time: now, latency: Math.max(0, now - value.client_time), ...(value.sequence !== undefined ? { sequence: value.sequence } : {}) });
        });
      case "ack":
        return;
      default:
        this.replies.refuse("error", ErrorCode.INVALID_MESSAGE_FORMAT, `Unknown lobby event "${event.slice(0, 32)}"`, {
          known_events: ["get_rooms", "create_room", "join_room", "ping", "ack"],
        });
    }
  }

  private withPayload<S extends z.ZodObject>(schema: S, data: unknown, then: (value: z.infer<S>) => void | Promise<void>): void {
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      this.replies.refuse("validation_error", ErrorCode.INVALID_MESSAGE_FORMAT, "message data must be a JSON object");
      return;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const missing = parsed.error.issues.filter((i) => i.code === "invalid_type" && (data as Record<string, unknown>)[String(i.path[0])] === undefined);
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join(".") || "data"))].slice(0, 5);
      if (missing.length > 0) {
        const names = [...new Set(missing.map((i) => String(i.path[0])))].slice(0, 5);
        this.replies.refuse("validation_error", ErrorCode.MISSING_REQUIRED_FIELD, `Missing required fields: ${names.join(", ")}`, { missing_fields: names });
      } else if (parsed.error.issues.some((i) => i.code === "invalid_type")) {
        this.replies.refuse("validation_error", ErrorCode.INVALID_FIELD_TYPE, `Fields of the wrong type: ${fields.join(", ")}`, { invalid_fields: fields });
      } else {
        this.replies.refuse("validation_error", ErrorCode.OUT_OF_RANGE, `Fields out of range: ${fields.join(", ")}`, { invalid_fields: fields });
      }
      return;
    }
    void then(parsed.data);
  }

  private async createRoom(value: z.infer<typeof createRoomPayload>): Promise<void> {
    const options: Record<string, unknown> = { room_name: value.room_name, player_name: value.player_name, protocol: "seed003" };
    if (value.is_public !== undefined) options.is_public = value.is_public;
    const linked = await this.takeSeat("create", this.deps.roomName, options, value.player_name);
    if (linked === undefined) return;
    this.replies.send("room_created", { room_id: linked.roomId, room_name: value.room_name, creator: value.player_name, created_at: Date.now() / 1000 });
  }

  private async joinRoom(value: z.infer<typeof joinRoomPayload>): Promise<void> {
    const options: Record<string, unknown> = { protocol: "seed003" };
    if (value.player_name !== undefined) options.player_name = value.player_name;
    const linked = await this.takeSeat("joinById", value.room_id, options, value.player_name);
    if (linked === undefined) return;
    const joined = await linked.first("room_joined");
    if (joined !== undefined && this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(joined));
  }

  /** Takes a seat and holds it for this player's room socket. */
  private async takeSeat(method: "create" | "joinById", target: string, options: Record<string, unknown>, playerName: string | undefined): Promise<LinkedRoom | undefined> {
    const playerKey = this.identity.playerKey ?? (this.deps.guestsAllowed && playerName !== undefined ? guestKey(playerName) : undefined);
    if (playerKey === undefined) {
      this.replies.refuse("error", ErrorCode.AUTHENTICATION_FAILED, "connect with ?token=<JWT> to take a seat");
      return undefined;
    }
    if (this.busy || this.seatsTaken >= MAX_SEATS_PER_SOCKET) {
      this.replies.refuse("error", ErrorCode.RATE_LIMITED, this.busy ? "a seat is being taken already" : "this connection has taken all the seats it may");
      return undefined;
    }
    this.busy = true;
    try {
      const linked = new LinkedRoom(await this.deps.link.open({ method, target, options, token: this.identity.token, ip: this.identity.ip }));
      this.seatsTaken++;
      // a guest whose room socket names itself nowhere still finds the seat it took, by its address
      const aliases = this.identity.token === undefined && this.identity.ip !== undefined ? [addressKey(this.identity.ip)] : [];
      this.deps.seats.holdPending(linked.roomId, playerKey, linked, aliases);
      return linked;
    } catch (error) {
      const refusal = SeatRefusal.from(error);
      this.replies.refuse("error", refusal.code, refusal.message);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
