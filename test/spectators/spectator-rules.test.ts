/**
 * How rooms take spectators: joining a running (locked) table, the limit,
 * managed rooms' `allow_spectators`, the option allow-lists, refused game
 * actions, counts in listings and health, reconnection with a JWT, guest
 * mode. Real server, real SDK clients.
 */
import assert from "node:assert/strict";
import { Client, CloseCode } from "@colyseus/sdk";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { eventually } from "../support/net.js";
import { autoplay as autoplayLiap } from "../support/liap-autoplay.js";
import { CardBattlePlayer, cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { getGameResult } from "../../src/db/results.js";
import { liapLeaks } from "./hidden-hands.js";
import { liapLedger } from "./ledger.js";
import { QUIET_LIAP, Spectator } from "./support.js";

const SECRET = "r".repeat(40);
const INTERNAL_KEY = "spectator-internal-key-0123456789";

type Listed = { room_id: string; clients: number; spectators: number; humans: number; locked: boolean };

describe("spectators: joining, limits, managed rooms, refusals, counts, reconnection", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  let wsUrl: string;
  const open: SdkPlayer[] = [];
  const token = (id: string) => playerToken(SECRET, id);

  /** An open Liap Tui table: a JWT host and three bots, started unless asked not to. */
  async function table(host: string, options: Record<string, unknown> = {}, start = true): Promise<SdkPlayer> {
    const player = await SdkPlayer.create(wsUrl, "liap_tui", { player_name: host, options: { ...QUIET_LIAP, seed: `rules-${host}`, ...options } }, await token(host));
    open.push(player);
    await player.waitFor("room_joined");
    for (let i = 0; i < 3; i++) await player.request("add_bot", {}, ["player_joined"]);
    if (start) {
      player.send("start_game", {});
      await player.waitFor("phase_change");
    }
    return player;
  }

  async function watch(roomId: string, id: string, protocol?: "native" | "seed003"): Promise<Spectator> {
    const spectator = await Spectator.join(wsUrl, roomId, { token: await token(id), ...(protocol === undefined ? {} : { protocol }) });
    open.push(spectator.sdk);
    return spectator;
  }

  const listing = async (roomId: string) => {
    const body = (await (await fetch(`${server.url}/api/rooms?game=liap_tui`)).json()) as { rooms: Listed[] };
    return body.rooms.find((r) => r.room_id === roomId);
  };
  const health = async () => ((await (await fetch(`${server.url}/internal/health`)).json()) as { connected_players: number }).connected_players;

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET, SPECTATOR_LIMIT: "2", INTERNAL_API_KEYS: INTERNAL_KEY });
    wsUrl = `ws://127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.leave()));
  });
  after(async () => {
    await server?.stop();
  });

  it("watches a running (locked) table: public state only, told it is a spectator, counted apart in the listing and health", async () => {
    const host = await table("watched-host");
    const roomId = host.room.roomId;
    const playersBefore = await health();
    const spectator = await watch(roomId, "watcher-1", "seed003");
    const joined = await spectator.sdk.waitFor("room_joined");
    assert.equal(joined.data.spectator, true);
    assert.equal(joined.data.position, null);
    assert.equal((joined.data.game_state as { hand: unknown }).hand, null, "room_joined's game_state has no hand");
    const state = spectator.sdk.room.state as unknown as { players: Iterable<{ hand_size: number; hand?: { length: number } }> };
    await eventually(() => ([...state.players].some((seat) => seat.hand_size > 0) ? true : undefined), "the decoded table");
    for (const seat of state.players) {
      assert.ok(seat.hand === undefined || seat.hand.length === 0, "no hand decoded");
    }
    assert.ok([...state.players].some((seat) => seat.hand_size > 0), "hand sizes are public");
    const listed = await eventually(async () => {
      const entry = await listing(roomId);
      return entry?.spectators === 1 ? entry : undefined;
    }, "the listing to show the spectator");
    assert.equal(listed.locked, true, "the running table is locked to players, not to spectators");
    assert.equal(listed.clients, 1, "clients counts the host only");
    assert.equal(listed.humans, 1);
    assert.equal(await health(), playersBefore, "health counts players, not spectators");
    assert.deepEqual(spectator.decodedHands, []);
  });

  it("refuses game actions from a spectator with 1002 and keeps it connected", async () => {
    const host = await table("acting-host", {}, false);
    const spectator = await watch(host.room.roomId, "acting-watcher");
    await spectator.sdk.waitFor("room_joined");
    for (const [type, data] of [
      ["start_game", {}],
      ["add_bot", {}],
      ["declare", { declaration: 1 }],
      ["play", { piece_ids: ["p1"] }],
      ["accept_redeal", {}],
    ] as const) {
      const reply = await spectator.sdk.request(type, data, ["error", "validation_error"]);
      assert.equal(reply.type, "error", type);
      assert.equal(reply.payload.data.code, "1002", type);
      assert.equal(reply.payload.data.details?.reason, "spectator", type);
    }
    const pong = await spectator.sdk.request("ping", { client_time: Date.now() }, ["pong"]);
    assert.equal(pong.type, "pong");
    assert.ok(spectator.sdk.room.connection.isOpen, "still connected");
    assert.equal((host.room.state as unknown as { phase: string }).phase, "NOT_STARTED", "nothing happened at the table");
  });

  it("admits SPECTATOR_LIMIT spectators and refuses the next with ROOM_FULL; players of the room cannot spectate it", async () => {
    const host = await table("full-host");
    const roomId = host.room.roomId;
    await assert.rejects(watch(roomId, "full-host"), /ALREADY_IN_ROOM/);
    await watch(roomId, "full-1");
    await watch(roomId, "full-2");
    await assert.rejects(watch(roomId, "full-3"), /ROOM_FULL/);
    const listed = await eventually(async () => ((await listing(roomId))?.spectators === 2 ? true : undefined), "two spectators listed");
    assert.ok(listed);
  });

  it("checks the options: spectate must be a boolean, a creator cannot spectate", async () => {
    const host = await table("options-host", {}, false);
    const client = new Client(wsUrl);
    client.auth.token = await token("options-watcher");
    await assert.rejects(client.joinById(host.room.roomId, { spectate: "yes" }), /spectate/);
    await assert.rejects(client.joinById(host.room.roomId, { spectate: 1 }), /spectate/);
    await assert.rejects(client.create("liap_tui", { spectate: true }), /spectate/);
  });

  it("managed rooms admit spectators only with allow_spectators: true, and never count them as players", async () => {
    const closed = await createCardBattleRoom(cardBattleSpec(["m-a", "m-b"]));
    await assert.rejects(watch(closed, "m-watcher"), /no spectators/);

    const ids = ["m-c", "m-d"];
    const roomId = await createCardBattleRoom(
      cardBattleSpec(ids, { config: { player_count: 2, game_rules: "simple_card_battle", turn_time_limit: 0, allow_spectators: true } }),
    );
    const spectator = await watch(roomId, "m-watcher", "seed003");
    await spectator.sdk.waitFor("connected");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(spectator.phase, "WAITING", "a spectator does not complete the players");
    const first = await CardBattlePlayer.join(wsUrl, roomId, ids[0]!, await token(ids[0]!), 0);
    open.push(first.sdk);
    assert.equal(spectator.phase, "WAITING");
    const second = await CardBattlePlayer.join(wsUrl, roomId, ids[1]!, await token(ids[1]!), 1);
    open.push(second.sdk);
    await spectator.untilPhase(["PLAYING"]);
    const started = await spectator.sdk.waitFor("game_started");
    assert.deepEqual((started.data.players as Array<{ id?: string; player_id?: string }>).map((p) => p.id ?? p.player_id), ids, "the game's players are the seats only");
    const play = await spectator.sdk.request("play_card", { card_id: "c0" }, ["error"]);
    assert.equal(play.payload.data.code, "1002");
    assert.deepEqual(spectator.decodedHands, []);
    assert.equal(spectator.sdk.all("hand_updated").length, 0, "no seat's hand_updated");
    assert.equal(first.sdk.all("hand_updated").length > 0, true, "the seats still get theirs");

    const refused = await fetch(`${server.url}/internal/rooms/create`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Internal-Api-Key": INTERNAL_KEY },
      body: JSON.stringify({ room_id: "bad-spectators", game_type_id: "x", player_ids: ["a", "b"], config: { game_rules: "simple_card_battle", allow_spectators: "yes" } }),
    });
    assert.equal(refused.status, 400);
  });

  it("a dropped spectator reconnects with its JWT (not with the token alone), and neither that nor a sync shows a hand", async () => {
    const host = await table("reconnect-host", { reconnection_window: 30, max_rounds: 1 }, false);
    const roomId = host.room.roomId;
    autoplayLiap(host);
    const jwt = await token("reconnect-watcher");
    const spectator = await Spectator.join(wsUrl, roomId, { token: jwt, protocol: "seed003" });
    open.push(spectator.sdk);
    await spectator.sdk.waitFor("room_joined");

    const leaked = spectator.sdk.room.reconnectionToken;
    spectator.sdk.room.reconnection.enabled = false;
    spectator.sdk.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
    await new Promise((r) => setTimeout(r, 300));
    await assert.rejects(new Client(wsUrl).reconnect(leaked), "the reconnection token alone is refused");
    const back = new Client(wsUrl);
    back.auth.token = jwt;
    spectator.reattach(await back.reconnect(leaked));
    const reconnected = await spectator.sdk.waitFor("reconnected");
    assert.equal(reconnected.data.spectator, true);
    const refused = await spectator.sdk.request("start_game", {}, ["error"]);
    assert.equal(refused.payload.data.details?.reason, "spectator", "still a spectator after the reconnection");

    host.send("start_game", {});
    await host.waitFor("game_over", () => true, 30_000);
    await spectator.untilPhase(["GAME_OVER"]);
    await spectator.syncFromStart();
    const sync = spectator.sdk.all("sync_response").at(-1)!;
    assert.equal((sync.data.full_state as { hand: unknown }).hand, null);

    const row = await eventually(() => getGameResult(server.database.db, roomId), "the stored result");
    const ledger = liapLedger({ seed: row.seed, options: row.options, actions: row.actions });
    const names = new Map([...((host.room.state as unknown as { players: Iterable<{ name: string }> }).players)].map((p, i) => [p.name, i]));
    assert.deepEqual([...spectator.decodedHands, ...liapLeaks(spectator.observations, ledger, (n) => names.get(n))], []);
  });
});

describe("spectators in guest mode", function () {
  this.timeout(30_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
  });

  it("a guest watches an open table", async () => {
    const wsUrl = `ws://127.0.0.1:${server.port}`;
    const host = await SdkPlayer.create(wsUrl, "liap_tui", { player_name: "Guest host", options: QUIET_LIAP });
    try {
      await host.waitFor("room_joined");
      const spectator = await Spectator.join(wsUrl, host.room.roomId);
      try {
        const joined = await spectator.sdk.waitFor("room_joined");
        assert.equal(joined.data.spectator, true);
        const refused = await spectator.sdk.request("start_game", {}, ["error"]);
        assert.equal(refused.payload.data.code, "1002");
      } finally {
        await spectator.sdk.leave();
      }
    } finally {
      await host.leave();
    }
  });
});
