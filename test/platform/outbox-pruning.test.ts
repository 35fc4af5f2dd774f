/**
 * Pruning the lifecycle outbox (src/platform/outbox-pruning.ts) on real
 * PostgreSQL and on PGlite: settled rows (acknowledged, dropped) past the
 * retention go, in batches; owed rows stay however old; a retention of 0
 * keeps everything; a failing pass is logged, never thrown.
 */
import assert from "node:assert/strict";
import { asc } from "drizzle-orm";
import { lifecycleOutbox, type OutboxState } from "../../drizzle/schema/index.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { pruneSettledOutbox } from "../../src/db/outbox.js";
import { startPlatform } from "../../src/platform/index.js";
import { OutboxPruner } from "../../src/platform/outbox-pruning.js";
import { waitFor } from "../support/net.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { captureLogger, testMetrics } from "./fake-platform.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

for (const kind of ["postgres", "pglite"] as const) {
  describe(`lifecycle outbox pruning on ${kind}`, function () {
    this.timeout(20_000);
    let temp: TempDatabase | undefined;
    let handle: DatabaseHandle;

    before(async function () {
      this.timeout(60_000);
      if (kind === "postgres") {
        temp = await createTempDatabase();
        handle = await openDatabase({ databaseUrl: temp.url, dataDir: "unused" });
      } else {
        handle = await openDatabase({ dataDir: ":memory:" });
      }
    });
    afterEach(async () => {
      await handle.db.delete(lifecycleOutbox);
    });
    after(async () => {
      await handle?.close();
      await temp?.drop();
    });

    /** One row per entry, in order: a room id, its state and when it last changed. */
    async function seed(rows: Array<{ room: string; state: OutboxState; updated: Date }>) {
      await handle.db.insert(lifecycleOutbox).values(
        rows.map((r) => ({ roomId: r.room, kind: "ready" as const, payload: { room_id: r.room }, state: r.state, createdAt: r.updated, nextAttemptAt: r.updated, updatedAt: r.updated })),
      );
    }
    const remaining = async () => (await handle.db.select().from(lifecycleOutbox).orderBy(asc(lifecycleOutbox.id))).map((r) => r.roomId);

    it("deletes settled rows older than the cut-off, oldest first and at most `limit`; owed rows stay however old", async () => {
      await seed([
        { room: "old-acked", state: "acknowledged", updated: daysAgo(30) },
        { room: "old-dropped", state: "dropped", updated: daysAgo(9) },
        { room: "old-owed", state: "pending", updated: daysAgo(60) },
        { room: "new-acked", state: "acknowledged", updated: daysAgo(1) },
      ]);
      assert.equal(await pruneSettledOutbox(handle.db, daysAgo(7), 1), 1);
      assert.deepEqual(await remaining(), ["old-dropped", "old-owed", "new-acked"]);
      assert.equal(await pruneSettledOutbox(handle.db, daysAgo(7), 100), 1);
      assert.deepEqual(await remaining(), ["old-owed", "new-acked"]);
      assert.equal(await pruneSettledOutbox(handle.db, daysAgo(7), 100), 0);
    });

    it("a pass goes batch by batch until nothing past the retention is left, and says how many it deleted", async () => {
      await seed(Array.from({ length: 7 }, (_, i) => ({ room: `acked-${i}`, state: "acknowledged" as const, updated: daysAgo(8 + i) })));
      await seed([{ room: "recent", state: "acknowledged", updated: daysAgo(6) }]);
      const { logger, lines } = captureLogger();
      const pruner = new OutboxPruner({ db: handle.db, logger, retentionDays: 7, batchSize: 2, now: () => NOW });
      assert.equal(await pruner.runOnce(), 7);
      assert.deepEqual(await remaining(), ["recent"]);
      assert.ok(lines.some((l) => l.msg === "pruned settled lifecycle callbacks" && l.deleted === 7));
    });

    it("a retention of 0 keeps every row, also once started", async () => {
      await seed([{ room: "ancient", state: "acknowledged", updated: daysAgo(3000) }]);
      const pruner = new OutboxPruner({ db: handle.db, logger: captureLogger().logger, retentionDays: 0, intervalMs: 10, now: () => NOW });
      pruner.start();
      assert.equal(await pruner.runOnce(), 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await pruner.stop();
      assert.deepEqual(await remaining(), ["ancient"]);
    });

    it("startPlatform prunes on start and then every interval, and stops with the platform", async () => {
      await seed([{ room: "old", state: "acknowledged", updated: daysAgo(8) }]);
      const { logger } = captureLogger();
      const platform = startPlatform(
        { nodeName: "prune-node", outboxRetentionDays: 7 },
        { logger, metrics: testMetrics(), db: handle.db },
        { pruning: { intervalMs: 50, now: () => NOW } },
      );
      platform.start();
      await waitFor(async () => (await remaining()).length === 0, 5_000, "the pass at start");
      await seed([{ room: "later", state: "dropped", updated: daysAgo(10) }]);
      await waitFor(async () => (await remaining()).length === 0, 5_000, "a later pass");
      await platform.stop(1_000);
      await seed([{ room: "after-stop", state: "acknowledged", updated: daysAgo(10) }]);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.deepEqual(await remaining(), ["after-stop"]);
    });
  });
}

describe("lifecycle outbox pruning when the database fails", () => {
  it("logs the failure and resolves: a pass never throws", async () => {
    const handle = await openDatabase({ dataDir: ":memory:" });
    await handle.close();
    const { logger, lines } = captureLogger();
    const pruner = new OutboxPruner({ db: handle.db, logger, retentionDays: 7 });
    assert.equal(await pruner.runOnce(), 0);
    assert.ok(lines.some((l) => l.level === 40 && String(l.msg).startsWith("pruning the lifecycle outbox failed")));
  });
});

describe("OUTBOX_RETENTION_DAYS", () => {
  it("defaults to 7 days, 0 keeps every row, and a bad value is named at start", () => {
    assert.equal(loadConfig({}).outboxRetentionDays, 7);
    assert.equal(loadConfig({ OUTBOX_RETENTION_DAYS: "0" }).outboxRetentionDays, 0);
    assert.equal(loadConfig({ OUTBOX_RETENTION_DAYS: "30" }).outboxRetentionDays, 30);
    for (const bad of ["-1", "3651", "seven"]) {
      assert.throws(
        () => loadConfig({ OUTBOX_RETENTION_DAYS: bad }),
        (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.variable === "OUTBOX_RETENTION_DAYS"),
        bad,
      );
    }
  });
});
