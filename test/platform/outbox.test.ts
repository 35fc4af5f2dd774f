import assert from "node:assert/strict";
import { persistFailed } from "../../drizzle/schema/index.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { PlatformClient } from "../../src/platform/client.js";
import { createLifecycleReporter, NoopLifecycleReporter, PlatformLifecycleReporter } from "../../src/platform/outbox.js";
import { getPersistFailed, PersistFailedStore } from "../../src/platform/persist-failed-store.js";
import { RoomCallbackQueue } from "../../src/platform/room-queue.js";
import type { FinishedPayload } from "../../src/platform/types.js";
import { ACK, captureLogger, FakePlatform, gaugeValue, recordingSleep, testMetrics } from "./fake-platform.js";

const API_KEY = "test-internal-api-key-0123456789";

function finishedPayload(): FinishedPayload {
  return {
    winnerId: "u1",
    resultData: { players: { u1: { hp: 3, result: "winner" }, u2: { hp: 0, result: "loser" } }, turns_played: 9, duration_seconds: 120 },
    finishedAt: new Date("2026-02-10T01:08:00Z"),
  };
}

describe("lifecycle reporter", () => {
  let platform: FakePlatform;
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openDatabase({ dataDir: ":memory:" });
  });
  after(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    platform = await FakePlatform.start();
  });
  afterEach(async () => {
    await platform.close();
    await handle.db.delete(persistFailed);
  });

  function reporterFor(options: { timeoutMs?: number; realSleep?: boolean; store?: PersistFailedStore } = {}) {
    const { logger, lines } = captureLogger();
    const metrics = testMetrics();
    const client = new PlatformClient({
      baseUrl: platform.url,
      apiKey: API_KEY,
      logger,
      metrics,
      timeoutMs: options.timeoutMs ?? 300,
      baseDelayMs: 40,
      maxDelayMs: 80,
      sleep: options.realSleep === false ? recordingSleep().sleep : undefined,
    });
    const reporter = createLifecycleReporter({ client, nodeName: "node-a", logger, store: options.store });
    return { reporter, lines, metrics };
  }

  it("sends one room's callbacks in call order while the first one is retrying", async () => {
    const { reporter } = reporterFor();
    // ready fails once (and waits out its backoff) before started and finished may go
    platform.respond((req, index) => (index === 0 ? { status: 500 } : req.path.endsWith("/finished") ? { status: 200, body: { acknowledged: true, game_result_id: "g" } } : ACK));
    const calls = [
      reporter.ready("room-1"),
      reporter.started("room-1", { startedAt: new Date("2026-02-10T01:02:00Z"), playerIds: ["u1", "u2"] }),
      reporter.finished("room-1", finishedPayload()),
    ];
    const [ready, started, finished] = await Promise.all(calls);
    assert.equal(ready.ok && ready.attempts, 2);
    assert.equal(started.ok, true);
    assert.equal(finished.ok, true);
    assert.deepEqual(platform.calls(), [
      "POST /internal/rooms",
      "POST /internal/rooms",
      "PUT /internal/rooms/room-1/started",
      "PUT /internal/rooms/room-1/finished",
    ]);
    assert.deepEqual(platform.requests[0].body, { room_id: "room-1", node_name: "node-a", status: "ready" });
    // each request started only after the previous one was answered
    for (let i = 1; i < platform.requests.length; i++) {
      assert.ok(platform.requests[i].receivedAt >= (platform.requests[i - 1].endedAt ?? Infinity));
    }
  });

  it("keeps order for ready, started and aborted sent back-to-back", async () => {
    const { reporter } = reporterFor();
    platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 20 }));
    await Promise.all([
      reporter.ready("r"),
      reporter.started("r", { startedAt: new Date(), playerIds: ["a"] }),
      reporter.aborted("r", "all_disconnected", new Date("2026-02-10T01:04:00Z")),
    ]);
    assert.deepEqual(platform.calls(), ["POST /internal/rooms", "PUT /internal/rooms/r/started", "PUT /internal/rooms/r/aborted"]);
    assert.deepEqual(platform.requests[2].body, { room_id: "r", reason: "all_disconnected", aborted_at: "2026-02-10T01:04:00Z" });
  });

  it("does not hold one room back behind another room's retries", async () => {
    const { reporter } = reporterFor({ timeoutMs: 200 });
    platform.respond((req) => (req.body as { room_id: string }).room_id === "slow" ? "hang" : ACK);
    const slow = reporter.ready("slow");
    const fastDone = await Promise.all([reporter.ready("fast"), reporter.started("fast", { startedAt: new Date(), playerIds: [] })]);
    assert.ok(fastDone.every((o) => o.ok));
    const slowOutcome = await slow;
    assert.equal(!slowOutcome.ok && slowOutcome.kind, "exhausted");
    const fastIndex = platform.calls().indexOf("PUT /internal/rooms/fast/started");
    const lastSlow = platform.requests.map((r) => (r.body as { room_id: string }).room_id).lastIndexOf("slow");
    assert.ok(fastIndex < lastSlow, "the fast room finished while the slow one was still retrying");
  });

  it("sends the finished body as it was when called, whatever the caller changes later", async () => {
    const { reporter } = reporterFor();
    const payload = finishedPayload();
    const sent = reporter.finished("room-2", payload);
    payload.resultData.players.u1.hp = 99;
    payload.resultData.turns_played = 1;
    await sent;
    const body = platform.requests[0].body as { result_data: { turns_played: number; players: Record<string, { hp: number }> } };
    assert.equal(body.result_data.turns_played, 9);
    assert.equal(body.result_data.players.u1.hp, 3);
  });

  it("flush waits for every callback under way", async () => {
    const { reporter } = reporterFor();
    platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 50 }));
    void reporter.ready("a");
    void reporter.ready("b");
    await reporter.flush();
    assert.equal(platform.requests.filter((r) => r.endedAt !== undefined).length, 2);
  });

  it("with a 404 on finished nothing is stored", async () => {
    const { logger } = captureLogger();
    const store = new PersistFailedStore({ db: handle.db, logger, metrics: testMetrics() });
    const { reporter } = reporterFor({ store });
    platform.script([{ status: 404, body: { error: "room_not_found" } }]);
    const outcome = await reporter.finished("ghost", finishedPayload());
    assert.equal(!outcome.ok && outcome.kind, "not_found");
    assert.equal(outcome.persisted, false);
    assert.equal(await getPersistFailed(handle.db, "ghost"), undefined);
  });

  describe("drain at shutdown", () => {
    it("stores a finished still unacknowledged at the deadline, and clears it if the platform then acknowledges", async () => {
      const { logger } = captureLogger();
      const metrics = testMetrics();
      const store = new PersistFailedStore({ db: handle.db, logger, metrics });
      const { reporter } = reporterFor({ store, timeoutMs: 1_000 });
      platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 400 }));
      const outcome = reporter.finished("room-3", finishedPayload());
      assert.equal(await reporter.drain(100), false);
      const row = await getPersistFailed(handle.db, "room-3");
      assert.equal(row?.lastError, "shutdown before the platform acknowledged");
      assert.equal(row?.payload.finished_at, "2026-02-10T01:08:00Z");
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 1);
      const settled = await outcome;
      assert.equal(settled.ok, true);
      assert.equal(await getPersistFailed(handle.db, "room-3"), undefined, "acknowledged after all: the copy is gone");
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
    });

    it("returns true when everything settled in time", async () => {
      const { reporter } = reporterFor();
      void reporter.ready("a");
      assert.equal(await reporter.drain(2_000), true);
      assert.equal(platform.requests.length, 1);
    });
  });

  it("without a platform the no-op reporter answers disabled and sends nothing", async () => {
    const { logger } = captureLogger();
    const reporter = createLifecycleReporter({ client: undefined, nodeName: "n", logger });
    assert.ok(reporter instanceof NoopLifecycleReporter);
    assert.equal(reporter.enabled, false);
    assert.deepEqual(await reporter.ready("r"), { ok: false, kind: "disabled", attempts: 0 });
    assert.deepEqual(await reporter.started("r", { startedAt: new Date(), playerIds: [] }), { ok: false, kind: "disabled", attempts: 0 });
    assert.deepEqual(await reporter.finished("r", finishedPayload()), { ok: false, kind: "disabled", attempts: 0, persisted: false });
    assert.deepEqual(await reporter.aborted("r", "join_timeout"), { ok: false, kind: "disabled", attempts: 0 });
    await reporter.flush();
    assert.equal(await reporter.drain(10), true);
    assert.equal(platform.requests.length, 0);
  });

  it("with a client createLifecycleReporter gives the platform reporter", () => {
    const { reporter } = reporterFor();
    assert.ok(reporter instanceof PlatformLifecycleReporter);
    assert.equal(reporter.enabled, true);
  });
});

describe("room callback queue", () => {
  it("runs a room's tasks one at a time in order, rooms in parallel, and forgets idle rooms", async () => {
    const queue = new RoomCallbackQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      return name;
    };
    const results = Promise.all([queue.enqueue("a", task("a1", 30)), queue.enqueue("a", task("a2", 1)), queue.enqueue("b", task("b1", 5))]);
    assert.equal(queue.activeRooms, 2);
    assert.deepEqual(await results, ["a1", "a2", "b1"]);
    assert.deepEqual(log, ["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
    await queue.idle();
    assert.equal(queue.activeRooms, 0);
  });

  it("a failing task rejects its own promise and does not stop the next", async () => {
    const queue = new RoomCallbackQueue();
    const failed = queue.enqueue("a", () => Promise.reject(new Error("bug")));
    const next = queue.enqueue("a", () => Promise.resolve("next"));
    await assert.rejects(failed, /bug/);
    assert.equal(await next, "next");
  });
});
