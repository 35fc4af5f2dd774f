/** Reads of `game_results` (results are written only by `recordGameFinished` in lifecycle.ts, with the room status and callback). */
import { eq } from "drizzle-orm";
import { gameResults, type GameResultRow } from "../../drizzle/schema/index.js";
import type { Database } from "./database.js";

/** The stored result of a room's game, or undefined. */
export async function getGameResult(db: Database, roomId: string): Promise<GameResultRow | undefined> {
  const [row] = await db.select().from(gameResults).where(eq(gameResults.roomId, roomId)).limit(1);
  return row;
}
