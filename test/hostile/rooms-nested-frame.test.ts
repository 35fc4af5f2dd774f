/**
 * Issue 9 finding 3: a 4 KB frame of 4,000 nested arrays used to close the
 * room (the validation_error echoed it; encoding the echo overflowed the
 * stack outside the gate). Client input is never echoed now, and whatever
 * fails while answering one message costs that message only.
 */
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { nestedArraysFrame, sendRaw, tablesOnTestServer } from "./support-rooms.js";

describe("hostile/rooms: deeply nested frames", function () {
  this.timeout(60_000);
  const tables = tablesOnTestServer();

  it("answers 4,000 nested arrays with a bounded validation_error; the room and the connection stay", async () => {
    const alice = await tables.startedTable();
    const roomId = alice.room.roomId;
    for (const [type, field] of [["declare", undefined], ["play", "piece_ids"], ["sync_request", "last_sequence"]] as const) {
      const frame = nestedArraysFrame(type, 4_000, field);
      assert.ok(frame.length <= 4_096, "within the frame limit");
      const reply = await sendRaw(alice, frame, ["validation_error", "error", "room_closed"]);
      assert.equal(reply.type, "validation_error", `${type}: refused, not closed`);
      const text = JSON.stringify(reply.payload);
      assert.ok(text.length < 2_000, `${type}: the answer is small (${text.length} characters) and echoes no input`);
      assert.ok(!text.includes("[[[["), `${type}: no nested input in the answer`);
    }
    const unknown = await alice.request("x".repeat(200), {}, ["error"]);
    assert.ok(!JSON.stringify(unknown.payload).includes("x".repeat(33)), "an unknown event's name is not echoed whole");
    assert.equal(alice.all("room_closed").length, 0, "no room_closed");
    assert.equal(alice.room.connection.isOpen, true, "still connected");
    assert.ok(matchMaker.getLocalRoomById(roomId), "the room is still there");
    const pong = await alice.request("ping", { client_time: 1 }, ["pong"]);
    assert.ok(pong, "and still answering");
  });
});
