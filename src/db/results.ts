/** Queries on `game_results`: plain functions taking the database first. */
import { eq } from "drizzle-orm";
import { gameResults, type GameResultRow, type NewGameResultRow } from "../../drizzle/schema/index.js";
import type { Database } from "./database.js";

/** Stores a game's result; storing the same room's result again keeps the first one. */
export async function recordGameResult(db: Database, result: NewGameResultRow): Promise<void> {
  await db.insert(gameResults).values(result).onConflictDoNothing({ target: gameResults.roomId });
}

/** The stored result of a room's game, or undefined. */
export async function getGameResult(db: Database, roomId: string): Promise<GameResultRow | undefined> {
  const [row] = await db.select().from(gameResults).where(eq(gameResults.roomId, roomId)).limit(1);
  return row;
}
