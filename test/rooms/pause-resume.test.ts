import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import type { RunningServer } from "../../src/server.js";
import { cardBattleSpec, createCardBattleRoom, CardBattlePlayer, playerToken } from "../support/card-battle-client.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { startTestServer } from "../support/server.js";

const SECRET = "p".repeat(40);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("pausing and resuming a room's timers (as the lobby does, across nodes)", function () {
  this.timeout(30_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET });
  });
  after(async () => server?.stop());

  it("card_battle: no turn times out while paused; the timer runs again after resume", async () => {
    const roomId = await createCardBattleRoom(cardBattleSpec(["pa", "pb"], { config: { player_count: 2, turn_time_limit: 0.3 } }));
    const url = `ws://127.0.0.1:${server.port}`;
    const a = await CardBattlePlayer.join(url, roomId, "pa", await playerToken(SECRET, "pa"), 0);
    const b = await CardBattlePlayer.join(url, roomId, "pb", await playerToken(SECRET, "pb"), 1);
    await a.sdk.waitFor("game_started");
    assert.equal(await matchMaker.remoteRoomCall(roomId, "pause"), true);
    const before = a.sdk.all("player_timeout").length;
    await sleep(900);
    assert.equal(a.sdk.all("player_timeout").length, before, "no timeout while paused");
    assert.equal(await matchMaker.remoteRoomCall(roomId, "resume"), true);
    await a.sdk.waitFor("player_timeout", () => true, 3_000, a.sdk.messages.length);
    await Promise.all([a.sdk.leave(), b.sdk.leave()]);
  });

  it("liap_tui: no move times out while paused; timers run again after resume", async () => {
    const url = `ws://127.0.0.1:${server.port}`;
    const host = await SdkPlayer.create(url, "liap_tui", {
      player_name: "Alice",
      options: { redeal_timeout: 0.3, declaration_timeout: 0.3, play_timeout: 0.3, bot_delay_ms: 0, round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0 },
    }, await playerToken(SECRET, "alice"));
    await host.waitFor("room_joined");
    for (let i = 0; i < 3; i++) await host.request("add_bot", {}, ["player_joined"]);
    await matchMaker.remoteRoomCall(host.room.roomId, "pause");
    host.send("start_game", {});
    await host.waitFor("phase_change");
    await sleep(900);
    assert.equal(host.all("player_timeout").length, 0, "nothing timed out while paused");
    await matchMaker.remoteRoomCall(host.room.roomId, "resume");
    await host.waitFor("player_timeout", () => true, 5_000);
    await host.leave();
  });
});
