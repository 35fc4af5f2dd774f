/**
 * What a Phoenix topic handler plugs into the endpoint: `room:` (game rooms,
 * src/phoenix/room-topic.ts) and, when a chat service is wired in,
 * `conversation:`. A handler joins a subtopic for one socket and returns the
 * channel that handles its pushes; it talks back through ChannelOutput.
 */
import type { GatewayIdentity } from "../gateway/identity.js";

/** How a channel sends to its client. */
export interface ChannelOutput {
  /** A server push on the channel's topic. */
  push(event: string, payload: unknown): void;
  /** The channel ended normally on the server's side (`phx_close`). */
  close(): void;
  /** The channel crashed or lost its backing connection (`phx_error`; the client library rejoins). */
  error(): void;
}

/** The answer to a push: `phx_reply {status, response}`. */
export interface PushReply {
  status: "ok" | "error";
  response: unknown;
}

/** A joined channel. */
export interface Channel {
  /** Called once the join reply is out: the channel may push from now on. */
  start?(): void;
  handleIn(event: string, payload: unknown): Promise<PushReply>;
  /** The client left the topic (`phx_leave`). */
  leave(): void;
  /** The socket closed without leaving. */
  disconnect(): void;
}

/** What a join is given. */
export interface JoinRequest {
  subtopic: string;
  payload: unknown;
  /** The socket's identity (undefined: its token was refused). */
  identity?: GatewayIdentity;
  /** Whether the socket came from the trusted gateway (LOBBY_TRUST_USER_HEADER and its secret or address): seed 002's join payload ids are taken then. */
  trustedGateway: boolean;
  output: ChannelOutput;
}

export type JoinResult = { ok: true; response: unknown; channel: Channel } | { ok: false; reason: string };

/** A topic family, e.g. prefix "room:" for "room:{room_id}". */
export interface TopicHandler {
  prefix: string;
  join(request: JoinRequest): Promise<JoinResult>;
}
