import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { Seed003Client } from "./support/seed003-client.js";
import { FAST, SECRET, token, wsUrl } from "./support/game.js";

/** Each bad frame and the code it must be answered with. */
const BAD: Array<{ what: string; frame: string | Uint8Array; code: string }> = [
  { what: "invalid JSON", frame: "{not json", code: "3001" },
  { what: "a binary frame", frame: new Uint8Array([0x0d, 0x01, 0xff, 0x00]), code: "3001" },
  { what: "a JSON array", frame: "[1,2,3]", code: "3001" },
  { what: "a JSON string", frame: '"declare"', code: "3001" },
  { what: "a forbidden key", frame: '{"event":"declare","data":{"__proto__":{"x":1}}}', code: "3001" },
  { what: "no event", frame: '{"data":{}}', code: "3002" },
  { what: "an event that is not a string", frame: '{"event":5,"data":{}}', code: "3003" },
  { what: "an event name too long", frame: JSON.stringify({ event: "e".repeat(200) }), code: "3004" },
  { what: "an unknown event", frame: '{"event":"dance","data":{}}', code: "3001" },
  { what: "data that is not an object", frame: '{"event":"declare","data":"three"}', code: "3001" },
  { what: "a field of the wrong type", frame: '{"event":"declare","data":{"declaration":"three"}}', code: "3003" },
  { what: "a missing field", frame: '{"event":"play","data":{}}', code: "3002" },
  { what: "a value out of range", frame: '{"event":"declare","data":{"declaration":99}}', code: "3004" },
  { what: "a redeal choice out of range", frame: '{"event":"redeal_decision","data":{"choice":"maybe"}}', code: "3004" },
  { what: "another player's name", frame: '{"event":"start_game","data":{"player_name":"Alice"}}', code: "1002" },
];

describe("seed-003 gateway: bad frames", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET });
  });
  after(async () => server?.stop());

  it("answers every bad frame with a structured error, keeps the socket open, and touches no other seat", async () => {
    const host = await SdkPlayer.create(server.url, "liap_tui", { room_name: "Bad", player_name: "Alice", options: FAST }, await token("bad-alice"));
    await host.waitFor("room_joined");
    const roomId = host.room.roomId;
    const bob = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}?token=${await token("bad-bob")}&player_name=Bob`));
    const carol = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}?token=${await token("bad-carol")}&player_name=Carol`));
    await bob.waitFor("room_joined");
    await carol.waitFor("room_joined");
    await host.waitFor("player_joined", (d) => d.player_name === "Carol");
    const hostErrorsBefore = host.all("error").length + host.all("validation_error").length;
    const carolFramesBefore = carol.frames.length;

    for (const bad of BAD) {
      const from = bob.frames.length;
      bob.sendRaw(bad.frame);
      const answer = await Promise.race([bob.waitFor("validation_error", () => true, 5_000, from), bob.waitFor("error", () => true, 5_000, from)]);
      assert.equal(answer.data.code, bad.code, `${bad.what}: ${JSON.stringify(answer.data)}`);
      assert.equal(typeof answer.data.message, "string");
      assert.equal(typeof answer.data.recoverable, "boolean");
      assert.equal(bob.closed, undefined, `${bad.what} must not disconnect`);
      // nothing of the frame is echoed back
      if (typeof bad.frame === "string" && bad.frame.length > 20) assert.ok(!JSON.stringify(answer).includes(bad.frame), `${bad.what} echoed`);
    }
    // still a working seat
    bob.send("ping", { client_time: 123 });
    const pong = await bob.waitFor("pong", (d) => d.client_time === 123);
    assert.ok(pong.sequence_number > 0);
    assert.deepEqual(bob.problems, []);

    // nobody else heard of it, and the room's seats are as they were
    assert.equal(host.all("error").length + host.all("validation_error").length, hostErrorsBefore);
    assert.ok(carol.frames.slice(carolFramesBefore).every((f) => f.event !== "error" && f.event !== "validation_error"));
    assert.equal((host.state.phase as string | undefined) ?? "NOT_STARTED", "NOT_STARTED");

    // a frame over the size limit (4 KB) closes that socket only (1009)
    bob.sendRaw(JSON.stringify({ event: "ping", data: { client_time: 1, pad: "x".repeat(5_000) } }));
    await bob.waitClosed();
    assert.equal(bob.closed?.code, 1009);
    carol.send("ping", { client_time: 456 });
    await carol.waitFor("pong", (d) => d.client_time === 456);
    assert.equal(carol.closed, undefined);
    assert.deepEqual(carol.problems, []);
    carol.close();
    await host.leave();
  });

  it("the lobby answers bad frames the same way", async () => {
    const lobby = await Seed003Client.open(wsUrl(server.url, `/ws/lobby?token=${await token("bad-lobby")}`));
    await lobby.waitFor("room_list");
    const cases: Array<[string | Uint8Array, string]> = [
      ["nope", "3001"],
      [new Uint8Array([1, 2, 3]), "3001"],
      ['{"event":"create_room","data":{"room_name":"x"}}', "3002"],
      ['{"event":"create_room","data":{"room_name":7,"player_name":"A"}}', "3003"],
      ['{"event":"fly"}', "3001"],
    ];
    for (const [frame, code] of cases) {
      const from = lobby.frames.length;
      lobby.sendRaw(frame);
      const answer = await Promise.race([lobby.waitFor("validation_error", () => true, 5_000, from), lobby.waitFor("error", () => true, 5_000, from)]);
      assert.equal(answer.data.code, code, JSON.stringify(answer.data));
    }
    assert.equal(lobby.closed, undefined);
    assert.deepEqual(lobby.problems, []);
    lobby.close();
  });
});
