/**
 * Issue 9 finding 9: with JWT authentication configured, a leaked
 * reconnection token alone used to take over a dropped player's seat
 * (Colyseus's reconnect path skips onAuth). A reconnection must now carry the
 * same player's JWT; a refused attempt leaves the seat to its owner.
 */
import assert from "node:assert/strict";
import { Client, CloseCode } from "@colyseus/sdk";
import type { RunningServer } from "../../src/server.js";
import { CardBattlePlayer, cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { QUIET } from "./support-rooms.js";

describe("hostile/rooms: a reconnection needs the player's JWT", function () {
  this.timeout(60_000);
  const secret = "r".repeat(40);
  let server: RunningServer & { url: string };
  const open: SdkPlayer[] = [];
  before(async () => {
    server = await startTestServer({ JWT_SECRET: secret });
  });
  after(async () => {
    await Promise.all(open.map((p) => p.leave()));
    await server?.stop();
  });

  it("refuses a leaked reconnection token without a JWT or with another user's, then lets the owner back", async () => {
    const url = `ws://127.0.0.1:${server.port}`;
    const alice = await SdkPlayer.create(url, "liap_tui", { options: { ...QUIET, reconnection_window: 30 } }, await playerToken(secret, "user-alice"));
    open.push(alice);
    await alice.waitFor("room_joined");
    const bobJwt = await playerToken(secret, "user-bob");
    const bob = await SdkPlayer.join(url, alice.room.roomId, {}, bobJwt);
    open.push(bob);
    await bob.waitFor("room_joined");

    const leaked = bob.room.reconnectionToken;
    bob.room.reconnection.enabled = false;
    bob.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
    // the server notices the drop and keeps Bob's seat for the reconnection window
    await new Promise((r) => setTimeout(r, 300));

    const thief = new Client(url);
    await assert.rejects(thief.reconnect(leaked), "no JWT: refused");
    const carol = new Client(url);
    carol.auth.token = await playerToken(secret, "user-carol");
    await assert.rejects(carol.reconnect(leaked), "another user's JWT: refused");

    const owner = new Client(url);
    owner.auth.token = bobJwt;
    const room = await owner.reconnect(leaked);
    bob.attach(room);
    const back = await bob.waitFor("reconnected");
    assert.equal(back.data.player_name, bob.all("connected")[0]!.data.player_name, "the owner has the seat back");
  });

  it("does the same for a card battle seat", async () => {
    const url = `ws://127.0.0.1:${server.port}`;
    const ids = ["cb-alice", "cb-bob"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids, { config: { player_count: 2, game_rules: "simple_card_battle", turn_time_limit: 0, reconnection_window: 30 } }));
    const alice = await CardBattlePlayer.join(url, roomId, "cb-alice", await playerToken(secret, "cb-alice"), 0);
    const bobJwt = await playerToken(secret, "cb-bob");
    const bob = await CardBattlePlayer.join(url, roomId, "cb-bob", bobJwt, 1);
    open.push(alice.sdk, bob.sdk);
    await bob.sdk.waitFor("game_started");

    const leaked = bob.sdk.room.reconnectionToken;
    bob.sdk.room.reconnection.enabled = false;
    bob.sdk.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
    await new Promise((r) => setTimeout(r, 300));

    await assert.rejects(new Client(url).reconnect(leaked), "no JWT: refused");
    const carol = new Client(url);
    carol.auth.token = await playerToken(secret, "cb-alice");
    await assert.rejects(carol.reconnect(leaked), "another seat's JWT: refused");

    const marker = bob.sdk.messages.length;
    const owner = new Client(url);
    owner.auth.token = bobJwt;
    bob.reattach(await owner.reconnect(leaked));
    const back = await bob.sdk.waitFor("connected", () => true, 5_000, marker);
    assert.equal(back.data.player_id, "cb-bob", "the owner has the seat back");
  });
});
