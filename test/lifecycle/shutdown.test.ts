import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { FakePlatform, type RecordedRequest, type Reply } from "../platform/fake-platform.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { expectSettled, finishGame, openRoom, startNode, terminate, type Storage, type TestRoom } from "./support.js";

/** How the matchmaking service answers a group of rooms from just before the first game_over until the restart. */
type Fault = "fast" | "slow" | "failing" | "down";

const GRACE_MS = 3_000;
/** The exit limit: the grace plus a few seconds (rooms closing, the outbox made durable, attempts under way answered). */
const EXIT_LIMIT_MS = GRACE_MS + 10_000;

const ACK: Reply = { status: 200, body: { acknowledged: true } };
const REPLIES: Record<Fault, Reply> = {
  fast: ACK,
  slow: { status: 200, body: { acknowledged: true }, delayMs: 6_000 },
  failing: { status: 503, body: { error: "unavailable" } },
  down: "reset",
};

/** The room a callback is about. */
function roomOf(request: RecordedRequest): string | undefined {
  return (request.body as { room_id?: string } | undefined)?.room_id;
}

/** Four rooms of one fault: A over before SIGTERM, B finishing during the grace, C still playing at the deadline, D waiting for its second player. */
interface Group {
  fault: Fault;
  a: TestRoom;
  b: TestRoom;
  c: TestRoom;
  d: TestRoom;
}

/**
 * One node through a deploy: a group of four rooms per fault of the
 * matchmaking service (and, on PostgreSQL, `game_results` locked for 5.5 s
 * around the first game_over, for every group), SIGTERM, then a restart with
 * a healthy service. Every A and B must be acknowledged finished once, every
 * C and D aborted once.
 */
async function deploy(storage: Storage, nodeName: string, lockResults: boolean): Promise<void> {
  const platform = await FakePlatform.start();
  let node = await startNode({ storage, nodeName, platformUrl: platform.url, shutdownMs: GRACE_MS });
  let lock: Promise<unknown> | undefined;
  try {
    const groups: Group[] = [];
    for (const fault of Object.keys(REPLIES) as Fault[]) {
      groups.push({ fault, a: await openRoom(node, 2), b: await openRoom(node, 2), c: await openRoom(node, 2), d: await openRoom(node, 1) });
    }
    const faultOf = new Map(groups.flatMap((g) => [g.a, g.b, g.c, g.d].map((room) => [room.roomId, g.fault] as const)));
    platform.respond((request) => REPLIES[faultOf.get(roomOf(request) ?? "") ?? "fast"]);

    if (lockResults) {
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

    await Promise.all(groups.map((g) => finishGame(g.a)));
    const exit = terminate(node, EXIT_LIMIT_MS + 5_000);
    // at once: not ready, no new rooms; games in progress play on
    await waitUntil(async () => (await fetch(`${node.url}/readyz`)).status === 503);
    await Promise.all(groups.map((g) => finishGame(g.b)));
    const closing = groups.flatMap((g) => [...g.c.players, ...g.d.players]);
    const closed = await Promise.all(closing.map((p) => p.sdk.waitFor("room_closed", () => true, GRACE_MS + 8_000)));
    for (const message of closed) assert.equal(message.data.reason, "process_error", "the reason named in the README");
    const { code, ms } = await exit;
    assert.equal(code, 0, node.proc.output());
    assert.ok(ms < EXIT_LIMIT_MS, `exited after ${ms} ms (limit ${EXIT_LIMIT_MS})`);
    for (const g of groups) {
      for (const p of [...g.a.players, ...g.b.players]) assert.equal(p.sdk.all("room_closed").length, 0, "a game that ended is closed without an abort");
    }
    await lock;

    // the next life, with a healthy service
    platform.respond(() => ACK);
    node = await startNode({ storage, nodeName, platformUrl: platform.url, shutdownMs: GRACE_MS });
    await expectSettled(
      [platform],
      groups.flatMap((g) => [g.a.roomId, g.b.roomId]),
      groups.flatMap((g) => [g.c.roomId, g.d.roomId]),
    );
    await Promise.all(groups.flatMap((g) => [g.a, g.b, g.c, g.d]).flatMap((room) => room.players.map((p) => p.sdk.leave().catch(() => {}))));
  } finally {
    await terminate(node, EXIT_LIMIT_MS + 5_000);
    await platform.close().catch(() => {});
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
  this.timeout(300_000);
  let dataDir: string;
  let database: TempDatabase;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "lifecycle-"));
    database = await createTempDatabase();
  });
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop().catch(() => {});
  });

  it("with the matchmaking service fast, slow (6 s), failing (503) and down, on PGlite (a file in DATA_DIR) and on PostgreSQL with game_results locked", async () => {
    await Promise.all([
      deploy({ kind: "pglite", dataDir }, "grace-pglite", false),
      deploy({ kind: "postgres", url: database.url }, "grace-postgres", true),
    ]);
  });
});
