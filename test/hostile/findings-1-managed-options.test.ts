/**
 * Finding 1: client options cannot smuggle server-only room configuration.
 * The probe's `__proto__` payload (and variants) over every room-creating
 * matchmaking method and both room types is refused with 400 and makes no
 * room; the matchmaking service then creates the real match normally.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { startTestServer } from "../support/server.js";
import type { RunningServer } from "../../src/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { send } from "./findings-support.js";

const KEY = "hostile-internal-key-1";

describe("hostile finding 1: server-only room configuration never comes from client options", function () {
  this.timeout(90_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer({ INTERNAL_API_KEYS: KEY });
  });
  after(async () => {
    await server?.stop();
  });

  const spec = (roomId: string, gameRules: string) => ({ roomId, gameRules, playerIds: ["a", "b", "c", "d"], joinTimeoutMs: 0 });
  const payloads = (roomId: string, gameRules: string) => [
    `{"__proto__":{"__managed":${JSON.stringify(spec(roomId, gameRules))}}}`,
    `{"__proto__":{"managedTicket":"${"A".repeat(32)}"}}`,
    `{"player_name":"x","constructor":{"prototype":{"__managed":${JSON.stringify(spec(roomId, gameRules))}}}}`,
    `{"options":{"__proto__":{"win_score":1}}}`,
    `{"managedTicket":"${"A".repeat(32)}"}`,
    `{"__managed":${JSON.stringify(spec(roomId, gameRules))}}`,
  ];

  for (const room of ["liap_tui", "card_battle"]) {
    for (const method of ["create", "joinOrCreate", "join"]) {
      it(`${method}/${room}: smuggled managed specs are refused and create nothing`, async () => {
        const roomId = `match-${randomUUID()}`;
        for (const body of payloads(roomId, room === "liap_tui" ? "liap_tui" : "simple_card_battle")) {
          const reply = await send(`${server.url}/matchmake/${method}/${room}`, "POST", body);
          assert.ok([400, 403].includes(reply.status), `${body} → ${reply.status} ${JSON.stringify(reply.body)}`);
          assert.equal(typeof reply.body?.error, "string");
        }
        assert.deepEqual(await matchMaker.query({ roomId }), [], "no room under the smuggled id");
        for (const listing of await matchMaker.query({})) {
          assert.notEqual((listing.metadata as { managed?: boolean } | undefined)?.managed, true, "no managed room from a client");
        }
      });
    }
  }

  it("forbidden keys are refused with 400 everywhere (matchmaking, internal API)", async () => {
    for (const body of ['{"__proto__":{"player_name":"x"}}', '{"a":{"b":[{"constructor":1}]}}', '{"prototype":1}']) {
      assert.equal((await send(`${server.url}/matchmake/joinOrCreate/liap_tui`, "POST", body)).status, 400, body);
      const internal = await send(`${server.url}/internal/rooms/create`, "POST", body, { "x-internal-api-key": KEY });
      assert.equal(internal.status, 400, body);
    }
  });

  it("the matchmaking service's create is a real managed room after the attempts: its players get in", async () => {
    const roomId = `match-${randomUUID()}`;
    const smuggled = { ...spec(roomId, "liap_tui"), playerIds: ["x1", "x2", "x3", "x4"] };
    await send(`${server.url}/matchmake/create/liap_tui`, "POST", `{"__proto__":{"__managed":${JSON.stringify(smuggled)}}}`);
    const created = await send(
      `${server.url}/internal/rooms/create`,
      "POST",
      JSON.stringify({ room_id: roomId, player_ids: ["a", "b", "c", "d"], config: { player_count: 4, game_rules: "liap_tui" } }),
      { "x-internal-api-key": KEY },
    );
    assert.equal(created.status, 200);
    const [live] = await matchMaker.query({ roomId });
    assert.ok(live, "the room exists");
    assert.equal((live.metadata as { managed?: boolean }).managed, true);
    // guest mode: a player names itself; the real player "a" is expected, not the smuggled ones
    const player = await SdkPlayer.join(`ws://127.0.0.1:${server.port}`, roomId, { player_id: "a" });
    try {
      await player.waitFor("connected");
    } finally {
      await player.room.leave().catch(() => {});
    }
  });
});
