/**
 * Keeps the lifecycle outbox from growing for ever: once an hour, rows the
 * platform acknowledged (or dropped: it did not know the room) more than
 * OUTBOX_RETENTION_DAYS ago are deleted, in batches so that one pass never
 * holds the table (or PGlite's single thread) for long. Owed rows are never
 * touched. Every node runs one; deleting is idempotent, so nodes sharing a
 * database need no coordination.
 */
import { pruneSettledOutbox } from "../db/outbox.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";

const DAY_MS = 86_400_000;

export interface OutboxPruningOptions {
  db: Database;
  logger: Logger;
  /** Days a settled row is kept; 0 keeps every row. */
  retentionDays: number;
  /** Time between passes. */
  intervalMs?: number;
  /** Rows deleted per statement. */
  batchSize?: number;
  /** Statements per pass at most (the next pass goes on). */
  maxBatchesPerPass?: number;
  now?: () => Date;
}

export class OutboxPruner {
  private readonly options: Required<OutboxPruningOptions>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(options: OutboxPruningOptions) {
    this.options = { intervalMs: 3_600_000, batchSize: 1_000, maxBatchesPerPass: 100, now: () => new Date(), ...options };
  }

  /** Runs a pass now and then every interval (nothing with a retention of 0). */
  start(): void {
    if (this.options.retentionDays === 0 || this.timer !== undefined) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** No further pass starts; waits for one under way (the database is closed after this). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: deletes settled rows past the retention, batch by batch; returns how many. Never throws. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { db, logger, retentionDays, batchSize, maxBatchesPerPass, now } = this.options;
    if (retentionDays === 0) return 0;
    const before = new Date(now().getTime() - retentionDays * DAY_MS);
    let deleted = 0;
    try {
      for (let batch = 0; batch < maxBatchesPerPass; batch++) {
        const n = await pruneSettledOutbox(db, before, batchSize);
        deleted += n;
        if (n < batchSize) break;
      }
    } catch (error) {
      logger.warn({ err: error, deleted }, "pruning the lifecycle outbox failed; the next pass tries again");
      return deleted;
    }
    if (deleted > 0) logger.info({ deleted, retention_days: retentionDays }, "pruned settled lifecycle callbacks");
    return deleted;
  }
}
