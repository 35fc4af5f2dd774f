/** This suite's own Redis database, so start-up scans for persist_failed keys see only its keys. */
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "../support/services.js";

/** The Redis database number the platform tests use. */
const REDIS_DB = 11;

/** The Redis URL of this suite's database. */
export function suiteRedisUrl(): string {
  const url = new URL(TEST_REDIS_URL);
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
}

/** Connects to this suite's Redis database, failing with a hint when Redis is down. */
export async function connectSuiteRedis(): Promise<Redis> {
  const redis = new Redis(suiteRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(
      `Redis at ${TEST_REDIS_URL} is required for this test (start it with ` +
        '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`): ' +
        (error instanceof Error ? error.message : String(error)),
    );
  }
  return redis;
}

/** Deletes every persist_failed key of this suite's Redis database. */
export async function clearSuiteKeys(redis: Redis): Promise<void> {
  const keys = await redis.keys("persist_failed:*");
  if (keys.length > 0) await redis.del(...keys);
}

