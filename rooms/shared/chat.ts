/**
 * Chat over a game room's connection (seed 002, issue 12): a member sends
 * `message:create` {body}; it is stored by the chat service and every member
 * receives `message_created` {data: message} — also for messages posted over
 * REST, on whichever node, through the service's presence channel. The
 * sender's reply is `{data: message}` or `{errors: …}`: as the answer to
 * `room.request("message:create", {body})`, or, for a plain `send`, as a
 * `message:create` message to the sender.
 *
 * Chat never touches the game: its own per-sender limits (not the game's
 * message budget, nor Colyseus's disconnecting per-second backstop), no game state, no entry in the room's event log (clients
 * read missed messages from the REST history and merge by id), and nothing it
 * receives can throw into the room or disconnect the sender. Bots have no
 * connection, so they never chat. Members are recorded in the database when
 * they join, so they can read the conversation after the room is gone.
 */
import type { Client, Room } from "@colyseus/core";
import { errorBody, type ChatMemberInfo, type ChatMessage, type ChatResult } from "../../src/chat/index.js";
import type { Logger } from "../../src/logger.js";
import type { RoomServices } from "../../src/services/room-services.js";

/** The client → server event, and the name of the reply to a plain `send`. */
export const CHAT_CREATE = "message:create";
/** The server → members event. */
export const CHAT_CREATED = "message_created";

/** What a room tells chat about itself. */
export interface RoomChatOptions<C extends Client> {
  services: Pick<RoomServices, "chat" | "metrics">;
  logger: Logger;
  /** The game label of the metrics. */
  game: string;
  /** Who a connected client is in the conversation; undefined while it is not (yet) a member. */
  memberOf(client: C): ChatMemberInfo | undefined;
}

type ChatReply = { data: ChatMessage } | ReturnType<typeof errorBody>;

/**
 * Wires chat into a room (call once in `onCreate`, after the room id is
 * final): the `message:create` handler, delivery of the room's new messages
 * to its clients, and the membership record of everyone who joins.
 */
export function attachRoomChat<C extends Client>(room: Room, options: RoomChatOptions<C>): void {
  const { services, logger, game } = options;
  const roomId = room.roomId;

  const backstop = new ChatBackstop();
  room.onMessage(CHAT_CREATE, (client: Client, payload: unknown, context?: { id?: number }) => {
    const isRequest = typeof context?.id === "number";
    try {
      services.metrics.messagesIn.count(game, CHAT_CREATE);
      exemptFromDisconnectCount(client);
      if (!backstop.admit(client)) return isRequest ? Promise.resolve(RATE_LIMITED) : undefined;
      const reply = post(client as C, payload).catch((error: unknown): ChatReply => {
        logger.error({ err: error }, "chat message failed");
        return errorBody({ kind: "internal_error" });
      });
      // a request is answered by what the handler resolves to; a plain send gets the same body as a message
      if (isRequest) return reply;
      void reply.then((body) => replyQuietly(client, body));
      return undefined;
    } finally {
      // the rooms run no interval: Colyseus's per-second message count reads the room clock (as the message gate does)
      room.clock.tick();
    }
  });

  const post = async (client: C, payload: unknown): Promise<ChatReply> => {
    const member = options.memberOf(client);
    if (member === undefined) return errorBody({ kind: "forbidden" });
    const result: ChatResult<ChatMessage> = await services.chat.postAsMember(roomId, { userId: member.userId, name: member.name }, bodyOf(payload));
    return result.ok ? { data: result.data } : errorBody(result.failure);
  };

  // the room's own presence: Colyseus drops its subscriptions when the room is disposed
  services.chat
    .subscribe(
      roomId,
      (message) => {
        // encoded once for every client (Room.broadcast), not logged for sync_request
        room.broadcast(CHAT_CREATED, { data: message });
        services.metrics.messagesOut.count(game, CHAT_CREATED, room.clients.length);
      },
      room.presence,
    )
    .catch((error: unknown) => logger.error({ err: error }, "subscribing to the room's chat failed"));

  // Colyseus announces a completed join (after onJoin) on the room's internal emitter, as its own scoped presence uses
  const events = (room as unknown as { _events?: { on(event: string, listener: (client: Client) => void): void } })._events;
  if (events === undefined || typeof events.on !== "function") throw new Error("Colyseus Room._events not found: chat members cannot be recorded");
  events.on("join", (client) => {
    try {
      const member = options.memberOf(client as C);
      if (member !== undefined) services.chat.recordMember(roomId, member);
    } catch (error) {
      logger.error({ err: error }, "recording a chat member failed");
    }
  });
}

/** The answer to a message over any of the limits. */
const RATE_LIMITED = errorBody({ kind: "rate_limited", retryAfterSeconds: 1 });

/** Chat messages a connection may send in one second before the rest are dropped unread (requests get `rate_limited`). */
export const CHAT_FRAMES_PER_SECOND = 50;

/**
 * The chat flood backstop: beyond CHAT_FRAMES_PER_SECOND a connection's chat
 * messages cost one counter each — no service call, no reply to a plain send.
 * The sender is never disconnected for chat.
 */
class ChatBackstop {
  private readonly counts = new WeakMap<Client, { second: number; count: number }>();

  admit(client: Client, now = Date.now()): boolean {
    const second = Math.floor(now / 1000);
    const entry = this.counts.get(client);
    if (entry === undefined || entry.second !== second) {
      this.counts.set(client, { second, count: 1 });
      return true;
    }
    return ++entry.count <= CHAT_FRAMES_PER_SECOND;
  }
}

/**
 * Colyseus disconnects a connection sending more than the room's
 * `maxMessagesPerSecond` (a backstop against floods of any message). Chat has
 * its own backstop that never disconnects, so a chat message is taken back out
 * of that count (Colyseus counts it before dispatching; internal field, checked).
 */
function exemptFromDisconnectCount(client: Client): void {
  const counted = client as unknown as { _numMessagesLastSecond?: unknown };
  if (typeof counted._numMessagesLastSecond === "number" && counted._numMessagesLastSecond > 0) counted._numMessagesLastSecond--;
}

/** `{body}` from a payload of any shape (the service validates the body itself). */
function bodyOf(payload: unknown): unknown {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload) || !Object.hasOwn(payload, "body")) return undefined;
  return (payload as { body: unknown }).body;
}

/** The reply to a plain send: a `message:create` message to a sender that may have left meanwhile. */
function replyQuietly(client: Client, body: ChatReply): void {
  try {
    client.send(CHAT_CREATE, body);
  } catch {
    // the sender is gone: the message (if stored) is in the history
  }
}

/**
 * A connected client as a chat member: a seated player (their seat's player
 * id), a spectator (its own identity: rooms/shared/spectators.ts), or any
 * other connection the room admitted (as a spectator). The name is the
 * display name of their JWT, else their seat's name, else their id.
 */
export function roomMember(client: Client, seatName: string | undefined): ChatMemberInfo | undefined {
  const data = client.userData as { playerId?: unknown; displayName?: unknown; spectator?: unknown } | undefined;
  const auth = client.auth as { playerId?: unknown; displayName?: unknown } | undefined;
  const displayName = typeof auth?.displayName === "string" ? auth.displayName : typeof data?.displayName === "string" ? data.displayName : undefined;
  if (typeof data?.playerId === "string") {
    const spectator = data.spectator === true;
    return { userId: data.playerId, name: displayName ?? (spectator ? undefined : seatName) ?? data.playerId, role: spectator ? "spectator" : "player" };
  }
  if (typeof auth?.playerId === "string") return { userId: auth.playerId, name: displayName ?? auth.playerId, role: "spectator" };
  return undefined;
}
