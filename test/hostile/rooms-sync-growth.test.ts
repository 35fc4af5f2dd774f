/**
 * Issue 9 finding 2: every sync_response used to be logged and replayed by the
 * next one, so each answer was twice the previous. Replies to one connection
 * are never replayed now, and a sync answer is bounded.
 */
import assert from "node:assert/strict";
import { EventLog } from "../../rooms/shared/event-log.js";
import { SYNC_LIMITS } from "../../rooms/shared/messenger.js";
import { tablesOnTestServer } from "./support-rooms.js";

type SyncData = { current_sequence: number; missed_events: Array<{ sequence: number; event: string }>; truncated: boolean; full_state: unknown };

describe("hostile/rooms: sync_request answers do not grow", function () {
  this.timeout(60_000);
  const tables = tablesOnTestServer();

  it("answers repeated full syncs with the same events, never replaying replies (sync answers, errors, pongs)", async () => {
    const alice = await tables.startedTable();
    const sizes: number[] = [];
    for (let i = 0; i < 12; i++) {
      // replies of every kind in between: an error, a validation error, a pong
      await alice.request("fly_away", {}, ["error"]);
      await alice.request("declare", { declaration: "x" }, ["validation_error"]);
      await alice.request("ping", { client_time: 1 }, ["pong"]);
      const reply = await alice.request("sync_request", { last_sequence: 0 }, ["sync_response"]);
      const data = reply.payload.data as unknown as SyncData;
      const replayed = data.missed_events.map((e) => e.event);
      for (const reply of ["sync_response", "error", "validation_error", "pong", "connected", "room_joined"]) {
        assert.ok(!replayed.includes(reply), `sync ${i + 1} replays no ${reply}`);
      }
      sizes.push(JSON.stringify(reply.payload).length);
      // pace the requests under the rate limit (10/s)
      await new Promise((r) => setTimeout(r, 400));
    }
    assert.ok(Math.max(...sizes) <= sizes[0]! * 1.05, `answers stay the same size: ${sizes.join(", ")}`);
  });

  it("bounds one answer: beyond the cap it carries only the full state", () => {
    const log = new EventLog({ maxEntries: 100_000, maxBytes: 100 * 1024 * 1024 });
    for (let i = 0; i < SYNC_LIMITS.maxEvents + 10; i++) log.append("phase_change", { i }, { kind: "all" }, 0, 100);
    const missed = log.since(0, {}, SYNC_LIMITS);
    assert.equal(missed.overflow, true);
    assert.deepEqual(missed.events, []);
    const recent = log.since(log.currentSequence - 5, {}, SYNC_LIMITS);
    assert.equal(recent.overflow, false);
    assert.equal(recent.events.length, 5);
    const big = new EventLog({ maxEntries: 100_000, maxBytes: 100 * 1024 * 1024 });
    for (let i = 0; i < 5; i++) big.append("phase_change", {}, { kind: "all" }, 0, 100 * 1024);
    assert.equal(big.since(0, {}, SYNC_LIMITS).overflow, true, "bounded by bytes too");
  });
});
