/** The lifecycle outbox: every callback owed to the matchmaking service, written with the state change that causes it. */
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.js";

/** The callbacks of the lifecycle contract (seed 000), in the order a room can make them. */
export const LIFECYCLE_EVENT_KINDS = ["ready", "started", "finished", "aborted"] as const;
/** A lifecycle callback. */
export type LifecycleEventKind = (typeof LIFECYCLE_EVENT_KINDS)[number];

/** Where an outbox row is: owed, acknowledged (2xx), or dropped because the platform does not know the room (404). */
export const OUTBOX_STATES = ["pending", "acknowledged", "dropped"] as const;
/** An outbox row's state. */
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The `lifecycle_outbox` table: one row per callback; rows of one room are delivered in `id` order. */
export const lifecycleOutbox = pgTable(
  "lifecycle_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    roomId: text("room_id").notNull(),
    kind: text("kind", { enum: LIFECYCLE_EVENT_KINDS }).notNull(),
    /** The request body exactly as the contract sends it. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: OUTBOX_STATES }).notNull().default("pending"),
    /** HTTP attempts made so far. */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    /** Not before this time; while a worker delivers the row, the end of its lease. */
    nextAttemptAt: timestampTz("next_attempt_at").notNull().defaultNow(),
    /** The worker holding the lease (`<node name>/<boot id>`), if any. */
    claimedBy: text("claimed_by"),
    acknowledgedAt: timestampTz("acknowledged_at"),
    updatedAt: timestampTz("updated_at").notNull().defaultNow(),
  },
  (table) => [
    index("lifecycle_outbox_room_idx").on(table.roomId, table.id),
    index("lifecycle_outbox_due_idx").on(table.nextAttemptAt).where(sql`${table.state} = 'pending'`),
  ],
);

/** A row of `lifecycle_outbox` as read. */
export type OutboxRow = typeof lifecycleOutbox.$inferSelect;
/** A row of `lifecycle_outbox` as written. */
export type NewOutboxRow = typeof lifecycleOutbox.$inferInsert;
