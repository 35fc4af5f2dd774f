import assert from "node:assert/strict";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { recordGameFinished, recordRoomStarted } from "../../src/db/lifecycle.js";
import { getRoom, insertRoom } from "../../src/db/rooms.js";
import { getGameResult } from "../../src/db/results.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";

/** The same behaviour, run against each database kind. */
function databaseSuite(kind: "pglite" | "postgres", open: () => Promise<DatabaseHandle>) {
  describe(`database on ${kind}`, () => {
    let handle: DatabaseHandle;
    before(async () => {
      handle = await open();
    });
    after(async () => {
      await handle?.close();
    });

    it("uses the expected driver", () => {
      assert.equal(handle.kind, kind);
    });

    it("writes and reads a room through its life", async () => {
      await insertRoom(handle.db, {
        id: "room-1",
        gameRules: "simple_card_battle",
        nodeName: "node-a",
        playerIds: ["u1", "u2"],
        config: { turn_time_limit: 60 },
      });
      // a second create of the same id is idempotent
      await insertRoom(handle.db, { id: "room-1", gameRules: "liap_tui", nodeName: "node-b" });
      let row = await getRoom(handle.db, "room-1");
      assert.ok(row);
      assert.equal(row.gameRules, "simple_card_battle");
      assert.equal(row.status, "created");
      assert.deepEqual(row.playerIds, ["u1", "u2"]);
      assert.deepEqual(row.config, { turn_time_limit: 60 });
      assert.ok(row.createdAt instanceof Date);
      assert.equal(row.startedAt, null);

      assert.equal(await recordRoomStarted(handle.db, "room-1", {}), true);
      assert.equal(await recordRoomStarted(handle.db, "room-1", {}), false, "a room starts once");
      await recordGameFinished(handle.db, { roomId: "room-1", gameRules: "simple_card_battle", resultData: {}, seed: "s", finishedAt: new Date() }, {});
      row = await getRoom(handle.db, "room-1");
      assert.equal(row?.status, "finished");
      assert.ok(row?.startedAt instanceof Date);
      assert.ok(row?.finishedAt instanceof Date);
      assert.equal(await getRoom(handle.db, "missing"), undefined);
    });

    it("writes and reads a game result, keeping the first on a repeat", async () => {
      const finishedAt = new Date("2026-02-10T01:08:00Z");
      await recordGameFinished(handle.db, {
        roomId: "room-2",
        gameRules: "simple_card_battle",
        winnerIds: ["u1"],
        resultData: { players: { u1: { hp: 5, result: "winner" }, u2: { hp: 0, result: "loser" } } },
        seed: "seed-123",
        options: { maxHp: 30 },
        actions: [{ type: "pass", playerId: "u1" }],
        turnsPlayed: 12,
        durationSeconds: 340,
        finishedAt,
      }, {});
      await recordGameFinished(handle.db, {
        roomId: "room-2",
        gameRules: "simple_card_battle",
        resultData: {},
        seed: "other",
        finishedAt,
      }, {});
      const row = await getGameResult(handle.db, "room-2");
      assert.ok(row);
      assert.match(row.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(row.winnerIds, ["u1"]);
      assert.equal(row.seed, "seed-123");
      assert.deepEqual(row.actions, [{ type: "pass", playerId: "u1" }]);
      assert.equal(row.turnsPlayed, 12);
      assert.equal(row.durationSeconds, 340);
      assert.equal(row.finishedAt.toISOString(), finishedAt.toISOString());
    });
  });
}

databaseSuite("pglite", () => openDatabase({ dataDir: ":memory:" }));

describe("PostgreSQL (real server)", () => {
  let temp: TempDatabase;
  before(async () => {
    temp = await createTempDatabase();
  });
  after(async () => {
    await temp?.drop();
  });

  databaseSuite("postgres", () => openDatabase({ databaseUrl: temp.url, dataDir: "unused" }));

  it("migrating an up-to-date database again changes nothing, even from two nodes at once", async () => {
    const [a, b] = await Promise.all([
      openDatabase({ databaseUrl: temp.url, dataDir: "unused" }),
      openDatabase({ databaseUrl: temp.url, dataDir: "unused" }),
    ]);
    await a.close();
    await b.close();
  });
});
