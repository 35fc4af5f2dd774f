/** Queries on `rooms`: plain functions taking the database first. */
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

/** Moves a room to a new status, stamping the start or finish time where it applies. */
export async function setRoomStatus(db: Database, id: string, status: RoomStatus, at: Date = new Date()): Promise<void> {
  const stamp =
    status === "running" ? { startedAt: at } : status === "finished" || status === "aborted" ? { finishedAt: at } : {};
  await db.update(rooms).set({ status, ...stamp }).where(eq(rooms.id, id));
}

/** Number of rooms of a node in a status (e.g. games still running on this node at shutdown). */
export async function countRoomsOfNode(db: Database, nodeName: string, status: RoomStatus): Promise<number> {
  const [row] = await db.select({ n: count() }).from(rooms).where(and(eq(rooms.nodeName, nodeName), eq(rooms.status, status)));
  return row?.n ?? 0;
}
