/**
 * In-room chat (seed 002): each room is a conversation whose id is the room
 * id. Messages are kept after the room ends; members are everyone who was
 * seated in (or watched) the room, so REST can check membership without the
 * live room.
 */
import { bigserial, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { timestampTz } from "./columns.js";

/** A message's delivery status (the seed's `status`; the server stores only sent messages). */
export const CHAT_MESSAGE_STATUSES = ["sent"] as const;
/** A chat message status. */
export type ChatMessageStatus = (typeof CHAT_MESSAGE_STATUSES)[number];

/** How someone belongs to a room's conversation. */
export const CHAT_MEMBER_ROLES = ["player", "spectator"] as const;
/** A chat member role. */
export type ChatMemberRole = (typeof CHAT_MEMBER_ROLES)[number];

/** The `chat_messages` table: one row per message; `seq` orders a room's messages (and backs the `before` cursor). */
export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid("id").primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull().unique(),
    roomId: text("room_id").notNull(),
    /** The sender's id (JWT subject, or the guest id in guest mode): the message's `profile.id`. */
    senderId: text("sender_id").notNull(),
    /** The sender's display name when the message was sent: `profile.name`. */
    senderName: text("sender_name").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: CHAT_MESSAGE_STATUSES }).notNull().default("sent"),
    /** When the server accepted the message. */
    sentAt: timestampTz("sent_at").notNull(),
    insertedAt: timestampTz("inserted_at").notNull().defaultNow(),
  },
  (table) => [index("chat_messages_room_seq_idx").on(table.roomId, table.seq)],
);

/** A row of `chat_messages` as read. */
export type ChatMessageRow = typeof chatMessages.$inferSelect;

/** The `chat_members` table: who may read and write a room's conversation, recorded when they join the room. */
export const chatMembers = pgTable(
  "chat_members",
  {
    roomId: text("room_id").notNull(),
    userId: text("user_id").notNull(),
    /** Their display name in the room (used for REST posts whose identity carries no name). */
    name: text("name").notNull(),
    role: text("role", { enum: CHAT_MEMBER_ROLES }).notNull(),
    joinedAt: timestampTz("joined_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.roomId, table.userId] })],
);

/** A row of `chat_members` as read. */
export type ChatMemberRow = typeof chatMembers.$inferSelect;
