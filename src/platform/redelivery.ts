/**
 * Background redelivery of stored `finished` callbacks: every poll it takes
 * the rows that are due, sends each once, and on a 2xx clears both copies
 * (database row and Redis key). Waits between tries grow from 5 s to 5 min.
 *
 * A 404 on redelivery means the platform does not know the room (it was
 * deleted, or belongs to another environment): no later try can succeed, so
 * the row is logged whole and cleared; the result itself stays in
 * `game_results`.
 *
 * On start it first copies keys found only in Redis into the database; rows
 * left by an earlier life of the process are simply due. Rows are claimed
 * with a lease in the database, so two passes — of this worker or of another
 * node sharing the database — never deliver the same row at the same time.
 */
import type { PersistFailedRow } from "../../drizzle/schema/index.js";
import type { Logger } from "../logger.js";
import type { PlatformClient } from "./client.js";
import type { PersistFailedStore } from "./persist-failed-store.js";

/** Settings of a `RedeliveryWorker`. */
export interface RedeliveryOptions {
  store: PersistFailedStore;
  client: PlatformClient;
  logger: Logger;
  /** Shortest wait after a failed redelivery. */
  initialDelayMs?: number;
  /** Longest wait after a failed redelivery. */
  maxDelayMs?: number;
  /** How often the table is checked for due rows. */
  pollIntervalMs?: number;
  /** Most rows delivered (in parallel) per pass. */
  batchSize?: number;
  /** How long a claimed row is held by this worker; longer than one request's time limit. */
  leaseMs?: number;
  now?: () => Date;
}

/** What one pass did. */
export interface RedeliveryPass {
  delivered: number;
  dropped: number;
  failed: number;
}

/**
 * The wait before the next try of a row that has existed for `ageMs`: its age,
 * clamped to [initial, max]. Each wait thus doubles the age (5 s, 5 s, 10 s,
 * 20 s, … 5 min) and the schedule needs no state beyond `created_at`, so it
 * survives restarts.
 */
export function redeliveryDelay(ageMs: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, Math.max(initialDelayMs, ageMs));
}

/** Redelivers stored `finished` callbacks until the platform acknowledges them. */
export class RedeliveryWorker {
  private readonly store: PersistFailedStore;
  private readonly client: PlatformClient;
  private readonly logger: Logger;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RedeliveryPass> | undefined;
  private started = false;
  private importedFromRedis = false;

  constructor(options: RedeliveryOptions) {
    this.store = options.store;
    this.client = options.client;
    this.logger = options.logger;
    this.initialDelayMs = options.initialDelayMs ?? 5_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts polling; the first pass (with the Redis import) runs at once. Calling it twice does nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a pass under way to finish. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Runs one pass now; while a pass is under way, answers with that pass instead of starting another. */
  runOnce(): Promise<RedeliveryPass> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runOnce().then(
        (pass) => this.schedule(pass.delivered + pass.dropped + pass.failed >= this.batchSize ? 0 : this.pollIntervalMs),
        () => this.schedule(this.pollIntervalMs),
      );
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<RedeliveryPass> {
    const result: RedeliveryPass = { delivered: 0, dropped: 0, failed: 0 };
    if (!this.importedFromRedis) {
      try {
        await this.store.importFromRedis();
        this.importedFromRedis = true;
      } catch (error) {
        this.logger.error({ err: error }, "could not import persist_failed keys from Redis; will try again");
      }
    }
    let rows: PersistFailedRow[];
    try {
      rows = await this.store.claimDue(this.batchSize, this.leaseMs);
    } catch (error) {
      this.logger.error({ err: error }, "could not read stored results for redelivery");
      await this.store.refreshBacklog();
      return result;
    }
    const outcomes = await Promise.all(rows.map((row) => this.redeliver(row)));
    for (const outcome of outcomes) result[outcome]++;
    // every pass, so the gauge also follows rows added or cleared by other nodes sharing the database
    await this.store.refreshBacklog();
    return result;
  }

  private async redeliver(row: PersistFailedRow): Promise<keyof RedeliveryPass> {
    const context = { room_id: row.roomId, attempts: row.attempts + 1 };
    const outcome = await this.client.deliverFinished(row.payload, { maxAttempts: 1, kind: "finished_redelivery" });
    try {
      if (outcome.ok) {
        await this.store.clear(row.roomId);
        this.logger.info(context, "stored result delivered to the platform");
        return "delivered";
      }
      if (outcome.kind === "not_found") {
        await this.store.clear(row.roomId);
        this.logger.warn({ ...context, payload: row.payload }, "platform does not know the room of a stored result (404); dropped it");
        return "dropped";
      }
      const now = this.now();
      const waitMs = redeliveryDelay(now.getTime() - row.createdAt.getTime(), this.initialDelayMs, this.maxDelayMs);
      await this.store.recordFailure(row.roomId, outcome.error ?? outcome.kind, new Date(now.getTime() + waitMs));
      this.logger.warn({ ...context, outcome: outcome.kind, error: outcome.error, retry_in_ms: waitMs }, "redelivery of a stored result failed");
      return "failed";
    } catch (error) {
      // the lease runs out and the row is tried again
      this.logger.error({ err: error, ...context }, "could not update a stored result after redelivery");
      return "failed";
    }
  }
}
