import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { FakePlatform } from "../platform/fake-platform.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { expectSettled, finishGame, openRoom, startNode, terminate, type Storage } from "./support.js";

/** How the matchmaking service (or the database) behaves from just before the first game_over until the restart. */
type Fault = "fast" | "slow" | "failing" | "down" | "locked";

const GRACE_MS = 3_000;
/** The exit limit: the grace plus a few seconds (rooms closing, the outbox made durable, attempts under way answered). */
const EXIT_LIMIT_MS = GRACE_MS + 10_000;

/**
 * One node through a deploy under a fault: four rooms — A over before
 * SIGTERM, B finishing during the grace, C still playing at the deadline, D
 * waiting for its second player — then a restart with a healthy service.
 * A and B must be acknowledged finished once, C and D aborted once.
 */
async function deployUnderFault(storage: Storage, fault: Fault, nodeName: string): Promise<void> {
  let platform = await FakePlatform.start();
  const platforms = [platform];
  let node = await startNode({ storage, nodeName, platformUrl: platform.url, shutdownMs: GRACE_MS });
  let lock: Promise<unknown> | undefined;
  try {
    const [a, b, c] = [await openRoom(node, 2), await openRoom(node, 2), await openRoom(node, 2)];
    const d = await openRoom(node, 1);

    if (fault === "slow") platform.respond(() => ({ status: 200, body: { acknowledged: true }, delayMs: 6_000 }));
    if (fault === "failing") platform.respond(() => ({ status: 503, body: { error: "unavailable" } }));
    if (fault === "down") await platform.close();
    if (fault === "locked") {
      assert.equal(storage.kind, "postgres");
      const sql = postgres(storage.url, { max: 1, onnotice: () => {} });
      let locked!: () => void;
      const held = new Promise<void>((resolve) => (locked = resolve));
      lock = sql
        .begin(async (tx) => {
          await tx`lock table game_results in access exclusive mode`;
          locked();
          await tx`select pg_sleep(5.5)`;
        })
        .finally(() => sql.end({ timeout: 1 }));
      await held;
    }

    await finishGame(a);
    const exit = terminate(node, EXIT_LIMIT_MS + 5_000);
    // at once: not ready, no new rooms; games in progress play on
    await waitUntil(async () => (await fetch(`${node.url}/readyz`)).status === 503);
    await finishGame(b);
    const [closedC] = await Promise.all([c.players[0]!.sdk.waitFor("room_closed", () => true, GRACE_MS + 5_000), ...d.players.map((p) => p.sdk.waitFor("room_closed", () => true, GRACE_MS + 5_000))]);
    assert.equal(closedC.data.reason, "process_error", "the reason named in the README");
    const { code, ms } = await exit;
    assert.equal(code, 0, node.proc.output());
    assert.ok(ms < EXIT_LIMIT_MS, `exited after ${ms} ms (limit ${EXIT_LIMIT_MS})`);
    for (const room of [a, b]) {
      for (const p of room.players) assert.equal(p.sdk.all("room_closed").length, 0, "a game that ended is closed without an abort");
    }
    await lock;

    // the next life, with a healthy service
    if (fault === "down") {
      platform = await FakePlatform.start(platform.port);
      platforms.push(platform);
    } else {
      platform.respond(() => ({ status: 200, body: { acknowledged: true } }));
    }
    node = await startNode({ storage, nodeName, platformUrl: platform.url, shutdownMs: GRACE_MS });
    await expectSettled(platforms, [a.roomId, b.roomId], [c.roomId, d.roomId]);
    for (const room of [a, b, c, d]) await Promise.all(room.players.map((p) => p.sdk.leave().catch(() => {})));
  } finally {
    await terminate(node, EXIT_LIMIT_MS + 5_000);
    await Promise.all(platforms.map((p) => p.close().catch(() => {})));
  }
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not met");
}

describe("SIGTERM during games: a real shutdown grace, nothing lost (real processes)", function () {
  this.timeout(240_000);
  const dirs: string[] = [];
  const databases: TempDatabase[] = [];
  after(async () => {
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    await Promise.all(databases.map((db) => db.drop().catch(() => {})));
  });

  it("on PGlite (a file in DATA_DIR), with the matchmaking service fast, slow (6 s), failing (503) and down", async () => {
    const faults: Fault[] = ["fast", "slow", "failing", "down"];
    await Promise.all(
      faults.map((fault, i) => {
        const dataDir = mkdtempSync(join(tmpdir(), "lifecycle-"));
        dirs.push(dataDir);
        return deployUnderFault({ kind: "pglite", dataDir }, fault, `pglite-${fault}-${i}`);
      }),
    );
  });

  it("on PostgreSQL, with the service fast, slow, failing and down, and with game_results locked for 5.5 s", async () => {
    const faults: Fault[] = ["fast", "slow", "failing", "down", "locked"];
    await Promise.all(
      faults.map(async (fault, i) => {
        const db = await createTempDatabase();
        databases.push(db);
        return deployUnderFault({ kind: "postgres", url: db.url }, fault, `pg-${fault}-${i}`);
      }),
    );
  });
});
