/** Finished-game callbacks the platform has not acknowledged yet, kept until redelivery succeeds. */
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { FinishedBody } from "../../src/platform/types.js";
import { createdAt, timestampTz } from "./columns.js";

/** The `persist_failed` table: one row per room whose `finished` callback is still owed to the platform. */
export const persistFailed = pgTable(
  "persist_failed",
  {
    roomId: text("room_id").primaryKey(),
    /** The request body exactly as the contract sends it to PUT /internal/rooms/:room_id/finished. */
    payload: jsonb("payload").$type<FinishedBody>().notNull(),
    /** HTTP attempts made so far, the first delivery included. */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    nextAttemptAt: timestampTz("next_attempt_at").notNull().defaultNow(),
    updatedAt: timestampTz("updated_at").notNull().defaultNow(),
  },
  (table) => [index("persist_failed_next_attempt_at_idx").on(table.nextAttemptAt)],
);

/** A row of `persist_failed` as read. */
export type PersistFailedRow = typeof persistFailed.$inferSelect;
/** A row of `persist_failed` as written. */
export type NewPersistFailedRow = typeof persistFailed.$inferInsert;
