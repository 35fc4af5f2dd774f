/**
 * `conversation:{room_id}` over Phoenix: seed 002's chat, on the chat service
 * the rooms and REST share (src/chat/). Each game room is a conversation whose
 * id is the room id.
 *
 * - Join: the caller is the socket's JWT (the `token` connect parameter), or
 *   seed 002's join payload `{account_id, profile_id}` — taken only from a
 *   socket the trusted gateway opened (the lobby's rule: LOBBY_TRUST_USER_HEADER
 *   and LOBBY_GATEWAY_SECRET in `X-Gateway-Secret`, or a LOBBY_GATEWAY_ADDRESSES
 *   peer), the two ids equal (one profile per account here), and equal to the
 *   token's subject when both are given. No caller: `{reason: "unauthorized"}`;
 *   not a member of the room (or no such room): `{reason: "forbidden"}`.
 * - `message:create {body}` → reply `{data: message}`, or `{errors: {body:
 *   ["can't be blank"]}}` / `{errors: ["rate_limited"]}` / `{errors:
 *   ["internal_error"]}` with status "error".
 * - Every new message of the room, from any channel and any node, is pushed
 *   as `message_created {data: message}` to every joined member (the sender
 *   included: clients merge by id).
 */
import type { ChatIdentity, ChatService } from "../chat/index.js";
import { errorBody } from "../chat/index.js";
import type { Channel, ChannelOutput, JoinRequest, JoinResult, PushReply, TopicHandler } from "./topics.js";

const ROOM_ID = /^[A-Za-z0-9_-]{1,128}$/;
const PAYLOAD_ID = /^[\x21-\x7e]{1,128}$/;

export function conversationTopic(chat: ChatService): TopicHandler {
  return {
    prefix: "conversation:",
    async join(request: JoinRequest): Promise<JoinResult> {
      const caller = callerOf(request);
      if (caller === undefined) return { ok: false, reason: "unauthorized" };
      if (!ROOM_ID.test(request.subtopic)) return { ok: false, reason: "forbidden" };
      const access = await chat.access(request.subtopic, caller.userId).catch(() => ({ ok: false as const }));
      if (!access.ok) return { ok: false, reason: "forbidden" };
      const channel = new ConversationChannel(chat, request.subtopic, caller, request.output);
      await channel.listen();
      return { ok: true, response: {}, channel };
    },
  };
}

/** The caller of a join: the token's user, or the trusted gateway's ids; undefined when neither holds. */
function callerOf(request: JoinRequest): ChatIdentity | undefined {
  const fromToken: ChatIdentity | undefined =
    request.identity?.userId !== undefined
      ? { userId: request.identity.userId, ...(request.identity.displayName !== undefined ? { displayName: request.identity.displayName } : {}) }
      : undefined;
  const payload = request.payload !== null && typeof request.payload === "object" && !Array.isArray(request.payload) ? (request.payload as Record<string, unknown>) : {};
  const account = Object.hasOwn(payload, "account_id") ? payload.account_id : undefined;
  const profile = Object.hasOwn(payload, "profile_id") ? payload.profile_id : undefined;
  let fromGateway: ChatIdentity | undefined;
  if (request.trustedGateway && (account !== undefined || profile !== undefined)) {
    if (typeof account !== "string" || typeof profile !== "string" || !PAYLOAD_ID.test(account) || account !== profile) return undefined;
    fromGateway = { userId: profile };
  }
  if (fromToken !== undefined && fromGateway !== undefined && fromToken.userId !== fromGateway.userId) return undefined;
  return fromToken ?? fromGateway;
}

class ConversationChannel implements Channel {
  private stop?: () => void;
  private ended = false;

  constructor(
    private readonly chat: ChatService,
    private readonly roomId: string,
    private readonly caller: ChatIdentity,
    private readonly output: ChannelOutput,
  ) {}

  async listen(): Promise<void> {
    this.stop = await this.chat.subscribe(this.roomId, (message) => {
      if (!this.ended) this.output.push("message_created", { data: message });
    });
  }

  async handleIn(event: string, payload: unknown): Promise<PushReply> {
    if (event !== "message:create") return { status: "error", response: { reason: "unknown event" } };
    const body = payload !== null && typeof payload === "object" && !Array.isArray(payload) && Object.hasOwn(payload, "body") ? (payload as { body: unknown }).body : undefined;
    const result = await this.chat.post(this.roomId, this.caller, body);
    return result.ok ? { status: "ok", response: { data: result.data } } : { status: "error", response: errorBody(result.failure) };
  }

  leave(): void {
    this.end();
  }

  disconnect(): void {
    this.end();
  }

  private end(): void {
    this.ended = true;
    this.stop?.();
    this.stop = undefined;
  }
}
