/**
 * The "nothing is lost" store for `finished` callbacks the platform did not
 * acknowledge: queries on `persist_failed` as plain functions taking the
 * database first, and `PersistFailedStore`, which keeps the table, its Redis
 * mirror (`persist_failed:{room_id}`, the contract's recovery key, JSON, no
 * expiry) and the backlog gauge together.
 */
import { asc, count, eq, inArray, lte, sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import { z } from "zod";
import { persistFailed, type PersistFailedRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { FinishedBody } from "./types.js";

/** Prefix of the Redis keys the contract names for unacknowledged results. */
export const PERSIST_FAILED_KEY_PREFIX = "persist_failed:";

/** The Redis key holding a room's unacknowledged `finished` body. */
export function persistFailedKey(roomId: string): string {
  return `${PERSIST_FAILED_KEY_PREFIX}${roomId}`;
}

/** One stored callback as GET /internal/persist-failed lists it (times in ISO-8601 UTC). */
export interface PersistFailedEntry {
  room_id: string;
  payload: FinishedBody;
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string;
}

/** What is written when a `finished` callback is given up on for now. */
export interface PersistFailedWrite {
  roomId: string;
  payload: FinishedBody;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
}

/** Stores a room's unacknowledged body; storing the same room again replaces the body and the failure details. */
export async function savePersistFailed(db: Database, entry: PersistFailedWrite, at: Date = new Date()): Promise<void> {
  const values = {
    roomId: entry.roomId,
    payload: entry.payload,
    attempts: entry.attempts,
    lastError: entry.lastError,
    nextAttemptAt: entry.nextAttemptAt,
    updatedAt: at,
  };
  await db
    .insert(persistFailed)
    .values(values)
    .onConflictDoUpdate({
      target: persistFailed.roomId,
      set: {
        payload: values.payload,
        attempts: sql`greatest(${persistFailed.attempts}, ${values.attempts})`,
        lastError: values.lastError,
        nextAttemptAt: values.nextAttemptAt,
        updatedAt: at,
      },
    });
}

/** Stores a body only when the room has no row yet; true when it was inserted. */
export async function insertPersistFailedIfMissing(db: Database, entry: PersistFailedWrite): Promise<boolean> {
  const inserted = await db
    .insert(persistFailed)
    .values(entry)
    .onConflictDoNothing({ target: persistFailed.roomId })
    .returning({ roomId: persistFailed.roomId });
  return inserted.length > 0;
}

/** One room's stored row, or undefined. */
export async function getPersistFailed(db: Database, roomId: string): Promise<PersistFailedRow | undefined> {
  const [row] = await db.select().from(persistFailed).where(eq(persistFailed.roomId, roomId)).limit(1);
  return row;
}

/** Every stored callback, oldest first, shaped for GET /internal/persist-failed. */
export async function listPersistFailed(db: Database): Promise<PersistFailedEntry[]> {
  const rows = await db.select().from(persistFailed).orderBy(asc(persistFailed.createdAt), asc(persistFailed.roomId));
  return rows.map((row) => ({
    room_id: row.roomId,
    payload: row.payload,
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    next_attempt_at: row.nextAttemptAt.toISOString(),
  }));
}

/**
 * Takes up to `limit` rows due at `now` for delivery: their next attempt
 * moves to `leaseUntil`, so no other worker (on this node or another sharing
 * the database) takes them while this one is delivering; a worker that dies
 * mid-delivery leaves them due again when the lease ends.
 */
export async function claimDuePersistFailed(
  db: Database,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<PersistFailedRow[]> {
  // two statements in one transaction rather than UPDATE … IN (SELECT … LIMIT … SKIP LOCKED),
  // which the planner may evaluate more than once
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ roomId: persistFailed.roomId })
      .from(persistFailed)
      .where(lte(persistFailed.nextAttemptAt, now))
      .orderBy(asc(persistFailed.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(persistFailed)
      .set({ nextAttemptAt: leaseUntil, updatedAt: now })
      .where(inArray(persistFailed.roomId, due.map((row) => row.roomId)))
      .returning();
  });
}

/** Notes one more failed delivery and when to try next. */
export async function recordRedeliveryFailure(
  db: Database,
  roomId: string,
  lastError: string,
  nextAttemptAt: Date,
  at: Date = new Date(),
): Promise<void> {
  await db
    .update(persistFailed)
    .set({ attempts: sql`${persistFailed.attempts} + 1`, lastError, nextAttemptAt, updatedAt: at })
    .where(eq(persistFailed.roomId, roomId));
}

/** Forgets a room's stored callback. */
export async function deletePersistFailed(db: Database, roomId: string): Promise<void> {
  await db.delete(persistFailed).where(eq(persistFailed.roomId, roomId));
}

/** Number of stored callbacks. */
export async function countPersistFailed(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(persistFailed);
  return row?.n ?? 0;
}

/** The stored body as read back from Redis; `result_data` keeps every field. */
const finishedBodySchema = z.object({
  room_id: z.string().min(1),
  winner_id: z.string().nullable(),
  result_data: z.looseObject({
    players: z.record(z.string(), z.record(z.string(), z.unknown())),
    turns_played: z.number(),
    duration_seconds: z.number(),
  }),
  finished_at: z.string(),
});

/** Settings of a `PersistFailedStore`. */
export interface PersistFailedStoreOptions {
  db: Database;
  /** The Redis mirror; without it only the database copy is kept. */
  redis?: Redis;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
}

/** Keeps the database table, the Redis mirror and the backlog gauge in step. */
export class PersistFailedStore {
  readonly db: Database;
  private readonly redis: Redis | undefined;
  private readonly logger: Logger;
  private readonly metrics: Metrics;
  private readonly now: () => Date;

  constructor(options: PersistFailedStoreOptions) {
    this.db = options.db;
    this.redis = options.redis;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Stores an unacknowledged `finished` body in the database (due for
   * redelivery at once) and in Redis. Each copy is written even when the
   * other fails; when both fail the body is logged whole as the last copy.
   */
  async save(payload: FinishedBody, failure: { attempts: number; lastError: string | null }): Promise<{ database: boolean; redis: boolean }> {
    const at = this.now();
    const [database, redis] = await Promise.allSettled([
      savePersistFailed(this.db, { roomId: payload.room_id, payload, ...failure, nextAttemptAt: at }, at),
      this.redis === undefined ? Promise.resolve() : this.redis.set(persistFailedKey(payload.room_id), JSON.stringify(payload)),
    ]);
    const stored = { database: database.status === "fulfilled", redis: this.redis !== undefined && redis.status === "fulfilled" };
    if (database.status === "rejected") {
      this.logger.error({ err: database.reason, room_id: payload.room_id }, "could not store the unacknowledged result in the database");
    }
    if (redis.status === "rejected") {
      this.logger.error({ err: redis.reason, room_id: payload.room_id }, "could not store the unacknowledged result in Redis");
    }
    if (!stored.database && !stored.redis) {
      this.logger.fatal({ room_id: payload.room_id, payload }, "result could not be stored anywhere; this log line is its only copy");
    } else {
      this.logger.warn({ room_id: payload.room_id, ...stored, attempts: failure.attempts, last_error: failure.lastError }, "result stored for redelivery");
    }
    await this.refreshBacklog();
    return stored;
  }

  /** Removes both copies of a room's stored callback (after the platform acknowledged it, or disowned the room). */
  async clear(roomId: string): Promise<void> {
    await deletePersistFailed(this.db, roomId);
    if (this.redis !== undefined) {
      try {
        await this.redis.del(persistFailedKey(roomId));
      } catch (error) {
        // the next start-up import would bring it back once; the platform treats a repeat as the same result
        this.logger.error({ err: error, room_id: roomId }, "could not delete the Redis copy of a delivered result");
      }
    }
    await this.refreshBacklog();
  }

  /** Takes the rows due now for delivery, holding them for `leaseMs`. */
  claimDue(limit: number, leaseMs: number): Promise<PersistFailedRow[]> {
    const now = this.now();
    return claimDuePersistFailed(this.db, now, new Date(now.getTime() + leaseMs), limit);
  }

  /** Notes a failed redelivery of a room and when to try next. */
  recordFailure(roomId: string, lastError: string, nextAttemptAt: Date): Promise<void> {
    return recordRedeliveryFailure(this.db, roomId, lastError, nextAttemptAt, this.now());
  }

  /**
   * Copies into the database every `persist_failed:*` key of Redis that has
   * no row yet (its database write failed, or it came from a node that could
   * not reach the database). Returns how many rows were added.
   */
  async importFromRedis(): Promise<number> {
    const redis = this.redis;
    if (redis === undefined) return 0;
    let imported = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${PERSIST_FAILED_KEY_PREFIX}*`, "COUNT", 200);
      cursor = next;
      for (const key of keys) {
        if (await this.importKey(redis, key)) imported++;
      }
    } while (cursor !== "0");
    if (imported > 0) {
      this.logger.warn({ imported }, "picked up results found only in Redis");
      await this.refreshBacklog();
    }
    return imported;
  }

  private async importKey(redis: Redis, key: string): Promise<boolean> {
    const roomId = key.slice(PERSIST_FAILED_KEY_PREFIX.length);
    const text = await redis.get(key);
    if (text === null) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const body = finishedBodySchema.safeParse(parsed);
    if (!body.success || body.data.room_id !== roomId) {
      this.logger.error({ key }, "Redis holds a persist_failed key that is not a finished body for its room; leaving it alone");
      return false;
    }
    const payload: FinishedBody = body.data;
    return insertPersistFailedIfMissing(this.db, {
      roomId,
      payload,
      attempts: 0,
      lastError: "found only in Redis",
      nextAttemptAt: this.now(),
    });
  }

  /** Sets the backlog gauge to the number of stored rows; returns it (or -1 when the count failed). */
  async refreshBacklog(): Promise<number> {
    try {
      const n = await countPersistFailed(this.db);
      this.metrics.persistFailedBacklog.set(n);
      return n;
    } catch (error) {
      this.logger.error({ err: error }, "could not count stored results for the backlog gauge");
      return -1;
    }
  }
}
