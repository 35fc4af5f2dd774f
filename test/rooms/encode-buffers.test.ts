/**
 * Every game room encodes into the process's shared schema buffers
 * (rooms/shared/encode-buffers.ts), and a client that joins gets its own
 * room's full state even when another room has encoded its own into the same
 * buffer since this room last encoded (Colyseus caches a room's full state
 * between joins): on two serializers directly, then through a real server
 * and SDK clients.
 */
import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { matchMaker, SchemaSerializer, type Client as ServerClient } from "@colyseus/core";
import { Decoder, StateView } from "@colyseus/schema";
import type { RunningServer } from "../../src/server.js";
import { LiapTuiPlayerState, LiapTuiState } from "../../schema/liap-tui.js";
import { shareEncodeBuffers, sharesEncodeBuffers } from "../../rooms/shared/encode-buffers.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { QUIET_LIAP, Spectator } from "../spectators/support.js";

const SECRET = "e".repeat(40);

type Named = { players?: { length: number; at(i: number): { name: string } | undefined } };

/** A room's serializer over a one-seat Liap Tui state named `name`, encoding into the shared buffers, its changes already sent. */
function sharedSerializer(name: string): { serializer: SchemaSerializer<LiapTuiState>; seatView: () => ServerClient } {
  const state = new LiapTuiState();
  state.room_name = `Room ${name}`;
  const player = new LiapTuiPlayerState();
  player.name = `${name}-host`;
  player.hand.push("p1", "p2");
  state.players.push(player);
  const serializer = new SchemaSerializer<LiapTuiState>();
  serializer.reset(state);
  assert.ok(shareEncodeBuffers(serializer));
  serializer.applyPatches([], state);
  const seatView = () => {
    const view = new StateView();
    view.add(player);
    view.add(player.hand);
    return { view } as unknown as ServerClient;
  };
  return { serializer, seatView };
}

function decodeFullState(frame: Uint8Array): { room_name: string; names: string[]; hand: string[] } {
  const decoder = new Decoder(new LiapTuiState());
  decoder.decode(frame, { offset: 1 });
  const state = decoder.state;
  return { room_name: state.room_name, names: state.players.map((p) => p.name), hand: [...(state.players.at(0)?.hand ?? [])] };
}

describe("shared schema encode buffers: a room's full state", () => {
  it("is its own after another room encoded its own into the shared buffer, though nothing changed in between", () => {
    const alpha = sharedSerializer("alpha");
    const bravo = sharedSerializer("bravo");
    assert.deepEqual(decodeFullState(alpha.serializer.getFullState(alpha.seatView()) as Uint8Array), { room_name: "Room alpha", names: ["alpha-host"], hand: ["p1", "p2"] });
    assert.equal(decodeFullState(bravo.serializer.getFullState(bravo.seatView()) as Uint8Array).room_name, "Room bravo");
    // Colyseus would reuse alpha's cached shared part: the bytes bravo just wrote
    assert.deepEqual(decodeFullState(alpha.serializer.getFullState(alpha.seatView()) as Uint8Array), { room_name: "Room alpha", names: ["alpha-host"], hand: ["p1", "p2"] });
    assert.equal(decodeFullState(alpha.serializer.getFullState(undefined) as Uint8Array).room_name, "Room alpha");
  });
});

describe("shared schema encode buffers", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  let wsUrl: string;
  const open: SdkPlayer[] = [];
  const serializerOf = (roomId: string) => (matchMaker.getLocalRoomById(roomId) as unknown as { _serializer: unknown })._serializer;

  /** An open Liap Tui table of a JWT host and three bots (not started). */
  async function table(host: string): Promise<SdkPlayer> {
    const player = await SdkPlayer.create(wsUrl, "liap_tui", { player_name: host, options: { ...QUIET_LIAP, seed: `buffers-${host}` } }, await playerToken(SECRET, host));
    open.push(player);
    await player.waitFor("room_joined");
    for (let i = 0; i < 3; i++) await player.request("add_bot", {}, ["player_joined"]);
    return player;
  }

  async function watch(roomId: string, id: string): Promise<Spectator> {
    const spectator = await Spectator.join(wsUrl, roomId, { token: await playerToken(SECRET, id) });
    open.push(spectator.sdk);
    await spectator.sdk.waitFor("room_joined");
    return spectator;
  }

  const seatNames = (spectator: Spectator) => {
    const players = (spectator.sdk.room.state as Named).players;
    return Array.from({ length: players?.length ?? 0 }, (_, i) => players!.at(i)?.name ?? "");
  };

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET, PRACTICE_ROOMS: "on" });
    wsUrl = `ws://127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.leave()));
  });
  after(async () => {
    await server?.stop();
  });

  it("Liap Tui, card battle and practice rooms all encode into them", async () => {
    const liap = await table("shared-liap");
    const cardRoom = await createCardBattleRoom(cardBattleSpec(["shared-a", "shared-b"]));
    const practiceClient = new Client(server.url);
    practiceClient.auth.token = await playerToken(SECRET, "shared-solo");
    const practice = await practiceClient.create("card_battle_practice", { player_name: "Solo", bots: 1, turn_time_limit: 0 });
    try {
      for (const roomId of [liap.room.roomId, cardRoom, practice.roomId]) assert.ok(sharesEncodeBuffers(serializerOf(roomId)), `room ${roomId} shares the buffers`);
    } finally {
      await practice.leave();
    }
  });

  it("a join gets its own room's full state after another room encoded its own into the shared buffer", async () => {
    const alpha = await table("alpha-host");
    const first = await watch(alpha.room.roomId, "alpha-watcher-1");
    assert.equal(seatNames(first)[0], "alpha-host");
    // another room joins and grows: its full states go into the buffer alpha's came from
    const bravo = await table("bravo-host");
    const bravoWatcher = await watch(bravo.room.roomId, "bravo-watcher");
    assert.equal(seatNames(bravoWatcher)[0], "bravo-host");
    // nothing changed in alpha since its last full state (the unit test above is the case that fails without a fresh encode per join)
    const second = await watch(alpha.room.roomId, "alpha-watcher-2");
    assert.deepEqual(seatNames(second), seatNames(first));
    assert.equal(seatNames(second)[0], "alpha-host");
    // and a game still plays: every client decodes every patch after that
    alpha.send("start_game", {});
    await second.untilPhase(["PREPARATION", "DECLARATION", "TURN"]);
    assert.deepEqual(seatNames(second), seatNames(first));
  });
});
