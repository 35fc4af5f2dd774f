/**
 * Issue 9 finding 4: the event log kept every error echoed to a client (up to
 * 20,000 entries, bytes unbounded). Errors to one connection are not logged
 * now, and the log is bounded by bytes as well as entries.
 */
import assert from "node:assert/strict";
import { EventLog } from "../../rooms/shared/event-log.js";
import { eventLogOf, tablesOnTestServer } from "./support-rooms.js";

describe("hostile/rooms: the event log keeps no junk and stays bounded", function () {
  this.timeout(60_000);
  const tables = tablesOnTestServer();

  it("logs none of the errors answered to a client's junk", async () => {
    const alice = await tables.startedTable();
    const roomId = alice.room.roomId;
    // let the bots' moves settle: with no timers the game waits for Alice
    await new Promise((r) => setTimeout(r, 300));
    const log = eventLogOf(roomId);
    const before = { size: log.size, bytes: log.bytes, currentSequence: log.currentSequence };
    const junk = "z".repeat(3_000);
    for (let i = 0; i < 15; i++) {
      const type = i % 3 === 0 ? "declare" : i % 3 === 1 ? "junk_event" : "play";
      const reply = await alice.request(type, i % 3 === 2 ? { piece_ids: [junk] } : { declaration: junk }, ["validation_error", "error"]);
      assert.ok(JSON.stringify(reply.payload).length < 2_000, "no echo");
    }
    const replay = await alice.request("sync_request", { last_sequence: before.currentSequence }, ["sync_response"]);
    assert.deepEqual((replay.payload.data as unknown as { missed_events: unknown[] }).missed_events, [], "nothing to replay: the errors were not logged");
    const after = eventLogOf(roomId);
    assert.equal(after.size, before.size, "no entry added for the 15 errors");
    assert.equal(after.bytes, before.bytes, "no byte added");
    assert.ok(after.currentSequence >= before.currentSequence + 15, "the errors still took sequence numbers");
  });

  it("drops the oldest entries beyond the byte bound as well as the entry bound", () => {
    const log = new EventLog({ maxEntries: 1_000, maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) log.append("e", {}, { kind: "all" }, 0, 1_000);
    assert.ok(log.bytes <= 10_000 && log.size === 10, `bytes ${log.bytes}, entries ${log.size}`);
    const counted = new EventLog({ maxEntries: 50, maxBytes: 1e9 });
    for (let i = 0; i < 5_000; i++) counted.append("e", {}, { kind: "all" }, 0, 10);
    assert.equal(counted.size, 50);
    assert.equal(counted.since(counted.currentSequence - 3, {}, { maxEvents: 10, maxBytes: 1e9 }).events.length, 3);
    assert.equal(counted.since(0, {}, { maxEvents: 100, maxBytes: 1e9 }).truncated, true);
  });
});
