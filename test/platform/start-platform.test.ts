import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import { persistFailed } from "../../drizzle/schema/index.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { NoopLifecycleReporter, PlatformLifecycleReporter, persistFailedKey, startPlatform } from "../../src/platform/index.js";
import { getPersistFailed, savePersistFailed } from "../../src/platform/persist-failed-store.js";
import { freePort, waitFor } from "../support/net.js";
import { captureLogger, FakePlatform, gaugeValue, recordingSleep, testMetrics } from "./fake-platform.js";
import { clearSuiteKeys, connectSuiteRedis, suiteRedisUrl } from "./redis-helpers.js";

const API_KEY = "test-internal-api-key-0123456789";

describe("startPlatform (wiring)", () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openDatabase({ dataDir: ":memory:" });
  });
  after(async () => {
    await handle.close();
  });
  afterEach(async () => {
    await handle.db.delete(persistFailed);
  });

  it("without PLATFORM_URL: no-op reporter, no client, no redelivery; the backlog gauge still counts stored rows", async () => {
    const { logger } = captureLogger();
    const metrics = testMetrics();
    await savePersistFailed(handle.db, {
      roomId: "old",
      payload: { room_id: "old", winner_id: null, result_data: { players: {}, turns_played: 0, duration_seconds: 0 }, finished_at: "2026-02-10T01:08:00Z" },
      attempts: 3,
      lastError: "x",
      nextAttemptAt: new Date(),
    });
    const platform = startPlatform({ nodeName: "n" }, { logger, metrics, db: handle.db });
    assert.ok(platform.reporter instanceof NoopLifecycleReporter);
    assert.equal(platform.client, undefined);
    assert.equal(platform.redelivery, undefined);
    await waitFor(async () => (await gaugeValue(metrics.persistFailedBacklog)) === 1, 2_000, "the gauge");
    await platform.stop();
  });

  it("refuses PLATFORM_URL without PLATFORM_API_KEY at start-up", () => {
    const { logger } = captureLogger();
    assert.throws(
      () => startPlatform({ nodeName: "n", platformUrl: "http://127.0.0.1:1" }, { logger, metrics: testMetrics(), db: handle.db }),
      /PLATFORM_API_KEY/,
    );
  });

  it("with a platform and Redis: reports, stores what fails, redelivers, and stop closes its own Redis", async () => {
    const redis = await connectSuiteRedis();
    await clearSuiteKeys(redis);
    const port = await freePort();
    const { logger } = captureLogger();
    const metrics = testMetrics();
    const platform = startPlatform(
      { nodeName: "node-a", platformUrl: `http://127.0.0.1:${port}`, platformApiKey: API_KEY, redisUrl: suiteRedisUrl() },
      { logger, metrics, db: handle.db },
      { client: { timeoutMs: 300, sleep: recordingSleep().sleep }, redelivery: { pollIntervalMs: 50, initialDelayMs: 50 } },
    );
    let fake: FakePlatform | undefined;
    try {
      assert.ok(platform.reporter instanceof PlatformLifecycleReporter);
      const outcome = await platform.reporter.finished("wired-room", {
        winnerId: "u1",
        resultData: { players: { u1: { hp: 1, result: "winner" } }, turns_played: 3, duration_seconds: 30 },
        finishedAt: new Date("2026-02-10T01:08:00Z"),
      });
      assert.equal(outcome.persisted, true);
      assert.ok(await getPersistFailed(handle.db, "wired-room"));
      assert.equal(await redis.exists(persistFailedKey("wired-room")), 1);

      fake = await FakePlatform.start(port);
      await waitFor(async () => (await redis.exists(persistFailedKey("wired-room"))) === 0, 5_000, "redelivery");
      assert.deepEqual(fake.calls(), ["PUT /internal/rooms/wired-room/finished"]);
      assert.equal(await getPersistFailed(handle.db, "wired-room"), undefined);
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);

      const ready = await platform.reporter.ready("wired-room-2");
      assert.equal(ready.ok, true);
      assert.deepEqual(fake.requests[1].body, { room_id: "wired-room-2", node_name: "node-a", status: "ready" });
      assert.equal(await connectionsOnSuiteDb(redis), 2, "the test's connection and the subsystem's own");
    } finally {
      await platform.stop(1_000);
      await platform.stop(1_000);
      assert.equal(await connectionsOnSuiteDb(redis), 1, "stop closed the subsystem's Redis connection");
      await fake?.close();
      await clearSuiteKeys(redis);
      redis.disconnect();
    }
  });
});

/** Connections to the suite's Redis database right now. */
async function connectionsOnSuiteDb(redis: Redis): Promise<number> {
  const list = (await redis.client("LIST")) as string;
  const db = new URL(suiteRedisUrl()).pathname.slice(1);
  return list.split("\n").filter((line) => line.includes(` db=${db} `)).length;
}
