/** Queries on `rooms`: plain functions taking the database first. */
import { eq } from "drizzle-orm";
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
