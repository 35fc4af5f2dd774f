/** What a finished game needs to be replayed event for event: written with its result row, in the same transaction. */
import { integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";

/**
 * The `game_replays` table: one row per finished game whose record fit the
 * cap (src/replay/record.ts). `steps` are what was applied to the rules
 * engine in order (the start, then every action: players', bots', timeouts',
 * display pauses ending) with the little room context the wire mapping needs
 * (sequence numbers, times, timers, seats).
 */
export const gameReplays = pgTable("game_replays", {
  roomId: text("room_id").primaryKey(),
  gameRules: text("game_rules").notNull(),
  /** Version of the record's layout, so an older record is read as it was written. */
  format: integer("format").notNull(),
  seed: text("seed").notNull(),
  options: jsonb("options").$type<Record<string, unknown>>().notNull(),
  /** Who held each seat when the game started (null: a bot), in seat order: whose stream each seat's is. */
  playerIds: jsonb("player_ids").$type<Array<string | null>>().notNull(),
  /** What else the game's replay needs (the seat names, the game's length...), by game. */
  context: jsonb("context").$type<Record<string, unknown>>().notNull(),
  steps: jsonb("steps").$type<unknown[]>().notNull(),
  stepCount: integer("step_count").notNull(),
  createdAt: createdAt(),
});

/** A row of `game_replays` as read. */
export type GameReplayRow = typeof gameReplays.$inferSelect;
/** A row of `game_replays` as written. */
export type NewGameReplayRow = typeof gameReplays.$inferInsert;
