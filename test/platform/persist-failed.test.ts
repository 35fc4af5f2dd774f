import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { persistFailed } from "../../drizzle/schema/index.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { PlatformClient } from "../../src/platform/client.js";
import { PlatformLifecycleReporter } from "../../src/platform/outbox.js";
import {
  getPersistFailed,
  listPersistFailed,
  PersistFailedStore,
  persistFailedKey,
  savePersistFailed,
} from "../../src/platform/persist-failed-store.js";
import { redeliveryDelay, RedeliveryWorker, type RedeliveryOptions } from "../../src/platform/redelivery.js";
import type { FinishedBody, FinishedPayload } from "../../src/platform/types.js";
import { freePort, waitFor } from "../support/net.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { captureLogger, FakePlatform, gaugeValue, recordingSleep, testMetrics } from "./fake-platform.js";
import { clearSuiteKeys, connectSuiteRedis } from "./redis-helpers.js";

const API_KEY = "test-internal-api-key-0123456789";
let roomCounter = 0;
/** A room id not used before in this run. */
function newRoomId(): string {
  roomCounter += 1;
  return `room-${process.pid}-${Date.now().toString(36)}-${roomCounter}`;
}

function payloadFor(extra: Record<string, unknown> = {}): FinishedPayload {
  return {
    winnerId: "u1",
    resultData: {
      players: { u1: { score: 31, result: "winner" }, u2: { score: 12, result: "loser" } },
      turns_played: 40,
      duration_seconds: 900,
      rounds: [{ round: 1, declarations: { u1: 2, u2: 3 } }],
      ...extra,
    },
    finishedAt: new Date("2026-02-10T01:08:00Z"),
  };
}

function bodyFor(roomId: string): FinishedBody {
  const p = payloadFor();
  return { room_id: roomId, winner_id: p.winnerId, result_data: p.resultData, finished_at: "2026-02-10T01:08:00Z" };
}

/** The same behaviour on each database kind; Redis is used with PostgreSQL. */
function persistSuite(kind: "postgres" | "pglite") {
  const withRedis = kind === "postgres";
  describe(`persist-failed and redelivery on ${kind}${withRedis ? " + Redis" : ""}`, () => {
    let temp: TempDatabase | undefined;
    let handle: DatabaseHandle;
    let redis: Redis | undefined;
    let platform: FakePlatform | undefined;
    const workers: RedeliveryWorker[] = [];

    before(async () => {
      if (kind === "postgres") {
        temp = await createTempDatabase();
        handle = await openDatabase({ databaseUrl: temp.url, dataDir: "unused" });
        redis = await connectSuiteRedis();
        await clearSuiteKeys(redis);
      } else {
        handle = await openDatabase({ dataDir: ":memory:" });
      }
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await platform?.close();
      platform = undefined;
      await handle.db.delete(persistFailed);
      if (redis !== undefined) await clearSuiteKeys(redis);
    });
    after(async () => {
      await handle?.close();
      await temp?.drop();
      redis?.disconnect();
    });

    /** Client, store, reporter and a worker factory against `baseUrl`. */
    function setup(baseUrl: string, db = handle.db) {
      const { logger, lines } = captureLogger();
      const metrics = testMetrics();
      const client = new PlatformClient({ baseUrl, apiKey: API_KEY, logger, metrics, timeoutMs: 500, sleep: recordingSleep().sleep });
      const store = new PersistFailedStore({ db, redis, logger, metrics });
      const reporter = new PlatformLifecycleReporter({ client, nodeName: "node-a", logger, store });
      const worker = (options: Partial<RedeliveryOptions> = {}) => {
        const w = new RedeliveryWorker({ store, client, logger, pollIntervalMs: 50, initialDelayMs: 50, maxDelayMs: 1_000, ...options });
        workers.push(w);
        return w;
      };
      return { client, store, reporter, worker, metrics, lines };
    }

    it("platform down for the whole finished: the full body is stored, listed, then redelivered and both copies cleared", async () => {
      const port = await freePort();
      const { reporter, worker, metrics } = setup(`http://127.0.0.1:${port}`);
      const roomId = newRoomId();
      const expected = bodyFor(roomId);

      const outcome = await reporter.finished(roomId, payloadFor());
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.kind, "exhausted");
      assert.equal(outcome.persisted, true);

      const row = await getPersistFailed(handle.db, roomId);
      assert.ok(row);
      assert.deepEqual(row.payload, expected);
      assert.equal(row.attempts, 3);
      assert.match(row.lastError ?? "", /ECONNREFUSED/);
      if (redis !== undefined) {
        assert.deepEqual(JSON.parse((await redis.get(persistFailedKey(roomId))) ?? "null"), expected);
        assert.equal(await redis.ttl(persistFailedKey(roomId)), -1, "no expiry");
      }
      const listed = await listPersistFailed(handle.db);
      assert.equal(listed.length, 1);
      assert.deepEqual(Object.keys(listed[0]).sort(), ["attempts", "created_at", "last_error", "next_attempt_at", "payload", "room_id"]);
      assert.equal(listed[0].room_id, roomId);
      assert.deepEqual(listed[0].payload, expected);
      assert.equal(listed[0].attempts, 3);
      assert.match(listed[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(listed[0].next_attempt_at, /Z$/);
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 1);

      // the platform comes back
      platform = await FakePlatform.start(port);
      platform.script([{ status: 200, body: { acknowledged: true, game_result_id: "gr-1" } }]);
      worker().start();
      await waitFor(async () => (await getPersistFailed(handle.db, roomId)) === undefined, 5_000, "the row to be cleared");
      assert.deepEqual(platform.calls(), [`PUT /internal/rooms/${roomId}/finished`]);
      assert.deepEqual(platform.requests[0].body, expected);
      assert.equal(platform.requests[0].headers["x-internal-api-key"], API_KEY);
      if (redis !== undefined) assert.equal(await redis.exists(persistFailedKey(roomId)), 0);
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
      assert.deepEqual(await listPersistFailed(handle.db), []);
    });

    it("a failed redelivery counts the attempt and pushes the next try back", async () => {
      platform = await FakePlatform.start();
      platform.respond(() => ({ status: 503 }));
      const { store, worker, metrics } = setup(platform.url);
      const roomId = newRoomId();
      await store.save(bodyFor(roomId), { attempts: 3, lastError: "HTTP 502" });
      const w = worker({ initialDelayMs: 2_000, maxDelayMs: 60_000 });

      const before = Date.now();
      assert.deepEqual(await w.runOnce(), { delivered: 0, dropped: 0, failed: 1 });
      assert.equal(platform.requests.length, 1, "one attempt per redelivery pass");
      const row = await getPersistFailed(handle.db, roomId);
      assert.equal(row?.attempts, 4);
      assert.equal(row?.lastError, "HTTP 503");
      const wait = (row?.nextAttemptAt.getTime() ?? 0) - before;
      assert.ok(wait >= 1_900 && wait < 3_000, `next try in ${wait} ms`);

      // not due yet: the next pass sends nothing
      assert.deepEqual(await w.runOnce(), { delivered: 0, dropped: 0, failed: 0 });
      assert.equal(platform.requests.length, 1);
      if (redis !== undefined) assert.equal(await redis.exists(persistFailedKey(roomId)), 1, "the Redis copy stays until acknowledged");
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 1);
    });

    it("a 404 on redelivery: the platform does not know the room, so the row is logged and cleared", async () => {
      platform = await FakePlatform.start();
      platform.script([{ status: 404, body: { error: "room_not_found" } }]);
      const { store, worker, metrics, lines } = setup(platform.url);
      const roomId = newRoomId();
      await store.save(bodyFor(roomId), { attempts: 3, lastError: "HTTP 500" });
      assert.deepEqual(await worker().runOnce(), { delivered: 0, dropped: 1, failed: 0 });
      assert.equal(await getPersistFailed(handle.db, roomId), undefined);
      if (redis !== undefined) assert.equal(await redis.exists(persistFailedKey(roomId)), 0);
      const logged = lines.find((l) => String(l.msg).includes("(404); dropped it"));
      assert.deepEqual(logged?.payload, bodyFor(roomId), "the dropped body is in the log");
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
    });

    it("rows stored by an earlier life of the process are delivered on start", async () => {
      const roomIds = [newRoomId(), newRoomId()];
      for (const roomId of roomIds) {
        await savePersistFailed(handle.db, {
          roomId,
          payload: bodyFor(roomId),
          attempts: 3,
          lastError: "timeout",
          nextAttemptAt: new Date(Date.now() - 60_000),
        });
      }
      platform = await FakePlatform.start();
      const { worker, metrics } = setup(platform.url);
      worker().start();
      await waitFor(async () => (await listPersistFailed(handle.db)).length === 0, 5_000, "the old rows to be delivered");
      assert.deepEqual(platform.calls().sort(), roomIds.map((id) => `PUT /internal/rooms/${id}/finished`).sort());
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
    });

    it("the backlog gauge counts the rows found at start, also those of other nodes", async () => {
      for (const roomId of [newRoomId(), newRoomId()]) {
        await savePersistFailed(handle.db, { roomId, payload: bodyFor(roomId), attempts: 3, lastError: "x", nextAttemptAt: new Date(Date.now() + 60_000) });
      }
      platform = await FakePlatform.start();
      const { worker, metrics } = setup(platform.url);
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
      assert.deepEqual(await worker().runOnce(), { delivered: 0, dropped: 0, failed: 0 });
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 2);
      assert.equal(platform.requests.length, 0, "not due yet");
    });

    it("never delivers one row twice at the same time, across passes and workers", async () => {
      const roomIds = Array.from({ length: 6 }, () => newRoomId());
      platform = await FakePlatform.start();
      platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 300 }));
      // a second node: its own connection to the same database
      const other = kind === "postgres" && temp !== undefined ? await openDatabase({ databaseUrl: temp.url, dataDir: "unused" }) : undefined;
      try {
        const a = setup(platform.url);
        const b = setup(platform.url, other?.db ?? handle.db);
        for (const roomId of roomIds) await a.store.save(bodyFor(roomId), { attempts: 3, lastError: "x" });
        const wa = a.worker({ batchSize: 4 });
        const wb = b.worker({ batchSize: 4 });
        assert.equal(wa.runOnce(), wa.runOnce(), "a pass under way is shared, not doubled");
        const passes = await Promise.all([wa.runOnce(), wb.runOnce(), wa.runOnce(), wb.runOnce()]);
        assert.equal(passes[0], passes[2], "the second call joined the first pass of worker a");
        const first = passes[0].delivered + passes[1].delivered;
        assert.equal(first, 6, "two workers of batch 4 shared the six rows without overlap");
        assert.deepEqual(await Promise.all([wa.runOnce(), wb.runOnce()]), [
          { delivered: 0, dropped: 0, failed: 0 },
          { delivered: 0, dropped: 0, failed: 0 },
        ]);
        const paths = platform.calls();
        assert.equal(paths.length, 6, `requests: ${paths.join(", ")}`);
        assert.equal(new Set(paths).size, 6, "each room exactly once");
        assert.deepEqual(await listPersistFailed(handle.db), []);
      } finally {
        await other?.close();
      }
    });

    it("a row held by a worker that died is picked up once its lease ends", async () => {
      const roomId = newRoomId();
      platform = await FakePlatform.start();
      const { store, worker } = setup(platform.url);
      await store.save(bodyFor(roomId), { attempts: 3, lastError: "x" });
      // a worker claims it and disappears before delivering
      assert.equal((await store.claimDue(10, 300)).length, 1);
      const w = worker();
      assert.deepEqual(await w.runOnce(), { delivered: 0, dropped: 0, failed: 0 });
      await new Promise((resolve) => setTimeout(resolve, 350));
      assert.deepEqual(await w.runOnce(), { delivered: 1, dropped: 0, failed: 0 });
      assert.equal(platform.requests.length, 1);
    });

    it("stop waits for the pass under way and no pass runs after it", async () => {
      platform = await FakePlatform.start();
      platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 200 }));
      const { store, worker } = setup(platform.url);
      const roomId = newRoomId();
      await store.save(bodyFor(roomId), { attempts: 3, lastError: "x" });
      const w = worker();
      w.start();
      await waitFor(async () => platform?.requests.length === 1, 2_000, "a delivery to begin");
      await w.stop();
      assert.equal(await getPersistFailed(handle.db, roomId), undefined, "the delivery under way completed");
      await store.save(bodyFor(newRoomId()), { attempts: 3, lastError: "x" });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(platform.requests.length, 1, "nothing sent after stop");
    });

    if (withRedis) {
      it("a key found only in Redis is copied into the database on start, then delivered", async () => {
        const r = redis as Redis;
        const roomId = newRoomId();
        await r.set(persistFailedKey(roomId), JSON.stringify(bodyFor(roomId)));
        await r.set(persistFailedKey("not-json"), "{oops");
        await r.set(persistFailedKey("mismatch"), JSON.stringify(bodyFor("another-room")));

        const port = await freePort();
        const down = setup(`http://127.0.0.1:${port}`);
        // copied first: with the platform still down the row appears and stays
        assert.equal(await down.store.importFromRedis(), 1);
        const row = await getPersistFailed(handle.db, roomId);
        assert.deepEqual(row?.payload, bodyFor(roomId));
        assert.equal(row?.lastError, "found only in Redis");
        assert.equal(await down.store.importFromRedis(), 0, "a key with a row is not copied again");
        assert.equal(await gaugeValue(down.metrics.persistFailedBacklog), 1);
        await handle.db.delete(persistFailed);

        platform = await FakePlatform.start(port);
        const { worker, metrics, lines } = setup(platform.url);
        worker().start();
        await waitFor(async () => (await r.exists(persistFailedKey(roomId))) === 0, 5_000, "the Redis-only key to be delivered");
        assert.deepEqual(platform.calls(), [`PUT /internal/rooms/${roomId}/finished`]);
        assert.deepEqual(platform.requests[0].body, bodyFor(roomId));
        assert.equal(await getPersistFailed(handle.db, roomId), undefined);
        assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
        // keys that are not a finished body of their room are left for a human
        assert.equal(await r.exists(persistFailedKey("not-json")), 1);
        assert.equal(await r.exists(persistFailedKey("mismatch")), 1);
        assert.equal(lines.filter((l) => String(l.msg).includes("not a finished body")).length, 2);
      });

      it("with Redis unreachable the result is still stored in the database, without hanging", async () => {
        const deadPort = await freePort();
        const deadRedis = new Redis(`redis://127.0.0.1:${deadPort}`, { maxRetriesPerRequest: 1, commandTimeout: 300, lazyConnect: true });
        deadRedis.on("error", () => {});
        try {
          const { logger, lines } = captureLogger();
          const metrics = testMetrics();
          const store = new PersistFailedStore({ db: handle.db, redis: deadRedis, logger, metrics });
          const roomId = newRoomId();
          const stored = await store.save(bodyFor(roomId), { attempts: 3, lastError: "x" });
          assert.deepEqual(stored, { database: true, redis: false });
          assert.deepEqual((await getPersistFailed(handle.db, roomId))?.payload, bodyFor(roomId));
          assert.ok(lines.some((l) => l.level === 50 && String(l.msg).includes("in Redis")));
          assert.equal(await gaugeValue(metrics.persistFailedBacklog), 1);
        } finally {
          deadRedis.disconnect();
        }
      });
    }
  });
}

persistSuite("postgres");
persistSuite("pglite");

describe("redelivery schedule", () => {
  it("waits the row's age, from 5 s doubling up to 5 min", () => {
    const wait = (ageMs: number) => redeliveryDelay(ageMs, 5_000, 300_000);
    assert.equal(wait(0), 5_000);
    assert.equal(wait(5_000), 5_000);
    assert.equal(wait(10_000), 10_000);
    assert.equal(wait(20_000), 20_000);
    assert.equal(wait(3_600_000), 300_000);
    // tries at ages 0, 5, 10, 20, 40 s...: each wait doubles
    const tries = [0];
    for (let i = 0; i < 6; i++) tries.push(tries[tries.length - 1] + wait(tries[tries.length - 1]));
    assert.deepEqual(tries, [0, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000]);
  });
});
