/**
 * The contract's Redis recovery key for results the platform did not
 * acknowledge: `persist_failed:{room_id}` holds the `finished` body (JSON, no
 * expiry) while the outbox row is owed after a failed delivery, and goes once
 * it is acknowledged. The outbox row is the record; this is its mirror. Keys
 * found only in Redis (written by a node that lost its database) are copied
 * into the outbox at start.
 */
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Database } from "../db/database.js";
import { hasFinishedEvent, insertOutboxEvents } from "../db/outbox.js";
import { getGameResult } from "../db/results.js";
import type { Logger } from "../logger.js";

/** Prefix of the Redis keys the contract names for unacknowledged results. */
export const PERSIST_FAILED_KEY_PREFIX = "persist_failed:";

/** The Redis key holding a room's unacknowledged `finished` body. */
export function persistFailedKey(roomId: string): string {
  return `${PERSIST_FAILED_KEY_PREFIX}${roomId}`;
}

/** A stored body as read back from Redis; `result_data` keeps every field. */
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

/** Keeps `persist_failed:*` in Redis in step with the outbox; a Redis failure is logged, never thrown. */
export class PersistFailedMirror {
  constructor(
    private readonly redis: Redis | undefined,
    private readonly logger: Logger,
  ) {}

  /** Writes a room's unacknowledged body. */
  async save(roomId: string, body: unknown): Promise<void> {
    if (this.redis === undefined) return;
    try {
      await this.redis.set(persistFailedKey(roomId), JSON.stringify(body));
    } catch (error) {
      this.logger.error({ err: error, room_id: roomId }, "could not mirror an unacknowledged result to Redis; the outbox keeps it");
    }
  }

  /** Removes a room's key (acknowledged, or the platform disowned the room). */
  async clear(roomId: string): Promise<void> {
    if (this.redis === undefined) return;
    try {
      await this.redis.del(persistFailedKey(roomId));
    } catch (error) {
      this.logger.error({ err: error, room_id: roomId }, "could not delete the Redis copy of a delivered result");
    }
  }

  /**
   * Copies into the outbox every key whose room has no `finished` row (in any
   * state) and no stored result; keys whose row exists are the mirror of it
   * and stay until it is delivered (a key left behind by a failed delete, its
   * row delivered and pruned, is recognised by the result). Returns how many
   * rows were added.
   */
  async importInto(db: Database): Promise<number> {
    const redis = this.redis;
    if (redis === undefined) return 0;
    let imported = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${PERSIST_FAILED_KEY_PREFIX}*`, "COUNT", 200);
      cursor = next;
      for (const key of keys) if (await this.importKey(redis, db, key)) imported++;
    } while (cursor !== "0");
    if (imported > 0) this.logger.warn({ imported }, "picked up results found only in Redis");
    return imported;
  }

  private async importKey(redis: Redis, db: Database, key: string): Promise<boolean> {
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
    // a result stored here was recorded with its own finished row: that row may since have been delivered and pruned (outbox-pruning.ts)
    if ((await hasFinishedEvent(db, roomId)) || (await getGameResult(db, roomId)) !== undefined) return false;
    await insertOutboxEvents(db, [{ roomId, kind: "finished", payload: body.data }]);
    return true;
  }
}
