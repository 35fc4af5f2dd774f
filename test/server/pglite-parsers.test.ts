/**
 * src/db/pglite-parsers.ts: drizzle's per-query text parsers, installed once
 * on the PGlite client, give the same rows as before (timestamps, dates,
 * intervals and their arrays, in and out of transactions), and PGlite no
 * longer receives them with each query (it copies its parser table per query
 * when it does).
 */
import assert from "node:assert/strict";
import { PGlite, types, type QueryOptions } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "../../drizzle/schema/index.js";
import { MIGRATIONS_FOLDER, rowsOf, type Database } from "../../src/db/database.js";
import { recordRoomReady } from "../../src/db/lifecycle.js";
import { shareTextParsers } from "../../src/db/pglite-parsers.js";
import { getRoom } from "../../src/db/rooms.js";

interface Opened {
  client: PGlite;
  db: Database;
  /** The options of every query the client received (after the sharing, if any). */
  seen: Array<QueryOptions | undefined>;
}

async function open(share: boolean): Promise<Opened> {
  const client = new PGlite();
  await client.waitReady;
  const seen: Opened["seen"] = [];
  const recording = (query: PGlite["query"]) =>
    ((text: string, params?: unknown[], options?: QueryOptions) => {
      seen.push(options);
      return query(text, params, options);
    }) as PGlite["query"];
  client.query = recording(client.query.bind(client));
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: Parameters<PGlite["transaction"]>[0]) =>
    transaction((tx) => {
      tx.query = recording(tx.query);
      return callback(tx);
    })) as PGlite["transaction"];
  if (share) shareTextParsers(client);
  const db = drizzle({ client, schema }) as unknown as Database;
  await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  return { client, db, seen };
}

const MIXED = sql`select
  ${"2026-11-26T10:11:12.345Z"}::timestamptz as at,
  '2026-11-26 10:11:12'::timestamp as local,
  '2026-11-26'::date as day,
  interval '1 day 2 hours' as span,
  array['2026-11-26T10:11:12Z'::timestamptz, '2026-01-01T00:00:00Z'::timestamptz] as ats,
  array['2026-11-26'::date] as days,
  array[1.5::numeric, 2] as numbers,
  42 as n, 'text' as s, '{"a": 1}'::jsonb as j`;

async function readEverything(db: Database) {
  await recordRoomReady(db, { id: "room-parsers", gameRules: "liap_tui", nodeName: "node-a", managed: false }, undefined, new Date("2026-11-26T10:00:00.123Z"));
  const room = await getRoom(db, "room-parsers");
  const mixed = rowsOf(await db.execute(MIXED));
  const inTransaction = await db.transaction(async (tx) => ({ room: await getRoom(tx as unknown as Database, "room-parsers"), mixed: rowsOf(await tx.execute(MIXED)) }));
  return { room, mixed, inTransaction };
}

describe("PGlite: drizzle's text parsers installed once", () => {
  const clients: PGlite[] = [];
  after(async () => {
    for (const client of clients) await client.close();
  });

  it("reads the same rows as with the parsers given per query", async () => {
    const plain = await open(false);
    const shared = await open(true);
    clients.push(plain.client, shared.client);
    const expected = await readEverything(plain.db);
    const actual = await readEverything(shared.db);
    assert.deepEqual(actual, expected);
    assert.ok(actual.room?.createdAt instanceof Date);
    assert.equal(actual.room.createdAt.toISOString(), "2026-11-26T10:00:00.123Z");
    assert.equal(typeof (actual.mixed[0] as { at: unknown }).at, "string", "a raw timestamptz stays text, as drizzle asks");
  });

  it("PGlite gets no per-query parsers from drizzle, in or out of a transaction", async () => {
    const shared = await open(true);
    clients.push(shared.client);
    shared.seen.length = 0;
    await readEverything(shared.db);
    assert.ok(shared.seen.length >= 3);
    assert.deepEqual(
      shared.seen.filter((options) => options?.parsers !== undefined),
      [],
    );
  });

  it("other per-query parsers are still passed on", async () => {
    const shared = await open(true);
    clients.push(shared.client);
    const result = await shared.client.query<{ n: unknown }>("select 41 + 1 as n", [], { parsers: { [types.INT4]: (value: string) => `int ${value}` } });
    assert.equal(result.rows[0]!.n, "int 42");
  });
});
