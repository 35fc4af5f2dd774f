/**
 * The platform subsystem assembled for a server process: client, ordered
 * lifecycle reporter, persist-failed store with its Redis mirror, and the
 * redelivery worker. `startPlatform` at start-up, `stop` at shutdown after
 * the rooms have closed and before the database is closed.
 */
import { Redis } from "ioredis";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { PlatformClient, type PlatformClientOptions } from "./client.js";
import { createLifecycleReporter, type LifecycleReporter } from "./outbox.js";
import { PersistFailedStore } from "./persist-failed-store.js";
import { RedeliveryWorker, type RedeliveryOptions } from "./redelivery.js";

/* The subsystem's public surface; each symbol is documented where it is defined. */
export { PlatformClient, classifyAttempt } from "./client.js";
export type { PlatformClientOptions, AttemptVerdict } from "./client.js";
export { NoopLifecycleReporter, PlatformLifecycleReporter, createLifecycleReporter } from "./outbox.js";
export type { LifecycleReporter, ReportOutcome, FinishedOutcome, DisabledOutcome } from "./outbox.js";
export { PersistFailedStore, listPersistFailed, persistFailedKey } from "./persist-failed-store.js";
export type { PersistFailedEntry } from "./persist-failed-store.js";
export { RedeliveryWorker } from "./redelivery.js";
export { isoSeconds } from "./payloads.js";
export * from "./types.js";

/** The configuration the subsystem reads (a subset of the server's `Config`). */
export interface PlatformSettings {
  platformUrl?: string;
  platformApiKey?: string;
  nodeName: string;
  redisUrl?: string;
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
  redelivery?: Partial<Omit<RedeliveryOptions, "store" | "client" | "logger">>;
}

/** The running subsystem. */
export interface PlatformServices {
  /** What rooms call; the no-op reporter when no platform is configured. */
  reporter: LifecycleReporter;
  /** The platform client (also for token verification); undefined without a platform. */
  client: PlatformClient | undefined;
  /** The persist-failed store (database + Redis mirror). */
  store: PersistFailedStore;
  /** The background redelivery; undefined without a platform. */
  redelivery: RedeliveryWorker | undefined;
  /** Drains callbacks under way (storing unacknowledged results), stops redelivery, closes an owned Redis connection. */
  stop(drainTimeoutMs?: number): Promise<void>;
}

/** Builds and starts the subsystem; throws at start-up when PLATFORM_URL is set without PLATFORM_API_KEY. */
export function startPlatform(
  settings: PlatformSettings,
  deps: PlatformDependencies,
  tuning: PlatformTuning = {},
): PlatformServices {
  const logger = deps.logger.child({ component: "platform" });
  if (settings.platformUrl === undefined) {
    const store = new PersistFailedStore({ db: deps.db, logger, metrics: deps.metrics });
    void store.refreshBacklog();
    logger.info("no PLATFORM_URL: lifecycle callbacks are not sent");
    return {
      reporter: createLifecycleReporter({ client: undefined, nodeName: settings.nodeName, logger }),
      client: undefined,
      store,
      redelivery: undefined,
      stop: () => Promise.resolve(),
    };
  }
  if (settings.platformApiKey === undefined) {
    throw new Error("PLATFORM_URL is set but PLATFORM_API_KEY is not: the platform refuses callbacks without its internal API key");
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
  const store = new PersistFailedStore({ db: deps.db, redis, logger, metrics: deps.metrics });
  const reporter = createLifecycleReporter({ client, nodeName: settings.nodeName, logger, store });
  const redelivery = new RedeliveryWorker({ ...tuning.redelivery, store, client, logger });
  redelivery.start();

  let stopping: Promise<void> | undefined;
  const stop = (drainTimeoutMs = 20_000) => {
    stopping ??= (async () => {
      await reporter.drain(drainTimeoutMs);
      await redelivery.stop();
      if (ownedRedis !== undefined) await ownedRedis.quit().catch(() => ownedRedis.disconnect());
    })();
    return stopping;
  };
  return { reporter, client, store, redelivery, stop };
}

/** A Redis connection for the mirror that fails commands quickly while Redis is away, logging each outage once. */
function openRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, commandTimeout: 2_000 });
  let reported = false;
  redis.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    logger.warn({ err: error }, "Redis for persist_failed is unreachable; results stored meanwhile are kept in the database only");
  });
  redis.on("ready", () => {
    reported = false;
  });
  return redis;
}
