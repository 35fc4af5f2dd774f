/**
 * Chat members are written in batches (src/chat/member-batch.ts): joins of a
 * moment become one upsert, a queued member is known before it is written,
 * and a player stays a player. The upsert itself runs on real PGlite.
 */
import assert from "node:assert/strict";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { MemberBatch, type MemberRecord } from "../../src/chat/member-batch.js";
import { getMember, upsertMembers } from "../../src/chat/store.js";

describe("chat member batches", () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openDatabase({ dataDir: ":memory:" });
  });
  after(async () => {
    await handle?.close();
  });

  it("writes the joins of a moment, from several rooms, in one statement; each is known before it is written", async () => {
    const writes: MemberRecord[][] = [];
    const batch = new MemberBatch(
      async (members) => {
        writes.push(members);
        await upsertMembers(handle.db, members);
      },
      (error) => assert.fail(String(error)),
      30,
    );
    batch.add({ roomId: "r1", userId: "u1", name: "Ann", role: "player" });
    batch.add({ roomId: "r1", userId: "u2", name: "Bo", role: "player" });
    batch.add({ roomId: "r2", userId: "u1", name: "Ann", role: "spectator" });
    // the same player watching too: stays a player, with the newer name
    batch.add({ roomId: "r1", userId: "u1", name: "Ann B", role: "spectator" });
    assert.deepEqual(batch.pending("r1", "u1"), { roomId: "r1", userId: "u1", name: "Ann B", role: "player" });
    assert.equal(await getMember(handle.db, "r1", "u1"), undefined, "not written yet");

    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(writes.length, 1, "one write for the four joins");
    assert.equal(writes[0]!.length, 3);
    assert.equal(batch.pending("r1", "u1"), undefined, "forgotten once written");
    const ann = await getMember(handle.db, "r1", "u1");
    assert.equal(ann?.role, "player");
    assert.equal(ann?.name, "Ann B");
    assert.equal((await getMember(handle.db, "r2", "u1"))?.role, "spectator");

    // a later watch of the same room keeps the recorded player a player
    batch.add({ roomId: "r1", userId: "u1", name: "Ann", role: "spectator" });
    await batch.flush();
    assert.equal((await getMember(handle.db, "r1", "u1"))?.role, "player");
  });

  it("flush writes at once; a failed write is reported and never throws", async () => {
    const failures: number[] = [];
    let fail = true;
    const batch = new MemberBatch(
      async (members) => {
        if (fail) throw new Error("database down");
        await upsertMembers(handle.db, members);
      },
      (_error, count) => failures.push(count),
      60_000,
    );
    batch.add({ roomId: "r3", userId: "u1", name: "Cy", role: "player" });
    batch.add({ roomId: "r3", userId: "u2", name: "Di", role: "player" });
    await batch.flush();
    assert.deepEqual(failures, [2]);
    fail = false;
    batch.add({ roomId: "r3", userId: "u3", name: "Ed", role: "player" });
    await batch.flush();
    assert.equal((await getMember(handle.db, "r3", "u3"))?.name, "Ed");
  });
});
