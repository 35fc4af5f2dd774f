/**
 * Frames whose payload is not msgpack (or that end inside their own header)
 * used to make Colyseus close the connection with 4002. Bad input costs the
 * sender that message only: a validation_error, and the connection stays.
 */
import assert from "node:assert/strict";
import { getMessageBytes, matchMaker, Protocol } from "@colyseus/core";
import { sendRaw, tablesOnTestServer } from "./support-rooms.js";

describe("hostile/rooms: undecodable frames", function () {
  this.timeout(60_000);
  const tables = tablesOnTestServer();

  it("answers frames that do not decode with validation_error and keeps the connection and the room", async () => {
    const alice = await tables.startedTable();
    const roomId = alice.room.roomId;
    const header = getMessageBytes.raw(Protocol.ROOM_DATA, "declare");
    const frames = {
      "a reserved msgpack byte": Buffer.concat([header, Buffer.from([0xc1])]),
      "a string cut short": Buffer.concat([header, Buffer.from([0xd9, 0xff, 0x41])]),
      "a map cut short": Buffer.concat([header, Buffer.from([0x83, 0xa1, 0x61])]),
      "a request whose payload does not decode": Buffer.concat([Buffer.from([Protocol.ROOM_REQUEST, 0x07]), getMessageBytes.raw(Protocol.ROOM_DATA, "ping").subarray(1), Buffer.from([0xd9, 0xff, 0x41])]),
      "random bytes whose low bits spell LEAVE_ROOM": Buffer.from([0xe0 | Protocol.LEAVE_ROOM, 0x80, 0x41, 0x42]),
    };
    for (const [what, frame] of Object.entries(frames)) {
      const reply = await sendRaw(alice, frame, ["validation_error", "error", "room_closed"]);
      assert.equal(reply.type, "validation_error", `${what}: refused with validation_error`);
      assert.equal(alice.room.connection.isOpen, true, `${what}: still connected`);
    }
    // a type name that claims more bytes than the frame holds is read as far as it goes: an unknown event
    const cut = await sendRaw(alice, Buffer.from([Protocol.ROOM_DATA, 0xd9, 0xf0, 0x61, 0x62]), ["validation_error", "error", "room_closed"]);
    assert.notEqual(cut.type, "room_closed", "a cut type name: refused, not closed");
    assert.equal(alice.room.connection.isOpen, true, "a cut type name: still connected");
    assert.ok(matchMaker.getLocalRoomById(roomId), "the room is still there");
    const pong = await alice.request("ping", { client_time: 1 }, ["pong"]);
    assert.ok(pong, "and still answering");
  });
});
