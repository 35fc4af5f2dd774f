/** Chat's queries: messages and members of a room's conversation (plain functions taking the database first). */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { chatMembers, chatMessages, rooms, type ChatMemberRole, type ChatMemberRow, type ChatMessageRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";

/** A message to store. */
export interface NewChatMessage {
  id: string;
  roomId: string;
  senderId: string;
  senderName: string;
  body: string;
  sentAt: Date;
}

/** Stores a message; returns the row as stored (with `inserted_at`). */
export async function insertMessage(db: Database, message: NewChatMessage): Promise<ChatMessageRow> {
  const [row] = await db.insert(chatMessages).values(message).returning();
  return row!;
}

/** A room's messages, newest first, older than the message `before` (when given). */
export async function listMessages(db: Database, roomId: string, limit: number, beforeSeq?: number): Promise<ChatMessageRow[]> {
  const where = beforeSeq === undefined ? eq(chatMessages.roomId, roomId) : and(eq(chatMessages.roomId, roomId), lt(chatMessages.seq, beforeSeq));
  return db.select().from(chatMessages).where(where).orderBy(desc(chatMessages.seq)).limit(limit);
}

/** The position (`seq`) of a message of this room, or undefined when the room has no such message. */
export async function messageSeq(db: Database, roomId: string, id: string): Promise<number | undefined> {
  const [row] = await db
    .select({ seq: chatMessages.seq })
    .from(chatMessages)
    .where(and(eq(chatMessages.id, id), eq(chatMessages.roomId, roomId)))
    .limit(1);
  return row?.seq;
}

/** Records (or refreshes) members, several rooms at once; a player stays a player if they later watch. Keys must not repeat. */
export async function upsertMembers(db: Database, members: Array<{ roomId: string; userId: string; name: string; role: ChatMemberRole }>): Promise<void> {
  if (members.length === 0) return;
  await db
    .insert(chatMembers)
    .values(members)
    .onConflictDoUpdate({
      target: [chatMembers.roomId, chatMembers.userId],
      set: {
        name: sql`excluded.name`,
        role: sql`case when ${chatMembers.role} = 'player' then 'player' else excluded.role end`,
      },
    });
}

/** A recorded member of a room, or undefined. */
export async function getMember(db: Database, roomId: string, userId: string): Promise<ChatMemberRow | undefined> {
  const [row] = await db
    .select()
    .from(chatMembers)
    .where(and(eq(chatMembers.roomId, roomId), eq(chatMembers.userId, userId)))
    .limit(1);
  return row;
}

/** What the database knows of a room for chat: whether it exists and its assigned players (managed rooms). */
export async function roomForChat(db: Database, roomId: string): Promise<{ playerIds: string[] } | undefined> {
  const [row] = await db.select({ playerIds: rooms.playerIds }).from(rooms).where(eq(rooms.id, roomId)).limit(1);
  if (row !== undefined) return { playerIds: row.playerIds };
  // a room known only by its members (its row not written yet, or written by another database's node)
  const [member] = await db.select({ userId: chatMembers.userId }).from(chatMembers).where(eq(chatMembers.roomId, roomId)).limit(1);
  return member === undefined ? undefined : { playerIds: [] };
}
