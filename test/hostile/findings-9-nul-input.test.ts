/**
 * Finding 9 (input part): NUL characters in lobby text fields and in internal
 * player ids, and a non-numeric `config.win_score`, are refused with 400 and
 * each contract's error envelope (not a 500 or a failed background write).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { mountLobby } from "../../src/http/lobby/index.js";
import { startTestServer } from "../support/server.js";
import type { RunningServer } from "../../src/server.js";
import { send } from "./findings-support.js";
import { gameBody } from "../lobby/support/lobby-client.js";

const KEY = "hostile-internal-key-9";
const LOBBY = "/api/v1/user/lobby";

describe("hostile finding 9: NUL characters and non-numeric settings are 400s", function () {
  this.timeout(90_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer({ INTERNAL_API_KEYS: KEY, LOBBY_TRUST_USER_HEADER: "true" }, { routers: [mountLobby] });
  });
  after(async () => {
    await server?.stop();
  });

  const internalCreate = (body: Record<string, unknown>) =>
    send(`${server.url}/internal/rooms/create`, "POST", JSON.stringify(body), { "x-internal-api-key": KEY });

  it("internal create: NUL in player_ids, player_names or config, and a non-numeric win_score give 400 invalid_request", async () => {
    const players = ["a", "b", "c", "d"];
    const cases = [
      { player_ids: ["a\u0000", "b", "c", "d"], config: { player_count: 4, game_rules: "liap_tui" } },
      { player_ids: players, player_names: { a: "Al\u0000" }, config: { player_count: 4, game_rules: "liap_tui" } },
      { player_ids: players, config: { player_count: 4, game_rules: "liap_tui", note: "x\u0000" } },
      { player_ids: players, config: { player_count: 4, game_rules: "liap_tui", win_score: "abc" } },
      { player_ids: ["a", "b"], config: { player_count: 2, game_rules: "simple_card_battle", max_hp: "lots" } },
    ];
    for (const body of cases) {
      const roomId = randomUUID();
      const reply = await internalCreate({ room_id: roomId, ...body });
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.created, false);
      assert.equal(reply.body.reason, "invalid_request");
      assert.deepEqual(await matchMaker.query({ roomId }), []);
    }
  });

  it("lobby: NUL in text fields gives 400 invalid_request", async () => {
    const owner = { "x-user-id": randomUUID() };
    for (const field of ["game_name", "description"]) {
      const reply = await send(`${server.url}${LOBBY}/games`, "POST", JSON.stringify(gameBody({ [field]: "bad\u0000text" })), owner);
      assert.equal(reply.status, 400, field);
      assert.equal(reply.body.error.code, "invalid_request");
    }
    const created = await send(`${server.url}${LOBBY}/games`, "POST", JSON.stringify(gameBody()), owner);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const gameId = created.body.game_id ?? created.body.id;
    const invited = await send(`${server.url}${LOBBY}/games/${gameId}/invites`, "POST", JSON.stringify({ race_name: "Race\u0000" }), owner);
    assert.equal(invited.status, 400, JSON.stringify(invited.body));
    assert.equal(invited.body.error.code, "invalid_request");
    const renamed = await send(`${server.url}${LOBBY}/games/${gameId}`, "PATCH", JSON.stringify({ description: "\u0000" }), owner);
    assert.equal(renamed.status, 400);
    assert.equal(renamed.body.error.code, "invalid_request");
  });
});
