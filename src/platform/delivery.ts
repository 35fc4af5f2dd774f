/**
 * The one worker that sends the outbox to the matchmaking service. Each pass
 * takes the rows that are due — only the oldest owed row of each room, so a
 * room's callbacks arrive in order — leases them in the database (so no other
 * worker, of this node or another sharing the database, sends them at the
 * same time) and delivers them in parallel across rooms.
 *
 * A row's first delivery uses the contract's retry policy (3 attempts, 5 s
 * each, backoff); after that it is redelivered one attempt at a time, waiting
 * its age clamped to [5 s, 5 min]. A 2xx acknowledges the row (once: the
 * update only applies to a pending row); a 404 drops it (the platform does
 * not know the room); anything else keeps it owed, and an owed `finished` is
 * mirrored to Redis `persist_failed:{room_id}`.
 *
 * A pass runs when a callback is recorded, when a delivery ends that a room's
 * next row was waiting behind (or while due rows wait for a free slot), and
 * otherwise every `pollIntervalMs` (redeliveries). A pass is one statement;
 * each delivery's end is one more. Rows stay in the table until
 * acknowledged and survive restarts; at start a node ends the leases its
 * previous life held and makes every owed row due at once.
 */
import { randomUUID } from "node:crypto";
import type { OutboxRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import { acknowledgeOutbox, claimDueOutbox, countPersistFailed, dropOutbox, markFinishedWaiting, recordOutboxFailure, makeOwedDueNow, releaseWorkerLeases } from "../db/outbox.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { PlatformClient } from "./client.js";
import type { PersistFailedMirror } from "./persist-failed.js";

/** Settings of a `DeliveryWorker`. */
export interface DeliveryOptions {
  db: Database;
  client: PlatformClient;
  mirror: PersistFailedMirror;
  logger: Logger;
  metrics: Metrics;
  nodeName: string;
  /** Shortest wait before redelivering a row that failed. */
  initialDelayMs?: number;
  /** Longest wait before redelivering a row that failed. */
  maxDelayMs?: number;
  /** How often the table is checked when nothing wakes the worker. */
  pollIntervalMs?: number;
  /** Most rows delivered (in parallel) per pass. */
  batchSize?: number;
  /** How long a claimed row is held; longer than a whole first delivery (3 × 5 s plus backoff). */
  leaseMs?: number;
  now?: () => Date;
}

/** What one pass did. */
export interface DeliveryPass {
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

/** A claim's deliveries, started. */
type Claim = Array<Promise<keyof DeliveryPass>>;

/** How one delivery ended, and what it tells about rows that may be due now. */
interface Delivered {
  outcome: keyof DeliveryPass;
  row: OutboxRow;
  /** The acknowledged row's room has a later callback pending (it waited behind this one). */
  roomHasMore: boolean;
  /** A callback was recorded while the row's end was written: it may have been held up by this row. */
  recordedMeanwhile: boolean;
}

/** Delivers the outbox until every row is acknowledged. */
export class DeliveryWorker {
  /** This worker's lease name: `<node name>/<boot id>`. */
  readonly workerId: string;
  private readonly options: Required<Omit<DeliveryOptions, "now">> & { now: () => Date };
  private timer: NodeJS.Timeout | undefined;
  /** The claim under way, if any. */
  private claiming: Promise<Claim> | undefined;
  /** Whether the last claim took as many rows as it could: more may be due once a delivery slot frees. */
  private lastClaimFilled = false;
  /** Deliveries under way. */
  private readonly inFlight = new Set<Promise<Delivered>>();
  private started = false;
  private stopping = false;
  private wakeRequested = false;
  private prepared = false;
  /** Callbacks recorded so far (see `recorded`): a delivery that saw it change may have a successor waiting. */
  private recordedCount = 0;

  constructor(options: DeliveryOptions) {
    this.options = {
      initialDelayMs: 5_000,
      maxDelayMs: 300_000,
      pollIntervalMs: 5_000,
      batchSize: 20,
      leaseMs: 60_000,
      now: () => new Date(),
      ...options,
    };
    this.workerId = `${options.nodeName}/${randomUUID()}`;
  }

  /** Starts delivering; the first pass (which ends leases of this node's previous life and imports Redis keys) runs at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** A callback was just recorded: a pass now. */
  recorded(): void {
    this.recordedCount++;
    this.wake();
  }

  /** Asks for a pass now (a callback was just recorded, or a delivery ended). */
  wake(): void {
    if (!this.started) return;
    if (this.claiming !== undefined) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Stops: no new delivery or retry starts; waits up to `timeoutMs` for
   * attempts under way (so an acknowledgement that arrives is recorded), then
   * ends this worker's leases so the next life sends the rest at once.
   */
  async stop(timeoutMs = 6_000): Promise<void> {
    this.started = false;
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    let timer: NodeJS.Timeout | undefined;
    const settled = Promise.allSettled([this.claiming, ...this.inFlight]);
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    try {
      await releaseWorkerLeases(this.options.db, this.workerId, this.options.now());
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not end this worker's leases; they run out by themselves");
    }
  }

  /** Takes what is due now and delivers it; resolves once those deliveries ended (for tests and tools). */
  async runOnce(): Promise<DeliveryPass> {
    const result: DeliveryPass = { delivered: 0, dropped: 0, failed: 0 };
    for (const outcome of await Promise.all(await this.claimAndStart())) result[outcome]++;
    return result;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.claimAndStart().then(
        () => {
          // a claim took every row due, or filled every slot (then each delivery's end wakes the worker)
          const again = this.wakeRequested;
          this.wakeRequested = false;
          this.schedule(again ? 0 : this.options.pollIntervalMs);
        },
        () => this.schedule(this.options.pollIntervalMs),
      );
    }, delayMs);
    this.timer.unref();
  }

  private async prepare(): Promise<void> {
    if (this.prepared) return;
    const { db, logger, nodeName, mirror } = this.options;
    try {
      const owed = await makeOwedDueNow(db, nodeName, this.workerId, this.options.now());
      if (owed > 0) logger.info({ rows: owed }, "callbacks still owed to the platform are due now");
      await mirror.importInto(db);
      this.prepared = true;
      void this.refreshBacklog();
    } catch (error) {
      logger.error({ err: error }, "could not prepare the outbox (leases, Redis import); will try again");
    }
  }

  /** Claims due rows (up to the free delivery slots) and starts delivering each; one claim at a time. */
  private claimAndStart(): Promise<Claim> {
    this.claiming ??= this.claim().finally(() => {
      this.claiming = undefined;
    });
    return this.claiming;
  }

  private async claim(): Promise<Claim> {
    await this.prepare();
    const { db, logger, batchSize, leaseMs } = this.options;
    const free = batchSize - this.inFlight.size;
    if (this.stopping) return [];
    if (free <= 0) {
      // every slot is busy: rows due now are left for when one frees
      this.lastClaimFilled = true;
      return [];
    }
    let rows: OutboxRow[];
    try {
      const now = this.options.now();
      rows = await claimDueOutbox(db, this.workerId, now, new Date(now.getTime() + leaseMs), free);
    } catch (error) {
      logger.error({ err: error }, "could not read the outbox");
      return [];
    }
    const started = rows.map((row) => {
      const delivery = this.deliver(row);
      this.inFlight.add(delivery);
      void delivery.then(
        ({ outcome, row, roomHasMore, recordedMeanwhile }) => {
          this.inFlight.delete(delivery);
          // the persist_failed backlog changes only when a delivery fails or a row that had failed ends
          if (outcome !== "delivered" || row.lastError !== null) void this.refreshBacklog();
          // a pass is needed when this row held up its room's next one, when a callback recorded meanwhile may
          // have been held up by it, or when the last claim left due rows for want of a free slot
          if (outcome === "dropped" || roomHasMore || recordedMeanwhile || this.lastClaimFilled) this.wake();
        },
        () => this.inFlight.delete(delivery),
      );
      return delivery.then(({ outcome }) => outcome);
    });
    this.lastClaimFilled = rows.length >= free;
    return started;
  }

  private async deliver(row: OutboxRow): Promise<Delivered> {
    const { db, client, mirror, logger } = this.options;
    const first = row.attempts === 0;
    const context = { room_id: row.roomId, kind: row.kind, outbox_id: row.id };
    const outcome = await client.deliverEvent(row.kind, row.roomId, row.payload, {
      ...(first ? {} : { maxAttempts: 1, redelivery: true }),
      mayRetry: () => !this.stopping,
    });
    const now = this.options.now();
    const recordedBefore = this.recordedCount;
    const ended = (kind: keyof DeliveryPass, roomHasMore = false): Delivered => ({
      outcome: kind,
      row,
      roomHasMore,
      recordedMeanwhile: this.recordedCount !== recordedBefore,
    });
    try {
      if (outcome.ok) {
        const { roomHasMore } = await acknowledgeOutbox(db, row.id, outcome.attempts, now);
        if (row.kind === "finished") await mirror.clear(row.roomId);
        if (!first) logger.info({ ...context, attempts: row.attempts + outcome.attempts }, "owed callback delivered to the platform");
        return ended("delivered", roomHasMore);
      }
      if (outcome.kind === "not_found") {
        await dropOutbox(db, row.id, outcome.attempts, "HTTP 404", now);
        if (row.kind === "finished") await mirror.clear(row.roomId);
        logger.warn({ ...context, payload: row.payload }, "platform does not know the room (404); dropped the callback");
        return ended("dropped");
      }
      const waitMs = redeliveryDelay(now.getTime() - row.createdAt.getTime(), this.options.initialDelayMs, this.options.maxDelayMs);
      await recordOutboxFailure(db, row.id, outcome.attempts, outcome.error ?? outcome.kind, new Date(now.getTime() + waitMs), now);
      if (row.kind === "finished") await mirror.save(row.roomId, row.payload);
      else await this.mirrorWaitingFinished(row, outcome.error ?? outcome.kind, now);
      logger.warn({ ...context, outcome: outcome.kind, error: outcome.error, retry_in_ms: waitMs }, "callback not acknowledged; kept for redelivery");
      return ended("failed");
    } catch (error) {
      // the lease runs out (or the next life ends it) and the row is tried again
      logger.error({ err: error, ...context }, "could not update the outbox after a delivery");
      return ended("failed");
    }
  }

  /** A room's `finished` stuck behind this failed callback is owed just the same: noted, and mirrored to Redis. */
  private async mirrorWaitingFinished(row: OutboxRow, error: string, now: Date): Promise<void> {
    const body = await markFinishedWaiting(this.options.db, row.roomId, `waiting for the room's ${row.kind} callback: ${error}`, now);
    if (body !== undefined) await this.options.mirror.save(row.roomId, body);
  }

  /** Sets the backlog gauge to the number of owed results whose delivery failed. */
  async refreshBacklog(): Promise<void> {
    try {
      this.options.metrics.persistFailedBacklog.set(await countPersistFailed(this.options.db));
    } catch (error) {
      this.options.logger.error({ err: error }, "could not count owed results for the backlog gauge");
    }
  }
}
