/**
 * src/db/pglite-statements.ts: PGlite queries through named prepared
 * statements give the same rows as PGlite's own path, prepare each text once,
 * keep at most the configured number of statements, leave the session usable
 * after an error, and never run inside another caller's transaction.
 */
import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "../../drizzle/schema/index.js";
import { MIGRATIONS_FOLDER, rowsOf, type Database } from "../../src/db/database.js";
import { recordGameFinished, recordRoomReady, recordRoomStarted } from "../../src/db/lifecycle.js";
import { roomOutbox } from "../../src/db/outbox.js";
import { shareTextParsers } from "../../src/db/pglite-parsers.js";
import { prepareStatements } from "../../src/db/pglite-statements.js";
import { getRoom } from "../../src/db/rooms.js";

async function open(prepared: boolean, maxStatements?: number): Promise<{ client: PGlite; db: Database }> {
  const client = new PGlite();
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Database;
  await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  if (prepared) prepareStatements(client, maxStatements);
  shareTextParsers(client);
  return { client, db };
}

/** The statements PostgreSQL holds for the session (names and texts). */
async function heldStatements(client: PGlite): Promise<string[]> {
  // a simple-protocol query: it never goes through the prepared path, so it does not count itself
  const [result] = await client.exec("select statement from pg_prepared_statements order by name");
  return (result?.rows ?? []).map((row) => String((row as { statement: unknown }).statement));
}

const MIXED = sql`select
  ${"2026-11-26T10:11:12.345Z"}::timestamptz as at,
  '2026-11-26'::date as day,
  interval '1 day 2 hours' as span,
  array['2026-11-26T10:11:12Z'::timestamptz] as ats,
  ${42} as n, ${"text"} as s, ${null}::text as nothing, ${JSON.stringify({ a: [1, "x"] })}::jsonb as j,
  ${true} as yes, ${12345678901}::bigint as big, array[${1}::int, ${2}::int] as ints`;

async function readEverything(db: Database) {
  const at = new Date("2026-11-26T10:00:00.123Z");
  await recordRoomReady(db, { id: "room-p", gameRules: "liap_tui", nodeName: "node-a", managed: true, playerIds: ["a", "b"], config: { seed: 1 } }, { room_id: "room-p" }, at);
  await recordRoomStarted(db, "room-p", { room_id: "room-p" }, new Date("2026-11-26T10:00:01Z"));
  await recordGameFinished(
    db,
    { roomId: "room-p", gameRules: "liap_tui", winnerIds: ["a"], resultData: { scores: { a: 3 } }, seed: "s", options: {}, actions: [{ t: 1 }], turnsPlayed: 1, durationSeconds: 2, finishedAt: new Date("2026-11-26T10:00:02Z") },
    { room_id: "room-p", status: "finished" },
  );
  const room = await getRoom(db, "room-p");
  const outbox = (await roomOutbox(db, "room-p")).map(({ id: _id, createdAt: _c, updatedAt: _u, nextAttemptAt: _n, ...rest }) => rest);
  const mixed = rowsOf(await db.execute(MIXED));
  const results = await db.select().from(schema.gameResults).where(eq(schema.gameResults.roomId, "room-p"));
  return { room: { ...room, createdAt: undefined }, outbox, mixed, results: results.map((r) => ({ ...r, id: undefined, createdAt: undefined })) };
}

describe("prepared statements on PGlite", function () {
  this.timeout(30_000);

  it("gives the same rows as PGlite's own path (lifecycle writes, outbox, timestamps, jsonb, bigint, arrays, nulls)", async () => {
    const plain = await open(false);
    const prepared = await open(true);
    try {
      const expected = await readEverything(plain.db);
      assert.deepEqual(await readEverything(prepared.db), expected);
      // twice: the second time every text runs from its prepared statement
      assert.deepEqual(rowsOf(await prepared.db.execute(MIXED)), expected.mixed);
    } finally {
      await plain.client.close();
      await prepared.client.close();
    }
  });

  it("prepares each text once, however often it runs", async () => {
    const { client, db } = await open(true);
    try {
      for (let i = 0; i < 5; i++) await getRoom(db, `room-${i}`);
      const held = await heldStatements(client);
      assert.equal(held.filter((text) => text.includes(`from "rooms"`)).length, 1, held.join("\n"));
    } finally {
      await client.close();
    }
  });

  it("keeps at most maxStatements, closing the least recently used, and still answers every text", async () => {
    const { client, db } = await open(true, 2);
    try {
      for (let round = 0; round < 3; round++) {
        for (const n of [1, 2, 3]) {
          const rows = rowsOf<{ n: number; tag: string }>(await db.execute(sql`select ${sql.raw(String(n))}::int as n, ${`round ${round}`}::text as tag`));
          assert.deepEqual(rows, [{ n, tag: `round ${round}` }]);
        }
      }
      assert.ok((await heldStatements(client)).length <= 2, "two statements at most");
    } finally {
      await client.close();
    }
  });

  it("throws PostgreSQL's error (with its code) and the next query works", async () => {
    const { client, db } = await open(true);
    try {
      await db.insert(schema.rooms).values({ id: "dup", gameRules: "liap_tui", nodeName: "n", status: "ready", managed: false, playerIds: [], config: {}, createdAt: new Date() });
      await assert.rejects(
        db.insert(schema.rooms).values({ id: "dup", gameRules: "liap_tui", nodeName: "n", status: "ready", managed: false, playerIds: [], config: {}, createdAt: new Date() }),
        (error: { code?: string; cause?: { code?: string } }) => (error.cause?.code ?? error.code) === "23505",
      );
      await assert.rejects(db.execute(sql`select * from no_such_table`), /no_such_table/);
      assert.equal((await getRoom(db, "dup"))?.id, "dup");
    } finally {
      await client.close();
    }
  });

  it("never runs inside another caller's transaction: a rolled-back transaction does not take a concurrent write with it", async () => {
    const { client, db } = await open(true);
    try {
      const room = (id: string) => ({ id, gameRules: "liap_tui", nodeName: "n", status: "ready" as const, managed: false, playerIds: [], config: {}, createdAt: new Date() });
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      const rolledBack = db
        .transaction(async (tx) => {
          await tx.insert(schema.rooms).values(room("in-tx"));
          inside();
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error("roll back");
        })
        .catch(() => "rolled back");
      await entered;
      const concurrent = db.insert(schema.rooms).values(room("outside")).execute(); // started now (a query builder runs only when awaited)
      assert.equal(await rolledBack, "rolled back");
      await concurrent;
      assert.equal(await getRoom(db, "in-tx"), undefined);
      assert.equal((await getRoom(db, "outside"))?.id, "outside");
    } finally {
      await client.close();
    }
  });
});
