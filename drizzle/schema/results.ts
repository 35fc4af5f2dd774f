/** Results of finished games, with what is needed to replay them. */
import { index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.js";

/** The `game_results` table: one row per finished game, written before any callback is sent. */
export const gameResults = pgTable(
  "game_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: text("room_id").notNull().unique(),
    gameRules: text("game_rules").notNull(),
    winnerIds: jsonb("winner_ids").$type<string[]>().notNull().default([]),
    resultData: jsonb("result_data").$type<Record<string, unknown>>().notNull(),
    seed: text("seed").notNull(),
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb("actions").$type<unknown[]>().notNull().default([]),
    turnsPlayed: integer("turns_played").notNull().default(0),
    durationSeconds: integer("duration_seconds").notNull().default(0),
    finishedAt: timestampTz("finished_at").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("game_results_game_rules_idx").on(table.gameRules)],
);

/** A row of `game_results` as read. */
export type GameResultRow = typeof gameResults.$inferSelect;
/** A row of `game_results` as written. */
export type NewGameResultRow = typeof gameResults.$inferInsert;
