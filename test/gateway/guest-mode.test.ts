import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { Seed003Client } from "./support/seed003-client.js";
import { wsUrl } from "./support/game.js";

describe("seed-003 gateway in guest mode (no JWT configured)", function () {
  this.timeout(30_000);
  let server: RunningServer & { url: string };

  before(async () => {
    server = await startTestServer({});
  });
  after(async () => server?.stop());

  it("seats guests by the name they send (query, client_ready, join_room) and the lobby creator by its address when it names itself nowhere", async () => {
    const lobby = await Seed003Client.open(wsUrl(server.url, "/ws/lobby"));
    await lobby.waitFor("room_list");
    lobby.send("create_room", { room_name: "Guests", player_name: "Gina" });
    const roomId = (await lobby.waitFor("room_created")).data.room_id as string;

    // the creator's room socket sends nothing: it is seated in the seat it took, as the host
    const gina = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}`));
    const ginaJoined = await gina.waitFor("room_joined");
    assert.equal(ginaJoined.data.position, 0);
    assert.equal(ginaJoined.data.host, "Gina");
    assert.equal(gina.all("connected")[0]!.data.player_name, "Gina");

    const hank = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}`));
    hank.send("client_ready", { player_name: "Hank" });
    assert.equal((await hank.waitFor("connected")).data.player_name, "Hank");
    const ivy = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}?player_name=Ivy`));
    assert.equal((await ivy.waitFor("room_joined")).data.position, 2);
    const jo = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}`));
    jo.send("join_room", { player_name: "Jo" });
    assert.equal((await jo.waitFor("room_joined")).data.position, 3);
    jo.send("join_room", { player_name: "Jo" });
    assert.equal((await jo.waitFor("error")).data.code, "1005");

    gina.send("start_game", { player_name: "Gina" });
    for (const c of [gina, hank, ivy, jo]) {
      const hand = await c.waitFor("hand_updated");
      assert.equal(hand.data.count, 8);
      assert.deepEqual(c.problems, []);
    }
    for (const c of [lobby, gina, hank, ivy, jo]) c.close();
  });
});
