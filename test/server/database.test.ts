import assert from "node:assert/strict";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { asc, eq } from "drizzle-orm";
import { gameReplays, lifecycleOutbox } from "../../drizzle/schema/index.js";
import { compiledWrites, recordGameFinished, recordRoomAborted, recordRoomReady, recordRoomStarted } from "../../src/db/lifecycle.js";
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

    it("builds each lifecycle write once per shape, and fills in every room's own values", async () => {
      const at = (second: number) => new Date(Date.UTC(2026, 10, 28, 1, 0, second));
      const lifeOf = async (i: number) => {
        const id = `shape-${i}`;
        assert.equal(await recordRoomReady(handle.db, { id, gameRules: "simple_card_battle", nodeName: "node-a", playerIds: [`a${i}`, `b${i}`], config: { n: i }, managed: true }, { room_id: id, n: i }, at(i)), true);
        assert.equal(await recordRoomStarted(handle.db, id, { room_id: id, started: i }, at(i + 1)), true);
        if (i % 2 === 0) {
          const finished = await recordGameFinished(
            handle.db,
            { roomId: id, gameRules: "simple_card_battle", winnerIds: [`a${i}`], resultData: { i }, seed: `seed-${i}`, finishedAt: at(i + 2) },
            { room_id: id, winner: `a${i}` },
            { roomId: id, gameRules: "simple_card_battle", format: 1, seed: `seed-${i}`, options: {}, playerIds: [`a${i}`, null], context: { i }, steps: [{ i }], stepCount: 1 },
          );
          assert.equal(finished, true);
        } else assert.equal(await recordRoomAborted(handle.db, id, { room_id: id, reason: i }, at(i + 2)), true);
        assert.equal(await recordRoomAborted(handle.db, id, { room_id: id }, at(i + 3)), false, "an ended room stays ended");
      };
      await lifeOf(0);
      await lifeOf(1);
      const shapes = compiledWrites();
      for (let i = 2; i < 12; i++) await lifeOf(i);
      assert.equal(compiledWrites(), shapes, "ten more rooms of the same shapes compile nothing new");

      for (const i of [6, 7]) {
        const id = `shape-${i}`;
        const room = await getRoom(handle.db, id);
        assert.deepEqual(room?.playerIds, [`a${i}`, `b${i}`]);
        assert.deepEqual(room?.config, { n: i });
        assert.equal(room?.createdAt.toISOString(), at(i).toISOString());
        assert.equal(room?.startedAt?.toISOString(), at(i + 1).toISOString());
        assert.equal(room?.finishedAt?.toISOString(), at(i + 2).toISOString());
        assert.equal(room?.status, i % 2 === 0 ? "finished" : "aborted");
        const owed = await handle.db.select().from(lifecycleOutbox).where(eq(lifecycleOutbox.roomId, id)).orderBy(asc(lifecycleOutbox.id));
        assert.deepEqual(
          owed.map((row) => [row.kind, row.payload, row.createdAt.toISOString()]),
          [
            ["ready", { room_id: id, n: i }, at(i).toISOString()],
            ["started", { room_id: id, started: i }, at(i + 1).toISOString()],
            i % 2 === 0 ? ["finished", { room_id: id, winner: `a${i}` }, at(i + 2).toISOString()] : ["aborted", { room_id: id, reason: i }, at(i + 2).toISOString()],
          ],
        );
      }
      const replay = await handle.db.select().from(gameReplays).where(eq(gameReplays.roomId, "shape-8"));
      assert.deepEqual([replay[0]?.playerIds, replay[0]?.context, replay[0]?.steps], [["a8", null], { i: 8 }, [{ i: 8 }]]);
      const result = await getGameResult(handle.db, "shape-6");
      assert.deepEqual([result?.winnerIds, result?.resultData, result?.seed, result?.actions, result?.turnsPlayed], [["a6"], { i: 6 }, "seed-6", [], 0], "columns left out take their defaults");
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
