/**
 * Finding 5: /matchmake/* bodies are bounded, a room is created only for a
 * valid JWT when auth is configured, creates are limited per user, and rooms
 * clients create never take the matchmaking service's capacity (MAX_ROOMS).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { startTestServer } from "../support/server.js";
import type { RunningServer } from "../../src/server.js";
import { send, tokenFor } from "./findings-support.js";

const KEY = "hostile-internal-key-5";
const SECRET = "hostile-finding-five-secret-".repeat(2);

describe("hostile finding 5: matchmaking body limit, auth before create, client-room capacity", function () {
  this.timeout(90_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer({ INTERNAL_API_KEYS: KEY, JWT_SECRET: SECRET, MAX_ROOMS: "2", MAX_CLIENT_ROOMS: "3", CLIENT_CREATES_PER_MINUTE: "2" });
  });
  after(async () => {
    await server?.stop();
  });

  const create = async (userId?: string, body = "{}"): Promise<Awaited<ReturnType<typeof send>>> =>
    send(`${server.url}/matchmake/create/liap_tui`, "POST", body, userId === undefined ? {} : ({ authorization: `Bearer ${await tokenFor(SECRET, userId)}` } as Record<string, string>));

  it("refuses a body over 64 KB with 413, before parsing it", async () => {
    const big = JSON.stringify({ room_name: "x".repeat(100 * 1024) });
    assert.equal((await create("big-user", big)).status, 413);
    assert.equal((await matchMaker.query({ name: "liap_tui" })).length, 0);
  });

  it("creates no room without a valid JWT", async () => {
    for (const headers of [{}, { authorization: "Bearer not-a-jwt" }] as Array<Record<string, string>>) {
      for (const method of ["create", "joinOrCreate"]) {
        const reply = await send(`${server.url}/matchmake/${method}/liap_tui`, "POST", "{}", headers);
        assert.equal(reply.status, 401, `${method} ${JSON.stringify(headers)}`);
      }
    }
    assert.equal((await matchMaker.query({ name: "liap_tui" })).length, 0, "no room was created");
  });

  it("limits creates per user and client rooms apart from MAX_ROOMS; the matchmaking service still gets its rooms", async () => {
    assert.equal((await create("user-a")).status, 200);
    assert.equal((await create("user-a")).status, 200);
    assert.equal((await create("user-a")).status, 429, "third create of one user in a minute");
    assert.equal((await create("user-b")).status, 200);
    const overCap = await create("user-c");
    assert.equal(overCap.status, 503, "MAX_CLIENT_ROOMS reached");
    assert.equal((await matchMaker.query({ name: "liap_tui" })).length, 3);
    for (let i = 0; i < 2; i++) {
      const reply = await send(
        `${server.url}/internal/rooms/create`,
        "POST",
        JSON.stringify({ room_id: randomUUID(), player_ids: ["a", "b", "c", "d"], config: { player_count: 4, game_rules: "liap_tui" } }),
        { "x-internal-api-key": KEY },
      );
      assert.equal(reply.status, 200, `managed room ${i + 1} of MAX_ROOMS=2: ${JSON.stringify(reply.body)}`);
    }
    const third = await send(
      `${server.url}/internal/rooms/create`,
      "POST",
      JSON.stringify({ room_id: randomUUID(), player_ids: ["a", "b", "c", "d"], config: { player_count: 4, game_rules: "liap_tui" } }),
      { "x-internal-api-key": KEY },
    );
    assert.equal(third.status, 503, "MAX_ROOMS still bounds managed rooms");
  });
});
