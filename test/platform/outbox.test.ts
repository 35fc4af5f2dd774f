import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import { eq } from "drizzle-orm";
import { gameReplays, gameResults, lifecycleOutbox, rooms } from "../../drizzle/schema/index.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { listPersistFailed, pruneSettledOutbox, roomOutbox } from "../../src/db/outbox.js";
import { getRoom } from "../../src/db/rooms.js";
import { PlatformClient } from "../../src/platform/client.js";
import { DeliveryWorker, redeliveryDelay, type DeliveryOptions } from "../../src/platform/delivery.js";
import { startPlatform } from "../../src/platform/index.js";
import { LifecycleOutbox, type GameFinish } from "../../src/platform/outbox.js";
import { PersistFailedMirror, persistFailedKey } from "../../src/platform/persist-failed.js";
import { waitFor } from "../support/net.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { captureLogger, FakePlatform, gaugeValue, recordingSleep, testMetrics } from "./fake-platform.js";
import { clearSuiteKeys, connectSuiteRedis } from "./redis-helpers.js";

const API_KEY = "test-internal-api-key-0123456789";
let counter = 0;
const newRoomId = () => `room-${process.pid}-${Date.now().toString(36)}-${++counter}`;

function game(extra: Record<string, unknown> = {}): GameFinish {
  return {
    gameRules: "simple_card_battle",
    winnerId: "u1",
    winnerIds: ["u1"],
    resultData: { players: { u1: { result: "winner" }, u2: { result: "loser" } }, turns_played: 12, duration_seconds: 340, ...extra },
    seed: "s",
    options: {},
    actions: [],
    turnsPlayed: 12,
    durationSeconds: 340,
    finishedAt: new Date("2026-02-10T01:08:00Z"),
  };
}

/** The same behaviour on each database kind; Redis (the persist_failed mirror) is used with PostgreSQL. */
function outboxSuite(kind: "postgres" | "pglite") {
  const withRedis = kind === "postgres";
  describe(`lifecycle outbox on ${kind}${withRedis ? " + Redis" : ""}`, function () {
    this.timeout(20_000);
    let temp: TempDatabase | undefined;
    let handle: DatabaseHandle;
    let redis: Redis | undefined;
    let platform: FakePlatform;
    const workers: DeliveryWorker[] = [];

    before(async function () {
      this.timeout(60_000);
      if (kind === "postgres") {
        temp = await createTempDatabase();
        handle = await openDatabase({ databaseUrl: temp.url, dataDir: "unused" });
        redis = await connectSuiteRedis();
        await clearSuiteKeys(redis);
      } else {
        handle = await openDatabase({ dataDir: ":memory:" });
      }
    });
    beforeEach(async () => {
      platform = await FakePlatform.start();
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop(1_000)));
      await platform.close();
      await handle.db.delete(lifecycleOutbox);
      await handle.db.delete(gameReplays);
      await handle.db.delete(gameResults);
      await handle.db.delete(rooms);
      if (redis !== undefined) await clearSuiteKeys(redis);
    });
    after(async () => {
      await handle?.close();
      await temp?.drop();
      redis?.disconnect();
    });

    /** An outbox and a worker factory for node `nodeName`, sending to the fake platform. */
    function setup(nodeName = "node-a", tuning: Partial<DeliveryOptions> = {}, timeoutMs = 400) {
      const { logger, lines } = captureLogger();
      const metrics = testMetrics();
      const client = new PlatformClient({ baseUrl: platform.url, apiKey: API_KEY, logger, metrics, timeoutMs, sleep: recordingSleep().sleep });
      const worker = (options: Partial<DeliveryOptions> = {}) => {
        const w = new DeliveryWorker({
          db: handle.db,
          client,
          mirror: new PersistFailedMirror(redis, logger),
          logger,
          metrics,
          nodeName,
          pollIntervalMs: 50,
          initialDelayMs: 100,
          maxDelayMs: 400,
          ...tuning,
          ...options,
        });
        workers.push(w);
        return w;
      };
      let current: DeliveryWorker | undefined;
      const outbox = new LifecycleOutbox({ db: handle.db, nodeName, logger, onRecorded: () => current?.recorded() });
      const run = (options: Partial<DeliveryOptions> = {}) => {
        current = worker(options);
        current.start();
        return current;
      };
      return { outbox, worker, run, metrics, lines };
    }

    const managedRoom = (id: string) => ({ id, gameRules: "simple_card_battle", playerIds: ["u1", "u2"], managed: true });

    it("records each state change with its callback in one transaction, and sends ready, started, finished once each, in order", async () => {
      const { outbox, run } = setup();
      const roomId = newRoomId();
      await outbox.ready(managedRoom(roomId));
      await outbox.started(roomId, { startedAt: new Date("2026-02-10T01:02:00Z"), playerIds: ["u1", "u2"] });
      await outbox.finished(roomId, game());
      // a second finish or an abort after the finish changes nothing and owes nothing
      assert.equal(await outbox.finished(roomId, game()), false);
      assert.equal(await outbox.aborted(roomId, "process_error"), false);
      assert.equal((await getRoom(handle.db, roomId))?.status, "finished");
      assert.deepEqual((await roomOutbox(handle.db, roomId)).map((r) => r.kind), ["ready", "started", "finished"]);
      assert.equal(platform.requests.length, 0, "nothing is sent by the outbox itself");

      run();
      await waitFor(async () => (await roomOutbox(handle.db, roomId)).every((r) => r.state === "acknowledged"), 5_000, "acknowledgements");
      assert.deepEqual(platform.calls(), ["POST /internal/rooms", `PUT /internal/rooms/${roomId}/started`, `PUT /internal/rooms/${roomId}/finished`]);
      const finished = platform.requests[2]!.body as Record<string, unknown>;
      assert.deepEqual(finished, {
        room_id: roomId,
        winner_id: "u1",
        result_data: { players: { u1: { result: "winner" }, u2: { result: "loser" } }, turns_played: 12, duration_seconds: 340 },
        finished_at: "2026-02-10T01:08:00Z",
      });
    });

    it("stores the finished game as it was when finished() was called, whatever the caller changes afterwards", async () => {
      const { outbox } = setup();
      const roomId = newRoomId();
      await outbox.ready(managedRoom(roomId));
      const action = { type: "play", seat: 0, card: "c1" };
      const finish: GameFinish = {
        ...game(),
        options: { max_turns: 50 },
        actions: [action],
        replay: { seed: "s", options: { max_turns: 50 }, playerIds: ["u1", "u2"], context: { names: ["A", "B"] }, steps: [{ action: null }, { action, at: 1 }] },
      };
      const recorded = outbox.finished(roomId, finish);
      // the room's objects change after the call, before the write is done: none of it may reach the database
      action.card = "changed";
      (finish.resultData.players as Record<string, { result: string }>).u1!.result = "changed";
      finish.winnerIds.push("changed");
      finish.options.max_turns = 1;
      finish.replay!.steps.push({ action: "changed" });
      finish.replay!.context.names = [];
      finish.finishedAt.setUTCFullYear(2000);
      assert.equal(await recorded, true);

      const [result] = await handle.db.select().from(gameResults).where(eq(gameResults.roomId, roomId));
      assert.deepEqual(result!.actions, [{ type: "play", seat: 0, card: "c1" }]);
      assert.deepEqual(result!.winnerIds, ["u1"]);
      assert.deepEqual(result!.options, { max_turns: 50 });
      assert.equal((result!.resultData as { players: Record<string, { result: string }> }).players.u1!.result, "winner");
      assert.equal(result!.finishedAt.toISOString(), "2026-02-10T01:08:00.000Z");
      const [replay] = await handle.db.select().from(gameReplays).where(eq(gameReplays.roomId, roomId));
      assert.deepEqual(replay!.steps, [{ action: null }, { action: { type: "play", seat: 0, card: "c1" }, at: 1 }]);
      assert.deepEqual(replay!.context, { names: ["A", "B"] });
      const callback = (await roomOutbox(handle.db, roomId)).find((row) => row.kind === "finished")!;
      assert.equal((callback.payload as { result_data: { players: Record<string, { result: string }> } }).result_data.players.u1!.result, "winner");
      assert.equal((callback.payload as { finished_at: string }).finished_at, "2026-02-10T01:08:00Z");
    });

    it("keeps one room's order while its first callback is retrying, without holding other rooms back", async () => {
      const slow = newRoomId();
      const fast = newRoomId();
      let slowTries = 0;
      platform.respond((request) => {
        const forSlow = request.rawBody.includes(slow);
        if (forSlow && request.path === "/internal/rooms" && slowTries++ < 2) return { status: 503, delayMs: 300 };
        return { status: 200, body: { acknowledged: true } };
      });
      const { outbox, run } = setup();
      run();
      await outbox.ready(managedRoom(slow));
      await outbox.aborted(slow, "join_timeout");
      await outbox.ready(managedRoom(fast));
      await outbox.aborted(fast, "all_disconnected");
      await waitFor(async () => platform.acknowledged("aborted").size === 2, 5_000, "both rooms delivered");
      const slowCalls = platform.calls().filter((c, i) => c.includes(slow) || platform.requests[i]!.rawBody.includes(slow));
      assert.deepEqual(slowCalls, ["POST /internal/rooms", "POST /internal/rooms", "POST /internal/rooms", `PUT /internal/rooms/${slow}/aborted`]);
      const fastAck = platform.requests.findIndex((r) => r.path === `/internal/rooms/${fast}/aborted`);
      const slowReadyOk = platform.requests.findIndex((r) => r.rawBody.includes(slow) && r.answered === 200);
      assert.ok(fastAck < slowReadyOk, "the other room was not held behind the retries");
    });

    it("a finished the platform does not acknowledge is persist_failed (listed, mirrored to Redis), then redelivered and cleared", async () => {
      platform.respond(() => ({ status: 503, body: { error: "down" } }));
      const { outbox, run, metrics } = setup();
      const roomId = newRoomId();
      await outbox.ready(managedRoom(roomId));
      await outbox.finished(roomId, game());
      const worker = run();
      await waitFor(async () => (await listPersistFailed(handle.db)).length === 1, 5_000, "listed as persist_failed");
      const [entry] = await listPersistFailed(handle.db);
      assert.equal(entry!.room_id, roomId);
      assert.equal((entry!.payload as { room_id: string }).room_id, roomId);
      if (redis !== undefined) {
        assert.equal(JSON.parse((await redis.get(persistFailedKey(roomId)))!).room_id, roomId);
        assert.equal(await redis.ttl(persistFailedKey(roomId)), -1, "no expiry");
      }
      await worker.refreshBacklog();
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 1);

      platform.script([]);
      await waitFor(async () => (await listPersistFailed(handle.db)).length === 0, 5_000, "redelivered");
      if (redis !== undefined) await waitFor(async () => (await redis!.exists(persistFailedKey(roomId))) === 0, 2_000, "Redis copy cleared");
      assert.equal(platform.acknowledged("ready").get(roomId), 1);
      assert.equal(platform.acknowledged("finished").get(roomId), 1);
      await worker.refreshBacklog();
      assert.equal(await gaugeValue(metrics.persistFailedBacklog), 0);
    });

    describe("without polling (every pass comes from a wake)", () => {
      const NO_POLL = { pollIntervalMs: 600_000 };

      it("a room's callbacks recorded while the one before is in flight follow at once, in order", async () => {
        platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 150 }));
        const { outbox, run } = setup("node-a", NO_POLL);
        run();
        const roomId = newRoomId();
        await outbox.ready(managedRoom(roomId));
        await waitFor(async () => platform.requests.length === 1, 5_000, "ready sent");
        // recorded while ready's request is still open: held behind it, then due when it is acknowledged
        await outbox.started(roomId, { startedAt: new Date("2026-02-10T01:02:00Z"), playerIds: ["u1", "u2"] });
        await outbox.finished(roomId, game());
        await waitFor(async () => (await roomOutbox(handle.db, roomId)).every((r) => r.state === "acknowledged"), 5_000, "all three acknowledged");
        assert.deepEqual(platform.calls(), ["POST /internal/rooms", `PUT /internal/rooms/${roomId}/started`, `PUT /internal/rooms/${roomId}/finished`]);
      });

      it("a backlog recorded before the worker starts, larger than one batch, is delivered whole and in each room's order", async () => {
        const { outbox, run } = setup("node-a", { ...NO_POLL, batchSize: 2 });
        const roomIds = Array.from({ length: 3 }, newRoomId);
        for (const id of roomIds) {
          await outbox.ready(managedRoom(id));
          await outbox.started(id, { startedAt: new Date("2026-02-10T01:02:00Z"), playerIds: ["u1", "u2"] });
          await outbox.finished(id, game());
        }
        run();
        await waitFor(async () => platform.acknowledged("finished").size === 3, 5_000, "every room finished");
        for (const id of roomIds) {
          const calls = platform.requests.filter((r) => r.rawBody.includes(id)).map((r) => `${r.method} ${r.path}`);
          assert.deepEqual(calls, ["POST /internal/rooms", `PUT /internal/rooms/${id}/started`, `PUT /internal/rooms/${id}/finished`]);
        }
        assert.equal(platform.requests.length, 9, "each callback once");
      });
    });

    it("a 404 drops the callback (the platform does not know the room) and the room's next one follows at once", async () => {
      platform.script([{ status: 404, body: { error: "room_not_found" } }]);
      // no polling: the drop itself must start the pass that sends the next callback
      const { outbox, run } = setup("node-a", { pollIntervalMs: 600_000 });
      const roomId = newRoomId();
      await outbox.ready(managedRoom(roomId));
      await outbox.aborted(roomId, "join_timeout");
      run();
      await waitFor(async () => (await roomOutbox(handle.db, roomId)).every((r) => r.state !== "pending"), 5_000, "settled");
      assert.deepEqual((await roomOutbox(handle.db, roomId)).map((r) => r.state), ["dropped", "acknowledged"]);
      assert.equal(platform.requests.length, 2, "no retry of a 404");
    });

    it("after a restart, callbacks of the previous life (even mid-delivery, leased) are delivered at once; two workers never send one row twice", async () => {
      // the previous life's attempts hang far beyond this test: it is as good as dead
      const first = setup("node-r", {}, 15_000);
      const roomIds = Array.from({ length: 6 }, newRoomId);
      for (const id of roomIds) await first.outbox.ready(managedRoom(id));
      // the previous life claimed everything (leases for a minute) and died without answering
      platform.respond(() => "hang");
      const dead = first.worker({ leaseMs: 60_000 });
      void dead.runOnce();
      await waitFor(async () => platform.requests.length === 6, 3_000, "the dead worker's attempts");
      platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 50 }));
      // the next life of node-r and a worker of another node share the database
      const next = setup("node-r");
      next.run();
      setup("node-b").run();
      await waitFor(async () => platform.acknowledged("ready").size === 6, 5_000, "redelivered after restart");
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const id of roomIds) assert.equal(platform.acknowledged("ready").get(id), 1, `${id} acknowledged once`);
    });

    if (withRedis) {
      it("a key found only in Redis is copied into the outbox at start, then delivered; foreign keys are left alone", async () => {
        const roomId = newRoomId();
        const body = { room_id: roomId, winner_id: "u1", result_data: { players: {}, turns_played: 1, duration_seconds: 2 }, finished_at: "2026-02-10T01:08:00Z" };
        await redis!.set(persistFailedKey(roomId), JSON.stringify(body));
        await redis!.set(persistFailedKey("not-json"), "{oops");
        setup().run();
        await waitFor(async () => (await redis!.exists(persistFailedKey(roomId))) === 0, 5_000, "delivered and cleared");
        assert.deepEqual(platform.requests[0]!.body, body);
        assert.equal(await redis!.exists(persistFailedKey("not-json")), 1);
      });
    }

    if (withRedis) {
      it("a key left behind after its finished was delivered and pruned is not sent again (the stored result tells)", async () => {
        const { outbox, run } = setup();
        const roomId = newRoomId();
        await outbox.ready(managedRoom(roomId));
        await outbox.finished(roomId, game());
        const worker = run();
        await waitFor(async () => (await roomOutbox(handle.db, roomId)).every((r) => r.state === "acknowledged"), 5_000, "acknowledgements");
        await worker.stop(1_000);
        // the Redis delete failed at the acknowledgement, and the settled rows were pruned since
        const body = platform.requests.find((r) => r.path.endsWith("/finished"))!.body;
        await redis!.set(persistFailedKey(roomId), JSON.stringify(body));
        assert.equal(await pruneSettledOutbox(handle.db, new Date(Date.now() + 60_000), 100), 2);
        const sent = platform.requests.length;
        setup("node-a").run();
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(platform.requests.length, sent, "nothing sent again");
        assert.deepEqual(await roomOutbox(handle.db, roomId), []);
      });
    }

    it("start-up recovery aborts the previous life's live rooms once (managed ones owe aborted), leaving other nodes alone", async () => {
      const { outbox } = setup("node-x");
      const other = setup("node-y").outbox;
      const [a, b, c, d] = [newRoomId(), newRoomId(), newRoomId(), newRoomId()];
      await outbox.ready(managedRoom(a));
      await outbox.ready(managedRoom(b));
      await outbox.started(b, { startedAt: new Date(), playerIds: ["u1", "u2"] });
      await outbox.ready({ id: c, gameRules: "liap_tui", managed: false });
      await other.ready(managedRoom(d));
      const lost = await setup("node-x").outbox.recoverPreviousLife();
      assert.deepEqual(new Set(lost), new Set([a, b, c]));
      assert.deepEqual(await setup("node-x").outbox.recoverPreviousLife(), [], "exactly once");
      for (const id of [a, b, c]) assert.equal((await getRoom(handle.db, id))?.status, "aborted");
      assert.equal((await getRoom(handle.db, d))?.status, "ready");
      assert.deepEqual((await roomOutbox(handle.db, b)).map((r) => [r.kind, (r.payload as { reason?: string }).reason]), [
        ["ready", undefined],
        ["started", undefined],
        ["aborted", "process_error"],
      ]);
      assert.deepEqual(await roomOutbox(handle.db, c), [], "an unmanaged room owes nothing");
    });
  });
}

outboxSuite("pglite");
outboxSuite("postgres");

describe("startPlatform (wiring)", function () {
  this.timeout(60_000);
  it("without PLATFORM_URL events are still recorded (nothing breaks), just not sent; PLATFORM_URL needs PLATFORM_API_KEY", async () => {
    const handle = await openDatabase({ dataDir: ":memory:" });
    try {
      const { logger } = captureLogger();
      const services = startPlatform({ nodeName: "n" }, { logger, metrics: testMetrics(), db: handle.db });
      assert.equal(services.client, undefined);
      assert.equal(services.delivery, undefined);
      await services.outbox.ready({ id: "r1", gameRules: "simple_card_battle", playerIds: ["a", "b"], managed: true });
      await services.outbox.aborted("r1", "join_timeout");
      assert.deepEqual((await roomOutbox(handle.db, "r1")).map((r) => [r.kind, r.state]), [["ready", "pending"], ["aborted", "pending"]]);
      assert.equal(await services.flush(100), true);
      assert.throws(() => startPlatform({ nodeName: "n", platformUrl: "http://x" }, { logger, metrics: testMetrics(), db: handle.db }), /PLATFORM_API_KEY/);
    } finally {
      await handle.close();
    }
  });
});

describe("redelivery schedule", () => {
  it("waits the row's age, from 5 s doubling up to 5 min", () => {
    const wait = (ageMs: number) => redeliveryDelay(ageMs, 5_000, 300_000);
    assert.equal(wait(0), 5_000);
    assert.equal(wait(10_000), 10_000);
    assert.equal(wait(3_600_000), 300_000);
  });
});
