/**
 * In-memory databases after the first ones start from a migrated image
 * (src/db/pglite-memory-image.ts): each is still a fresh database with the
 * whole schema, and nothing written to one reaches another.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER, openDatabase, rowsOf, type DatabaseHandle } from "../../src/db/database.js";
import { getRoom, insertRoom } from "../../src/db/rooms.js";
import { memoryDatabaseStarts } from "../../src/db/pglite-memory-image.js";

const MIGRATIONS = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith(".sql")).length;

describe("in-memory databases from a migrated image", function () {
  this.timeout(60_000);
  const open: DatabaseHandle[] = [];
  after(async () => {
    await Promise.all(open.map((handle) => handle.close()));
  });

  it("start after the second from the image, each fresh and migrated, none seeing another's writes", async () => {
    const before = { ...memoryDatabaseStarts };
    for (let i = 0; i < 4; i++) {
      const handle = await openDatabase({ dataDir: ":memory:" });
      open.push(handle);
      const applied = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      assert.equal(applied[0]!.n, MIGRATIONS, `database ${i}: every migration applied once`);
      const probes = rowsOf<{ name: string }>(await handle.db.execute(sql`select table_name as name from information_schema.tables where table_name like 'probe_%'`));
      assert.deepEqual(probes, [], `database ${i} holds no table written in an earlier one`);
      assert.equal(await getRoom(handle.db, "image-room"), undefined, `database ${i} holds no row written in an earlier one`);
      // written after the open: an image taken later than the migrations would carry these into the next database
      await handle.db.execute(sql.raw(`create table probe_${i} (x int)`));
      await insertRoom(handle.db, { id: "image-room", gameRules: "liap_tui", nodeName: `node-${i}` });
      assert.equal((await getRoom(handle.db, "image-room"))?.nodeName, `node-${i}`);
    }
    const created = memoryDatabaseStarts.created - before.created;
    const fromImage = memoryDatabaseStarts.fromImage - before.fromImage;
    assert.equal(created + fromImage, 4);
    assert.ok(fromImage >= 2, `at least the last two of four started from the image (created ${created}, from the image ${fromImage})`);
  });
});
