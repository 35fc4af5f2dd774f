/**
 * The chat service (seed 002 over this server's rooms): each room is a
 * conversation whose id is the room id. Transport-free, so the room
 * connection, REST and any other channel (e.g. Phoenix Channels) share it:
 *
 * - `post(roomId, identity, body)` → the stored message, or a failure (not a member, invalid, rate-limited);
 * - `history(roomId, identity, {limit, before})` → messages newest first;
 * - `access(roomId, userId)` → whether the room exists and the caller may read and write it;
 * - `subscribe(roomId, listener)` → every new message of the room, from whichever node stored it
 *   (Colyseus presence pub/sub: Redis across nodes, in-process otherwise);
 * - `recordMember(roomId, member)` → rooms call it when someone is seated or starts watching.
 *
 * Members are who was seated in or watched the room (recorded in the
 * database when they join, so they keep access after the room ends) and the
 * players a managed room was created for.
 */
import { randomUUID } from "node:crypto";
import type { ChatMemberRole } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { toMessage, type ChatFailure, type ChatMessage, type ChatResult } from "./message.js";
import { ChatRateLimits } from "./rate-limits.js";
import { MemberBatch } from "./member-batch.js";
import { getMember, insertMessage, listMessages, messageSeq, roomForChat, upsertMembers } from "./store.js";
import { checkBody, parseHistoryQuery } from "./validation.js";

/** Who calls: a verified user id, with the display name their identity carries (if any). */
export interface ChatIdentity {
  userId: string;
  displayName?: string;
}

/** Someone who belongs to a room's conversation. */
export interface ChatMemberInfo {
  userId: string;
  name: string;
  role: ChatMemberRole;
}

/** Receives every new message of a room. */
export type ChatListener = (message: ChatMessage) => void;

/** The part of Colyseus presence chat uses (a room's own scoped presence drops its subscriptions when the room is disposed). */
export interface ChatPresence {
  publish(topic: string, data: unknown): unknown;
  subscribe(topic: string, callback: (data: unknown) => void): Promise<unknown>;
  unsubscribe(topic: string, callback?: (data: unknown) => void): unknown;
}

/** Longest display name a message carries. */
const MAX_NAME = 64;

/** The presence channel carrying a room's new messages. */
export function chatTopic(roomId: string): string {
  return `chat:${roomId}`;
}

const fail = <T>(failure: ChatFailure): ChatResult<T> => ({ ok: false, failure });

/** The service; one per process. */
export class ChatService {
  readonly limits: ChatRateLimits;
  private readonly members: MemberBatch;

  constructor(
    private readonly deps: { db: Database; presence: ChatPresence; logger: Logger; limits?: ChatRateLimits },
  ) {
    this.limits = deps.limits ?? new ChatRateLimits();
    this.members = new MemberBatch(
      (members) => upsertMembers(deps.db, members),
      (error, count) => deps.logger.error({ err: error, members: count }, "recording chat members failed"),
    );
  }

  /** Whether `userId` may read and write the room's conversation; the member record (name) when recorded. */
  async access(roomId: string, userId: string): Promise<ChatResult<{ name?: string }>> {
    const member = this.members.pending(roomId, userId) ?? (await getMember(this.deps.db, roomId, userId));
    if (member !== undefined) return { ok: true, data: { name: member.name } };
    const room = await roomForChat(this.deps.db, roomId);
    if (room === undefined) return fail({ kind: "not_found" });
    return room.playerIds.includes(userId) ? { ok: true, data: {} } : fail({ kind: "forbidden" });
  }

  /** Posts as `identity` after checking it belongs to the room (REST and other channels without a live seat). */
  async post(roomId: string, identity: ChatIdentity, body: unknown): Promise<ChatResult<ChatMessage>> {
    return this.guarded("posting a chat message", async () => {
      const limited = this.limits.attempt(identity.userId);
      if (!limited.allowed) return fail({ kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds });
      const access = await this.access(roomId, identity.userId);
      if (!access.ok) return access;
      return this.store(roomId, identity.userId, identity.displayName ?? access.data.name ?? identity.userId, body);
    });
  }

  /** Posts for a sender the caller already knows to be a member (a client connected to the room). */
  async postAsMember(roomId: string, sender: { userId: string; name: string }, body: unknown): Promise<ChatResult<ChatMessage>> {
    return this.guarded("posting a chat message", async () => {
      const limited = this.limits.attempt(sender.userId);
      if (!limited.allowed) return fail({ kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds });
      return this.store(roomId, sender.userId, sender.name, body);
    });
  }

  /** The room's messages newest first: `limit` 1–100 (default 50), older than the message `before` when given. */
  async history(roomId: string, identity: ChatIdentity, paging: { limit?: unknown; before?: unknown }): Promise<ChatResult<ChatMessage[]>> {
    return this.guarded("reading chat history", async () => {
      const limited = this.limits.read(identity.userId);
      if (!limited.allowed) return fail({ kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds });
      const access = await this.access(roomId, identity.userId);
      if (!access.ok) return access;
      const parsed = parseHistoryQuery(paging.limit, paging.before);
      if (!parsed.ok) return fail({ kind: "invalid", errors: parsed.errors });
      let beforeSeq: number | undefined;
      if (parsed.query.before !== undefined) {
        beforeSeq = await messageSeq(this.deps.db, roomId, parsed.query.before);
        if (beforeSeq === undefined) return fail({ kind: "invalid", errors: { before: ["must be the id of a message of this conversation"] } });
      }
      const rows = await listMessages(this.deps.db, roomId, parsed.query.limit, beforeSeq);
      return { ok: true, data: rows.map(toMessage) };
    });
  }

  /** Records someone seated in (or watching) the room as a member, with other joins of the moment (./member-batch.ts); never throws. */
  recordMember(roomId: string, member: ChatMemberInfo): void {
    this.members.add({ roomId, userId: member.userId, name: displayName(member.name, member.userId), role: member.role });
  }

  /** Writes the members still queued (shutdown calls it before the database closes). */
  flush(): Promise<void> {
    return this.members.flush();
  }

  /**
   * Calls `listener` with every new message of the room until the returned
   * function is called. `via` is the presence to subscribe on (a room passes
   * its own, which Colyseus cleans up when the room is disposed).
   */
  async subscribe(roomId: string, listener: ChatListener, via: ChatPresence = this.deps.presence): Promise<() => void> {
    const topic = chatTopic(roomId);
    const callback = (data: unknown) => {
      const message = asMessage(data);
      if (message === undefined) return;
      try {
        listener(message);
      } catch (error) {
        this.deps.logger.error({ err: error, room_id: roomId }, "a chat listener failed");
      }
    };
    await via.subscribe(topic, callback);
    return () => void via.unsubscribe(topic, callback);
  }

  /** Validates, stores and announces a message. */
  private async store(roomId: string, senderId: string, name: string, body: unknown): Promise<ChatResult<ChatMessage>> {
    const checked = checkBody(body);
    if (!checked.ok) return fail({ kind: "invalid", errors: checked.errors });
    const limited = this.limits.post(senderId);
    if (!limited.allowed) return fail({ kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds });
    const row = await insertMessage(this.deps.db, {
      id: randomUUID(),
      roomId,
      senderId,
      senderName: displayName(name, senderId),
      body: checked.body,
      sentAt: new Date(),
    });
    const message = toMessage(row);
    try {
      await this.deps.presence.publish(chatTopic(roomId), message);
    } catch (error) {
      // stored all the same: members see it in the history
      this.deps.logger.error({ err: error, room_id: roomId }, "announcing a chat message failed");
    }
    return { ok: true, data: message };
  }

  /** Runs a call; an unexpected failure (database down) is logged and answered as `internal_error`. */
  private async guarded<T>(what: string, work: () => Promise<ChatResult<T>>): Promise<ChatResult<T>> {
    try {
      return await work();
    } catch (error) {
      this.deps.logger.error({ err: error }, `${what} failed`);
      return fail({ kind: "internal_error" });
    }
  }
}

function displayName(name: string, fallback: string): string {
  const trimmed = name.trim();
  return [...(trimmed === "" ? fallback : trimmed)].slice(0, MAX_NAME).join("");
}

/** A message as published by a node of this server (anything else on the channel is ignored). */
function asMessage(data: unknown): ChatMessage | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const m = data as Partial<ChatMessage>;
  if (typeof m.id !== "string" || typeof m.body !== "string" || typeof m.profile !== "object" || m.profile === null) return undefined;
  return {
    id: m.id,
    body: m.body,
    status: "sent",
    sent_at: String(m.sent_at),
    inserted_at: String(m.inserted_at),
    profile: { id: String(m.profile.id), name: String(m.profile.name), mode: "private" },
  };
}
