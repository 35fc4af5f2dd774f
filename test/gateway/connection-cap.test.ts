import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { Seed003Client } from "./support/seed003-client.js";
import { FAST, SECRET, token, wsUrl } from "./support/game.js";

describe("seed-003 gateway and the per-address connection cap", function () {
  this.timeout(30_000);
  let server: RunningServer & { url: string };

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET, MAX_CONNECTIONS_PER_IP: "5" });
  });
  after(async () => server?.stop());

  it("counts a gateway seat once (the client's connection): the gateway's own connection to the room does not use the client address's budget", async () => {
    const host = await SdkPlayer.create(server.url, "liap_tui", { room_name: "Cap", player_name: "Alice", options: FAST }, await token("cap-alice"));
    await host.waitFor("room_joined");
    // 1 SDK connection + 3 gateway clients = 4 connections from 127.0.0.1, under the cap of 5; with the gateway's
    // inner connections counted too it would be 7
    const seats: Seed003Client[] = [];
    for (const name of ["Bob", "Carol", "Dave"]) {
      const seat = await Seed003Client.open(wsUrl(server.url, `/ws/${host.room.roomId}?token=${await token(`cap-${name}`)}&player_name=${name}`));
      const joined = await seat.waitFor("room_joined");
      assert.equal(typeof joined.data.position, "number");
      seats.push(seat);
    }
    host.send("start_game", {});
    for (const seat of seats) await seat.waitFor("hand_updated");
    for (const seat of seats) {
      assert.equal(seat.closed, undefined);
      seat.close();
    }
    await host.leave();
  });
});
