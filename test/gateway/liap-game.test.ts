import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { Seed003Client } from "./support/seed003-client.js";
import { checkGatewaySeat, checkGatewaySpectator, FAST, playMixedGame, SECRET, token, wsUrl } from "./support/game.js";

describe("seed-003 gateway: Liap Tui over plain JSON WebSockets", function () {
  this.timeout(120_000);
  let server: RunningServer & { url: string };

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET }, { gatewayTuning: { pendingSeatMs: 5_000, droppedSeatMs: 20_000 } });
  });
  after(async () => server?.stop());

  it("plays a whole game with two gateway seats and two SDK seats; gateway seats get seed-003 events and only their own pieces", async () => {
    const game = await playMixedGame(server.url, [server.url, server.url], { ...FAST, max_rounds: 2, seed: "gateway-mixed" });
    checkGatewaySeat(game.bob, "Bob");
    checkGatewaySeat(game.carol, "Carol");
    checkGatewaySpectator(game.watcher);
    // the same game for everyone: the gateway seats' game_over is the SDK seats'
    assert.deepEqual(game.overs[0]!.data, game.host.all("game_over")[0]!.data);
    assert.deepEqual(game.overs[1]!.data, game.dave.all("game_over")[0]!.data);
    assert.equal(game.host.leaks.length + game.dave.leaks.length, 0);
    for (const c of [game.bob, game.carol, game.watcher]) c.close();
    await Promise.all([game.host.leave(), game.dave.leave()]);
  });

  it("lobby: room_list with pushed updates, create_room → room_created, and the creator's room socket keeps seat 0 as host", async () => {
    const aliceToken = await token("lobby-alice");
    const lobby = await Seed003Client.open(wsUrl(server.url, `/ws/lobby?token=${aliceToken}`));
    await lobby.waitFor("connected");
    const first = await lobby.waitFor("room_list");
    lobby.send("create_room", { room_name: "From the lobby", player_name: "Alice", is_public: true });
    const created = await lobby.waitFor("room_created");
    const roomId = created.data.room_id as string;
    assert.equal(created.data.room_name, "From the lobby");
    // a pushed update lists the new room
    await lobby.waitFor("room_list", (d) => (d.rooms as Array<{ room_id: string }>).some((r) => r.room_id === roomId), 10_000, lobby.frames.indexOf(first) + 1);

    const alice = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}?token=${aliceToken}`));
    const joined = await alice.waitFor("room_joined");
    assert.equal(joined.data.position, 0);
    assert.equal(joined.data.host, "Alice");

    // another player joins from the lobby, then opens the room socket
    const bobToken = await token("lobby-bob");
    const bobLobby = await Seed003Client.open(wsUrl(server.url, `/ws/lobby?token=${bobToken}`));
    bobLobby.send("join_room", { room_id: roomId, player_name: "Bob" });
    const bobJoined = await bobLobby.waitFor("room_joined");
    assert.equal(bobJoined.data.position, 1);
    const bob = await Seed003Client.open(wsUrl(server.url, `/ws/${roomId}?token=${bobToken}`));
    await bob.waitFor("room_joined", (d) => d.position === 1);
    await alice.waitFor("player_joined", (d) => d.player_name === "Bob");

    // the host fills the table with bots through the gateway
    alice.send("add_bot", {});
    alice.send("add_bot", {});
    await alice.waitFor("player_joined", (d) => d.position === 3);
    alice.send("start_game", { player_name: "Alice" });
    await alice.waitFor("phase_change", (d) => d.phase === "PREPARATION" || d.phase === "DECLARATION");
    await bob.waitFor("hand_updated");
    for (const c of [alice, bob]) assert.deepEqual(c.problems, []);
    for (const c of [lobby, bobLobby, alice, bob]) c.close();
  });

  it("a gateway seat that drops takes the same seat back with the same token, and can sync what it missed", async () => {
    const host = await SdkPlayer.create(server.url, "liap_tui", { room_name: "Drop", player_name: "Alice", options: { ...FAST, bot_delay_ms: 10_000, redeal_timeout: 0, declaration_timeout: 0, play_timeout: 0 } }, await token("drop-alice"));
    await host.waitFor("room_joined");
    const bobToken = await token("drop-bob");
    const bob = await Seed003Client.open(wsUrl(server.url, `/ws/${host.room.roomId}?token=${bobToken}&player_name=Bob`));
    const joined = await bob.waitFor("room_joined");
    const position = joined.data.position;
    bob.close();
    await host.waitFor("player_left", () => true, 3_000).then(
      () => assert.fail("a dropped gateway seat must not leave the room"),
      () => undefined,
    );
    const again = await Seed003Client.open(wsUrl(server.url, `/ws/${host.room.roomId}?token=${bobToken}`));
    const back = await again.waitFor("reconnected");
    assert.equal(again.all("connected").length, 0);
    assert.equal((back.data as { player_name?: string }).player_name, "Bob");
    again.send("sync_request", { last_sequence: 0 });
    const sync = await again.waitFor("sync_response");
    assert.ok(Array.isArray(sync.data.missed_events));
    again.send("get_room_state", {});
    await again.waitFor("sync_response", () => true, 5_000, again.frames.indexOf(sync) + 1);
    assert.equal(typeof position, "number");
    assert.deepEqual(again.problems, []);
    again.close();
    await host.leave();
  });

  it("refuses a bad token with 1002 and closes", async () => {
    const client = await Seed003Client.open(wsUrl(server.url, "/ws/lobby?token=not-a-jwt"));
    const refused = await client.waitFor("error");
    assert.equal(refused.data.code, "1002");
    await client.waitClosed();
  });
});
