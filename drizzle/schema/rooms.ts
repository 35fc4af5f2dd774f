/** Rooms this server has run, one row per room, whichever node held it. */
import { boolean, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.js";

/** Where a room is in its life. */
export const ROOM_STATUSES = ["created", "ready", "running", "finished", "aborted"] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];

/** The `rooms` table. */
export const rooms = pgTable(
  "rooms",
  {
    id: text("id").primaryKey(),
    gameRules: text("game_rules").notNull(),
    nodeName: text("node_name").notNull(),
    status: text("status", { enum: ROOM_STATUSES }).notNull().default("created"),
    /** Created by the matchmaking service, which is told of its life through the outbox. */
    managed: boolean("managed").notNull().default(false),
    playerIds: jsonb("player_ids").$type<string[]>().notNull().default([]),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    startedAt: timestampTz("started_at"),
    finishedAt: timestampTz("finished_at"),
  },
  (table) => [index("rooms_status_idx").on(table.status), index("rooms_node_name_idx").on(table.nodeName)],
);

/** A row of `rooms` as read. */
export type RoomRow = typeof rooms.$inferSelect;
/** A row of `rooms` as written. */
export type NewRoomRow = typeof rooms.$inferInsert;
