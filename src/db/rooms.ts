/** Queries on `rooms`: plain functions taking the database first (status changes live in lifecycle.ts, with their callbacks). */
import { and, count, eq } from "drizzle-orm";
import { rooms, type NewRoomRow, type RoomRow, type RoomStatus } from "../../drizzle/schema/index.js";
import type { Database } from "./database.js";

/** Records a new room; a second insert of the same id leaves the first row as it is. */
export async function insertRoom(db: Database, room: NewRoomRow): Promise<void> {
  await db.insert(rooms).values(room).onConflictDoNothing({ target: rooms.id });
}

/** One room by id, or undefined. */
export async function getRoom(db: Database, id: string): Promise<RoomRow | undefined> {
  const [row] = await db.select().from(rooms).where(eq(rooms.id, id)).limit(1);
  return row;
}

/** Number of rooms of a node in a status (e.g. games still running on this node at shutdown). */
export async function countRoomsOfNode(db: Database, nodeName: string, status: RoomStatus): Promise<number> {
  const [row] = await db.select({ n: count() }).from(rooms).where(and(eq(rooms.nodeName, nodeName), eq(rooms.status, status)));
  return row?.n ?? 0;
}
