/**
 * The platform subsystem assembled for a server process: the lifecycle
 * outbox rooms record into, the delivery worker that sends it (only with
 * PLATFORM_URL), the platform client, the Redis mirror of unacknowledged
 * results, and the pruning of settled callbacks (./outbox-pruning.ts).
 * `startPlatform` at start-up; at shutdown `flush` after the rooms have
 * closed, then `stop`, then the database closes.
 */
import { Redis } from "ioredis";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { PlatformClient, type PlatformClientOptions } from "./client.js";
import { DeliveryWorker, type DeliveryOptions } from "./delivery.js";
import { LifecycleOutbox } from "./outbox.js";
import { OutboxPruner, type OutboxPruningOptions } from "./outbox-pruning.js";
import { PersistFailedMirror } from "./persist-failed.js";

/* The subsystem's public surface; each symbol is documented where it is defined. */
export { PlatformClient, classifyAttempt } from "./client.js";
export type { PlatformClientOptions, AttemptVerdict } from "./client.js";
export { LifecycleOutbox } from "./outbox.js";
export type { GameFinish, LifecycleOutboxOptions } from "./outbox.js";
export { DeliveryWorker, redeliveryDelay } from "./delivery.js";
export type { DeliveryOptions, DeliveryPass } from "./delivery.js";
export { PersistFailedMirror, persistFailedKey } from "./persist-failed.js";
export { listPersistFailed } from "../db/outbox.js";
export type { PersistFailedEntry } from "../db/outbox.js";
export { isoSeconds } from "./payloads.js";
export * from "./types.js";

/** The configuration the subsystem reads (a subset of the server's `Config`). */
export interface PlatformSettings {
  platformUrl?: string;
  platformApiKey?: string;
  nodeName: string;
  redisUrl?: string;
  /** Days acknowledged (or dropped) callbacks stay in the outbox (OUTBOX_RETENTION_DAYS; 0 keeps them; default 7). */
  outboxRetentionDays?: number;
}

/** What the subsystem needs from the server. */
export interface PlatformDependencies {
  logger: Logger;
  metrics: Metrics;
  db: Database;
  /** A Redis connection to use for the mirror; when absent one is opened from `redisUrl` (and closed by `stop`). */
  redis?: Redis;
}

/** Knobs for tests; production uses the contract's defaults. */
export interface PlatformTuning {
  client?: Partial<Omit<PlatformClientOptions, "baseUrl" | "apiKey" | "logger" | "metrics">>;
  redelivery?: Partial<Omit<DeliveryOptions, "db" | "client" | "mirror" | "logger" | "metrics" | "nodeName">>;
  pruning?: Partial<Omit<OutboxPruningOptions, "db" | "logger" | "retentionDays">>;
}

/** The running subsystem. */
export interface PlatformServices {
  /** Where rooms record their life; always present, so nothing is lost even without a platform. */
  outbox: LifecycleOutbox;
  /** The platform client (also for token verification); undefined without a platform. */
  client: PlatformClient | undefined;
  /** The delivery worker; undefined without a platform (events are recorded, not sent). */
  delivery: DeliveryWorker | undefined;
  /** Deletes settled callbacks past their retention, hourly. */
  pruner: OutboxPruner;
  /** Starts delivering (after start-up recovery) and pruning. */
  start(): void;
  /** For shutdown: waits up to `timeoutMs` until every recorded event is durable; true when all are. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops delivering (waiting up to `timeoutMs` for attempts under way) and closes an owned Redis connection. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Builds the subsystem; throws at start-up when PLATFORM_URL is set without PLATFORM_API_KEY. */
export function startPlatform(
  settings: PlatformSettings,
  deps: PlatformDependencies,
  tuning: PlatformTuning = {},
): PlatformServices {
  const logger = deps.logger.child({ component: "platform" });
  if (settings.platformUrl !== undefined && settings.platformApiKey === undefined) {
    throw new Error("PLATFORM_URL is set but PLATFORM_API_KEY is not: the platform refuses callbacks without its internal API key");
  }
  const pruner = new OutboxPruner({ ...tuning.pruning, db: deps.db, logger, retentionDays: settings.outboxRetentionDays ?? 7 });
  if (settings.platformUrl === undefined || settings.platformApiKey === undefined) {
    logger.info("no PLATFORM_URL: lifecycle callbacks are recorded in the outbox but not sent");
    const outbox = new LifecycleOutbox({ db: deps.db, nodeName: settings.nodeName, logger });
    return {
      outbox,
      client: undefined,
      delivery: undefined,
      pruner,
      start: () => pruner.start(),
      flush: (timeoutMs) => outbox.flush(timeoutMs),
      stop: () => pruner.stop(),
    };
  }

  const ownedRedis = deps.redis === undefined && settings.redisUrl !== undefined ? openRedis(settings.redisUrl, logger) : undefined;
  const redis = deps.redis ?? ownedRedis;
  const client = new PlatformClient({
    ...tuning.client,
    baseUrl: settings.platformUrl,
    apiKey: settings.platformApiKey,
    logger,
    metrics: deps.metrics,
  });
  const delivery = new DeliveryWorker({
    ...tuning.redelivery,
    db: deps.db,
    client,
    mirror: new PersistFailedMirror(redis, logger),
    logger,
    metrics: deps.metrics,
    nodeName: settings.nodeName,
  });
  const outbox = new LifecycleOutbox({ db: deps.db, nodeName: settings.nodeName, logger, onRecorded: () => delivery.recorded() });

  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = 6_000) => {
    stopping ??= (async () => {
      await Promise.all([delivery.stop(timeoutMs), pruner.stop()]);
      if (ownedRedis !== undefined) await ownedRedis.quit().catch(() => ownedRedis.disconnect());
    })();
    return stopping;
  };
  const start = () => {
    delivery.start();
    pruner.start();
  };
  return { outbox, client, delivery, pruner, start, flush: (timeoutMs) => outbox.flush(timeoutMs), stop };
}

/** A Redis connection for the mirror that fails commands quickly while Redis is away, logging each outage once. */
function openRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, commandTimeout: 2_000 });
  let reported = false;
  redis.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    logger.warn({ err: error }, "Redis for persist_failed is unreachable; owed results are kept in the outbox only");
  });
  redis.on("ready", () => {
    reported = false;
  });
  return redis;
}
