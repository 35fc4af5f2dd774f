import assert from "node:assert/strict";
import { defineRoom, matchMaker } from "@colyseus/core";
import { CloseCode } from "@colyseus/sdk";
import { CardBattleRoom } from "../../rooms/card-battle/CardBattleRoom.js";
import { gameRooms } from "../../rooms/index.js";
import { createManagedRoom } from "../../src/services/managed-spec.js";
import { getGameResult } from "../../src/db/results.js";
import { getRoom } from "../../src/db/rooms.js";
import { replay, type CardBattleAction } from "../../src/games/card-battle/index.js";
import type { RunningServer } from "../../src/server.js";
import { autoplay, CardBattlePlayer, cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { eventually } from "../support/net.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { startTestServer } from "../support/server.js";

const SECRET = "x".repeat(40);

function assertEnvelopes(player: CardBattlePlayer, roomId: string) {
  let last = 0;
  for (const { type, payload } of player.sdk.messages) {
    assert.equal(payload.event, type, "message type = event name");
    assert.equal(payload.room_id, roomId);
    assert.equal(typeof payload.server_time, "number");
    assert.ok(payload.sequence_number > last, `sequence numbers increase (${payload.sequence_number} after ${last})`);
    last = payload.sequence_number;
  }
}

/** Card ids of one seat's deck with the default 24-card deck: seat 0 owns c0..c23, seat 1 c24..c47, ... */
function ownsCard(position: number, cardId: string): boolean {
  const n = Number(cardId.slice(1));
  return n >= position * 24 && n < (position + 1) * 24;
}

/** Replies to one connection: they take a sequence number but are never replayed by sync_request. */
const REPLIES = ["connected", "error", "validation_error", "pong", "sync_response"];

describe("card_battle room (real SDK clients)", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  let url: string;
  const open: CardBattlePlayer[] = [];

  const join = async (roomId: string, playerIds: string[], playerId: string, name?: string) => {
    const player = await CardBattlePlayer.join(url, roomId, playerId, await playerToken(SECRET, playerId, { name }), playerIds.indexOf(playerId));
    open.push(player);
    await player.sdk.waitFor("connected");
    return player;
  };
  const joinAll = async (roomId: string, playerIds: string[]) => {
    const players: CardBattlePlayer[] = [];
    for (const id of playerIds) players.push(await join(roomId, playerIds, id));
    return players;
  };
  const roomStatus = async (roomId: string) => (await getRoom(server.database.db, roomId))?.status;
  const waitStatus = (roomId: string, status: string) =>
    eventually(async () => ((await roomStatus(roomId)) === status ? status : undefined), `room ${roomId} to be ${status}`);

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET }, { rooms: { ...gameRooms(), card_battle: defineRoom(CardBattleRoom) } });
    url = `ws://127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.sdk.leave()));
  });
  after(async () => {
    await server?.stop();
  });

  it("plays a whole two-player game to game_over through messages, stores a replayable result, never leaks a hand", async () => {
    const ids = ["user-alice", "user-bob"];
    const spec = cardBattleSpec(ids, {
      names: { "user-alice": "Alice" },
      seed: "full-game",
      config: { player_count: 2, turn_time_limit: 30, max_hp: 12, game_rules: "simple_card_battle", game_over_linger: 1, some_future_key: true },
    });
    const roomId = await createCardBattleRoom(spec);
    assert.equal(roomId, spec.roomId, "the room takes the id of the create request");
    await waitStatus(roomId, "ready");
    const listing = await matchMaker.query({ roomId });
    assert.deepEqual(listing[0]?.metadata, { game: "card_battle", node_name: "test-node", phase: "WAITING", managed: true, spectators: 0 });
    assert.equal(listing[0]?.private, true);

    const alice = await join(roomId, ids, "user-alice", "Alice From Token");
    const connected = await alice.sdk.waitFor("connected");
    assert.deepEqual(Object.keys(connected.data).sort(), ["connection_id", "player_id", "player_name", "room_id"]);
    assert.equal(connected.data.player_id, "user-alice");
    assert.equal(connected.data.player_name, "Alice", "the create request's name wins over the token's");
    assert.equal(await roomStatus(roomId), "ready", "not started with one player of two");
    const bob = await join(roomId, ids, "user-bob", "Bob Display");
    assert.equal((await bob.sdk.waitFor("connected")).data.player_name, "Bob Display");
    const players = [alice, bob];
    const plays = players.map((p) => autoplay(p));

    const started = await alice.sdk.waitFor("game_started");
    assert.deepEqual(started.data, {
      players: [
        { player_id: "user-alice", name: "Alice", hp: 12, position: 0 },
        { player_id: "user-bob", name: "Bob Display", hp: 12, position: 1 },
      ],
      first_player_id: "user-alice",
    });
    await waitStatus(roomId, "running");
    const firstTurn = await bob.sdk.waitFor("turn_started");
    assert.equal(firstTurn.data.player_id, "user-alice");
    assert.equal(firstTurn.data.turn_number, 1);
    const deadline = firstTurn.data.deadline as number;
    assert.ok(Math.abs(deadline - (firstTurn.server_time * 1000 + 30_000)) < 1_000, "deadline = epoch ms of the turn timer");

    const overs = await Promise.all(players.map((p) => p.sdk.waitFor("game_over", () => true, 45_000)));
    plays.forEach((p) => p.stop());
    assert.deepEqual(overs[0]!.data, overs[1]!.data, "everybody sees the same result");
    const over = overs[0]!.data as { winner_id: string | null; result_data: { players: Record<string, { hp: number; result: string }>; turns_played: number; duration_seconds: number } };
    assert.deepEqual(Object.keys(over).sort(), ["result_data", "winner_id"]);
    assert.deepEqual(Object.keys(over.result_data).sort(), ["duration_seconds", "players", "turns_played"]);
    assert.deepEqual(Object.keys(over.result_data.players).sort(), ids);
    for (const entry of Object.values(over.result_data.players)) {
      assert.deepEqual(Object.keys(entry).sort(), ["hp", "result"]);
      assert.ok(["winner", "loser", "draw"].includes(entry.result));
    }
    assert.ok(Number.isInteger(over.result_data.duration_seconds));
    assert.ok(over.result_data.turns_played >= 2);
    if (over.winner_id !== null) assert.equal(over.result_data.players[over.winner_id]!.result, "winner");

    for (const [position, p] of players.entries()) {
      assert.deepEqual(p.leaks, [], "no client decoded another player's hand");
      assert.deepEqual(p.sdk.leaks, []);
      assertEnvelopes(p, roomId);
      assert.ok(p.sdk.all("card_played").length > 0, "cards were played");
      for (const update of p.sdk.all("hand_updated")) {
        for (const card of update.data.cards as Array<{ id: string; kind: string }>) {
          assert.ok(ownsCard(position, card.id), `${p.playerId} only ever got its own cards (${card.id})`);
          assert.ok(["strike", "heavy_strike", "guard", "heal", "draw_two"].includes(card.kind));
        }
      }
    }
    const played = alice.sdk.all("card_played")[0]!.data as { player_id: string; card: { id: string; kind: string }; target_id: string | null; effects: unknown[] };
    assert.deepEqual(Object.keys(played).sort(), ["card", "effects", "player_id", "target_id"]);

    // the result is stored before `finished`, with what it takes to replay the game
    const stored = await eventually(() => getGameResult(server.database.db, roomId), "the game_results row");
    await waitStatus(roomId, "finished");
    assert.equal(stored.gameRules, "simple_card_battle");
    assert.equal(stored.seed, "full-game");
    assert.deepEqual(stored.resultData, over.result_data, "game_over carries the same result_data as the finished callback");
    assert.deepEqual(stored.winnerIds, over.winner_id === null ? [] : [over.winner_id]);
    const row = await getRoom(server.database.db, roomId);
    assert.deepEqual(row?.playerIds, ids);
    const final = replay({ seed: stored.seed, playerIds: row!.playerIds, options: stored.options, actions: stored.actions as CardBattleAction[] });
    assert.equal(final.status, "finished");
    assert.equal(final.winnerId, over.winner_id);
    for (const p of final.players) assert.equal(p.hp, over.result_data.players[p.id]!.hp);
    assert.equal(final.turnNumber, over.result_data.turns_played);

    // the room closes after the linger
    await eventually(async () => ((await matchMaker.query({ roomId })).length === 0 ? true : undefined), "the room to close");
  });

  it("starts 3- and 4-player rooms only when everyone has joined; surrenders end the game", async () => {
    for (const count of [3, 4]) {
      const ids = Array.from({ length: count }, (_, i) => `p${count}-${i}`);
      const roomId = await createCardBattleRoom(cardBattleSpec(ids));
      const players: CardBattlePlayer[] = [];
      for (const [i, id] of ids.entries()) {
        players.push(await join(roomId, ids, id));
        if (i < count - 1) {
          const early = await players[0]!.sdk.request("pass", {}, ["error"]);
          assert.equal(early.payload.data.code, "2001", "moves before the start are refused");
          assert.equal(players.some((p) => p.sdk.all("game_started").length > 0), false, `not started with ${i + 1} of ${count}`);
          assert.equal(await roomStatus(roomId), "ready");
        }
        if (i === 0) {
          const sync = await players[0]!.sdk.request("sync_request", { last_sequence: 0 }, ["sync_response"]);
          const full = (sync.payload.data as { full_state: { phase: string; hand: unknown; players: Array<{ player_id: string; connected: boolean }> } }).full_state;
          assert.equal(full.phase, "WAITING");
          assert.equal(full.hand, null);
          assert.deepEqual(full.players.map((p) => [p.player_id, p.connected]), ids.map((id, seat) => [id, seat === 0]));
        }
      }
      const starts = await Promise.all(players.map((p) => p.sdk.waitFor("game_started")));
      for (const s of starts) assert.equal((s.data.players as unknown[]).length, count);
      assert.equal(players[0]!.sdk.all("game_started").length, 1);

      // everyone but the first seat surrenders (out of turn too)
      for (const p of players.slice(1)) {
        const eliminated = await p.sdk.request("surrender", {}, ["player_eliminated"]);
        assert.deepEqual(eliminated.payload.data, { player_id: p.playerId, reason: "surrender" });
      }
      const over = await players[0]!.sdk.waitFor("game_over");
      assert.equal(over.data.winner_id, ids[0]);
      const result = over.data.result_data as { players: Record<string, { hp: number; result: string }> };
      for (const id of ids.slice(1)) assert.deepEqual(result.players[id], { hp: 0, result: "loser" });
      for (const p of players) assert.deepEqual(p.leaks, []);
      const late = await players[0]!.sdk.request("pass", {}, ["error"]);
      assert.equal(late.payload.data.code, "2003");
      assert.equal(late.payload.data.details?.reason, "game-over");
      await Promise.all(open.splice(0).map((p) => p.sdk.leave()));
    }
  });

  it("refuses non-members, bad tokens, second connections and client-created rooms", async () => {
    const ids = ["auth-a", "auth-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids));
    const refusedWith = (code: number) => (error: { code?: number }) => error.code === code;

    await assert.rejects(CardBattlePlayer.join(url, roomId, "stranger", await playerToken(SECRET, "stranger"), 0), refusedWith(1002));
    await assert.rejects(
      CardBattlePlayer.join(url, roomId, "auth-a", await playerToken(SECRET, "auth-a", { expiresAt: Math.floor(Date.now() / 1000) - 60 }), 0),
      refusedWith(1002),
    );
    await assert.rejects(CardBattlePlayer.join(url, roomId, "auth-a", await playerToken("y".repeat(40), "auth-a"), 0), refusedWith(1002));
    await assert.rejects(CardBattlePlayer.join(url, roomId, "auth-a", "not-a-jwt", 0), refusedWith(1002));

    const alice = await join(roomId, ids, "auth-a");
    await assert.rejects(CardBattlePlayer.join(url, roomId, "auth-a", await playerToken(SECRET, "auth-a"), 0), refusedWith(1005));
    assert.equal(alice.sdk.room.connection.isOpen, true, "the first connection stays");

    // before the start a leave just frees the connection: the player can come back
    await alice.sdk.leave();
    const again = await join(roomId, ids, "auth-a");
    assert.equal((await again.sdk.waitFor("connected")).data.player_id, "auth-a");
    assert.ok(matchMaker.getLocalRoomById(roomId), "the room waits for its players");

    // only the matchmaking service creates card_battle rooms
    await assert.rejects(SdkPlayer.create(url, "card_battle", {}, await playerToken(SECRET, "auth-a")), (e: { code?: number }) => e.code === 403);
    await assert.rejects(
      SdkPlayer.create(url, "card_battle", { __managed: cardBattleSpec(["auth-a", "auth-b"]) }, await playerToken(SECRET, "auth-a")),
      (e: { code?: number }) => e.code === 403,
    );
    // and a bad request is refused with a clear error
    await assert.rejects(
      createManagedRoom("card_battle", cardBattleSpec(ids, { config: { player_count: 3 } })),
      (e: { code?: number; message?: string }) => e.code === 400 && /player_count/.test(String(e.message)),
    );
    await assert.rejects(
      createManagedRoom("card_battle", cardBattleSpec(["solo"], { config: { player_count: 1 } })),
      (e: { code?: number; message?: string }) => e.code === 400 && /2 to 4/.test(String(e.message)),
    );
    await assert.rejects(
      createManagedRoom("card_battle", cardBattleSpec(ids, { config: { max_hp: 0 } })),
      (e: { code?: number; message?: string }) => e.code === 400 && /max_hp/.test(String(e.message)),
    );
    await assert.rejects(
      createManagedRoom("card_battle", cardBattleSpec(ids, { config: { turn_time_limit: -1 } })),
      (e: { code?: number; message?: string }) => e.code === 400 && /turn_time_limit/.test(String(e.message)),
    );
  });

  it("answers malformed, unknown, out-of-turn and impossible moves with errors, staying connected and unchanged", async () => {
    const ids = ["err-a", "err-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids, { seed: "errors", config: { turn_time_limit: 0 } }));
    const [alice, bob] = await joinAll(roomId, ids);
    await alice!.sdk.waitFor("game_started");
    const turn = await alice!.sdk.waitFor("turn_started");
    assert.equal(turn.data.deadline, null, "no deadline when the timer is disabled");
    await eventually(() => (alice!.lastHand().length === 5 ? true : undefined), "alice's first hand");
    await eventually(() => (bob!.lastHand().length === 4 ? true : undefined), "bob's first hand");
    const gameEvents = () => alice!.sdk.messages.filter((m) => ["card_played", "player_passed", "turn_started", "hand_updated"].includes(m.type)).length;
    const before = gameEvents();
    const stateBefore = JSON.stringify(alice!.sdk.room.state.toJSON());

    const missing = await alice!.sdk.request("play_card", {}, ["validation_error"]);
    assert.equal(missing.payload.data.code, "3002");
    assert.deepEqual(missing.payload.data.details?.missing_fields, ["card_id"]);
    assert.deepEqual(missing.payload.data.details?.received_data, { type: "object", size: 0 }, "a summary, never the input itself");
    assert.equal(missing.payload.data.recoverable, true);
    const wrongType = await alice!.sdk.request("play_card", { card_id: 5 }, ["validation_error"]);
    assert.equal(wrongType.payload.data.code, "3003");
    assert.deepEqual(wrongType.payload.data.details?.received_data, { type: "object", size: 1 });
    const badSync = await alice!.sdk.request("sync_request", { last_sequence: -1 }, ["validation_error"]);
    assert.equal(badSync.payload.data.code, "3004");
    const notObject = await alice!.sdk.request("pass", 42, ["validation_error"]);
    assert.equal(notObject.payload.data.code, "3001");
    const unknown = await alice!.sdk.request("fly_away", { x: 1 }, ["error"]);
    assert.equal(unknown.payload.data.code, "3001");
    assert.deepEqual(unknown.payload.data.details?.known_events, ["play_card", "pass", "surrender", "ping", "sync_request"]);

    const outOfTurn = await bob!.sdk.request("play_card", { card_id: bob!.lastHand()[0] }, ["error"]);
    assert.equal(outOfTurn.payload.data.code, "2002");
    assert.deepEqual(outOfTurn.payload.data.details, { reason: "not-your-turn", current_player_id: "err-a" });
    const bobsPass = await bob!.sdk.request("pass", {}, ["error"]);
    assert.equal(bobsPass.payload.data.code, "2002");

    const notInHand = await alice!.sdk.request("play_card", { card_id: bob!.lastHand()[0], target_id: "err-b" }, ["error"]);
    assert.equal(notInHand.payload.data.code, "2003");
    assert.deepEqual(notInHand.payload.data.details, { reason: "card_not_in_hand", card_id: bob!.lastHand()[0] });
    const noSuchCard = await alice!.sdk.request("play_card", { card_id: "c999" }, ["error"]);
    assert.equal(noSuchCard.payload.data.code, "2003");
    assert.equal(noSuchCard.payload.data.details?.reason, "unknown_card");
    assert.equal(noSuchCard.payload.data.recoverable, true);

    for (const p of [alice!, bob!]) assert.equal(p.sdk.room.connection.isOpen, true, "still connected");
    assert.equal(gameEvents(), before, "no game event");
    assert.equal(JSON.stringify(alice!.sdk.room.state.toJSON()), stateBefore, "no state change");
    const sent = Date.now() - 5;
    const pong = await alice!.sdk.request("ping", { client_time: sent }, ["pong"]);
    assert.equal(pong.payload.data.client_time, sent);
    assert.ok((pong.payload.data.latency as number) >= 0);
    assert.equal(typeof pong.payload.data.server_time, "number");

    // game messages are sent, not requested: a Colyseus request of one is refused by Colyseus and runs nothing
    await assert.rejects(alice!.sdk.room.request("pass", {}), /no_handler|has no onMessage/);
    assert.equal(alice!.sdk.room.connection.isOpen, true, "still connected after a refused request");
    assert.equal(gameEvents(), before, "the requested pass did not run");

    // a message typed "*" is unknown, whatever its payload names
    const star = await alice!.sdk.request("*", "surrender", ["error"]);
    assert.equal(star.payload.data.code, "3001");
    assert.equal(star.payload.data.details?.event, "*");
    assert.equal(gameEvents(), before, "the payload's name did not run");

    // one Colyseus handler per room for all game messages (the table is the class's): chat's and the gate's
    const live = matchMaker.getLocalRoomById(roomId) as unknown as { onMessageEvents: { events: Record<string, unknown[]> } };
    assert.deepEqual(Object.keys(live.onMessageEvents.events).sort(), ["*", "message:create"]);

    // a valid move still works afterwards
    const played = await alice!.sdk.request("play_card", { card_id: alice!.lastHand()[0], target_id: "err-b" }, ["card_played", "error"]);
    assert.equal(played.type, "card_played");
  });

  it("times idle turns out: player_timeout 1, 2, 3, then the player forfeits", async () => {
    const ids = ["idle-a", "busy-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids, { config: { turn_time_limit: 0.2, game_over_linger: 1 } }));
    const [idle, busy] = await joinAll(roomId, ids);
    autoplay(busy!, { pass: true });
    const over = await idle!.sdk.waitFor("game_over", () => true, 15_000);
    const timeouts = idle!.sdk.all("player_timeout").map((m) => m.data);
    assert.deepEqual(timeouts, [1, 2, 3].map((consecutive) => ({ player_id: "idle-a", auto_action: "pass", consecutive })));
    assert.deepEqual(idle!.sdk.all("player_eliminated").map((m) => m.data), [{ player_id: "idle-a", reason: "timeout" }]);
    assert.equal(over.data.winner_id, "busy-b");
    const result = over.data.result_data as { players: Record<string, { hp: number; result: string }> };
    assert.deepEqual(result.players["idle-a"], { hp: 0, result: "loser" });
    assert.equal(result.players["busy-b"]!.result, "winner");
    for (const started of idle!.sdk.all("turn_started")) {
      const deadline = started.data.deadline as number;
      assert.ok(Math.abs(deadline - (started.server_time * 1000 + 200)) < 50, "each turn has its own deadline");
    }
    await waitStatus(roomId, "finished");
  });

  it("gives a dropped player the current state and their hand back on reconnection, and on a later rejoin", async () => {
    const ids = ["drop-a", "drop-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids, { config: { turn_time_limit: 0, reconnection_window: 20 } }));
    const [alice, bob] = await joinAll(roomId, ids);
    await bob!.sdk.waitFor("game_started");
    await eventually(() => (bob!.lastHand().length === 4 ? true : undefined), "bob's first hand");
    const bobHand = bob!.lastHand();
    assert.deepEqual(bob!.stateHand(), bobHand, "the synced hand matches hand_updated");

    // Bob's connection drops without the SDK reconnecting by itself
    const reconnectionToken = bob!.sdk.room.reconnectionToken;
    bob!.sdk.room.reconnection.enabled = false;
    bob!.sdk.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
    await eventually(() => (alice!.players()[1]?.connected === false ? true : undefined), "bob shown as disconnected");

    // the game goes on meanwhile
    await alice!.sdk.request("play_card", { card_id: alice!.lastHand()[0], target_id: "drop-b" }, ["card_played"]);
    const hpAfterHit = alice!.players()[1]!.hp;

    const marker = bob!.sdk.messages.length;
    const room = await bob!.sdk.client.reconnect(reconnectionToken);
    bob!.reattach(room);
    const back = await bob!.sdk.waitFor("connected", () => true, 5_000, marker);
    assert.equal(back.data.player_id, "drop-b");
    const hand = await bob!.sdk.waitFor("hand_updated", () => true, 5_000, marker);
    const cards = (hand.data.cards as Array<{ id: string }>).map((c) => c.id);
    assert.deepEqual(cards.slice(0, bobHand.length), bobHand, "the same hand, plus this turn's draw");
    await eventually(() => (bob!.stateHand().join() === cards.join() ? true : undefined), "bob's synced hand");
    assert.equal(bob!.me()?.hp, hpAfterHit, "the current state");
    await eventually(() => (alice!.players()[1]?.connected === true ? true : undefined), "bob shown as connected");
    const passed = await bob!.sdk.request("pass", {}, ["player_passed", "error"]);
    assert.equal(passed.type, "player_passed", "Bob plays on");

    // a second connection for Bob is refused while he is connected
    await assert.rejects(CardBattlePlayer.join(url, roomId, "drop-b", bob!.token, 1), (e: { code?: number }) => e.code === 1005);

    // Bob leaves for good, the seat stays; he can join again with his token
    await bob!.sdk.leave();
    await eventually(() => (alice!.players()[1]?.connected === false ? true : undefined), "bob gone");
    assert.ok(matchMaker.getLocalRoomById(roomId), "one player left: the game goes on");
    const rejoined = await join(roomId, ids, "drop-b");
    const rejoinHand = await rejoined.sdk.waitFor("hand_updated");
    assert.deepEqual((rejoinHand.data.cards as Array<{ id: string }>).map((c) => c.id), cards);
    await eventually(() => (rejoined.stateHand().join() === cards.join() ? true : undefined), "bob's synced hand after the rejoin");
    assert.equal(rejoined.me()?.hp, hpAfterHit);

    // dropped again, Bob comes back with a fresh join instead of a reconnection: the new connection takes the seat
    const staleToken = rejoined.sdk.room.reconnectionToken;
    rejoined.sdk.room.reconnection.enabled = false;
    rejoined.sdk.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
    await eventually(() => (alice!.players()[1]?.connected === false ? true : undefined), "bob dropped");
    const fresh = await join(roomId, ids, "drop-b");
    await fresh.sdk.waitFor("hand_updated");
    await assert.rejects(rejoined.sdk.client.reconnect(staleToken), "the replaced connection cannot come back");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(alice!.players()[1]?.connected, true, "the replaced connection's end does not take the seat away");
    assert.equal((await alice!.sdk.request("pass", {}, ["player_passed", "error"])).type, "player_passed");
    assert.equal((await fresh.sdk.request("pass", {}, ["player_passed", "error"])).type, "player_passed", "Bob plays on");
    for (const p of [alice!, bob!, rejoined, fresh]) {
      assert.deepEqual(p.leaks, []);
      assert.deepEqual(p.sdk.leaks, []);
    }
  });

  it("answers sync_request with exactly the missed events the client may see", async () => {
    const ids = ["sync-a", "sync-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids, { seed: "sync", config: { max_hp: 9, game_over_linger: 10 } }));
    const [alice, bob] = await joinAll(roomId, ids);
    const plays = [autoplay(alice!), autoplay(bob!)];
    await Promise.all([alice!.sdk.waitFor("game_over", () => true, 30_000), bob!.sdk.waitFor("game_over", () => true, 30_000)]);
    plays.forEach((p) => p.stop());

    const bobSeen = bob!.sdk.messages.map((m) => m.payload);
    const cut = bobSeen[Math.floor(bobSeen.length / 3)]!.sequence_number;
    const reply = await bob!.sdk.request("sync_request", { last_sequence: cut }, ["sync_response"]);
    const data = reply.payload.data as {
      current_sequence: number;
      missed_events: Array<{ sequence: number; event: string; data: unknown }>;
      full_state: { phase: string; hand: Array<{ id: string }> | null; players: Array<Record<string, unknown>>; winner_id: string | null };
    };
    // replies to one connection (connected, errors, pongs, sync answers) are never replayed
    const replayable = (m: { event: string }) => !REPLIES.includes(m.event);
    const expected = bobSeen.filter((m) => m.sequence_number > cut && m.sequence_number < reply.payload.sequence_number && replayable(m));
    assert.deepEqual(
      data.missed_events.map((e) => [e.sequence, e.event]),
      expected.map((m) => [m.sequence_number, m.event]),
      "exactly the events Bob received after the cut",
    );
    assert.deepEqual(data.missed_events.map((e) => e.data), expected.map((m) => m.data));
    const aliceOnly = alice!.sdk.messages.filter((m) => m.type === "hand_updated").map((m) => m.payload.sequence_number);
    assert.ok(!data.missed_events.some((e) => aliceOnly.includes(e.sequence)), "none of Alice's hand_updated");
    for (const e of data.missed_events.filter((x) => x.event === "hand_updated")) {
      for (const card of (e.data as { cards: Array<{ id: string }> }).cards) assert.ok(ownsCard(1, card.id));
    }
    assert.equal(data.current_sequence, reply.payload.sequence_number);
    assert.equal(data.full_state.phase, "FINISHED");
    assert.deepEqual(data.full_state.hand?.map((c) => c.id), bob!.lastHand());
    for (const p of data.full_state.players) assert.equal("hand" in p, false, "no hands in the public part");
    assert.equal(data.full_state.winner_id, (bob!.sdk.all("game_over")[0]!.data as { winner_id: string | null }).winner_id);

    // a full resync from 0 replays all Bob's events
    const all = await bob!.sdk.request("sync_request", { last_sequence: 0 }, ["sync_response"]);
    const missed = (all.payload.data as { missed_events: Array<{ sequence: number }> }).missed_events.map((e) => e.sequence);
    const seen = bob!.sdk.messages.filter((m) => replayable(m.payload)).map((m) => m.payload.sequence_number).filter((n) => n < all.payload.sequence_number);
    assert.deepEqual(missed, seen, "every event Bob was sent, except the replies to his own connection");
  });

  it("rate-limits a flooding client with 4001 errors", async () => {
    const ids = ["flood-a", "flood-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids));
    const [alice] = await joinAll(roomId, ids);
    for (let i = 0; i < 40; i++) alice!.sdk.send("ping", { client_time: Date.now() });
    const limited = await alice!.sdk.waitFor("error", (d) => d.code === "4001");
    assert.equal(limited.data.recoverable, true);
    await new Promise((r) => setTimeout(r, 1_100));
    const pong = await alice!.sdk.request("ping", { client_time: Date.now() }, ["pong"]);
    assert.ok(pong, "served again after slowing down");
  });

  describe("closing", () => {
    it("aborts with join_timeout when not every player joins in time", async () => {
      const ids = ["late-a", "late-b"];
      const roomId = await createCardBattleRoom(cardBattleSpec(ids, { joinTimeoutMs: 300 }));
      const alice = await join(roomId, ids, "late-a");
      const closed = await alice.sdk.waitFor("room_closed");
      assert.deepEqual(closed.data, { reason: "join_timeout" });
      await waitStatus(roomId, "aborted");
      await eventually(() => (matchMaker.getLocalRoomById(roomId) === undefined ? true : undefined), "the room to be disposed");
    });

    it("aborts with all_disconnected once every player is gone past the reconnection window", async () => {
      const ids = ["gone-a", "gone-b"];
      const roomId = await createCardBattleRoom(cardBattleSpec(ids, { config: { reconnection_window: 0.3 } }));
      const [alice, bob] = await joinAll(roomId, ids);
      await alice!.sdk.waitFor("game_started");
      await waitStatus(roomId, "running");
      await bob!.sdk.leave();
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(matchMaker.getLocalRoomById(roomId), "one player still connected: the game goes on");
      alice!.sdk.room.reconnection.enabled = false;
      alice!.sdk.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await roomStatus(roomId), "running", "still inside the reconnection window");
      await waitStatus(roomId, "aborted");
      await eventually(() => (matchMaker.getLocalRoomById(roomId) === undefined ? true : undefined), "the room to be disposed");
    });

    it("closes for an administrator through remoteRoomCall(terminate)", async () => {
      const ids = ["adm-a", "adm-b"];
      const roomId = await createCardBattleRoom(cardBattleSpec(ids));
      const players = await joinAll(roomId, ids);
      await players[0]!.sdk.waitFor("game_started");
      await matchMaker.remoteRoomCall(roomId, "terminate", ["admin_terminated", "admin-7"]);
      for (const p of players) assert.deepEqual((await p.sdk.waitFor("room_closed")).data, { reason: "admin_terminated" });
      await waitStatus(roomId, "aborted");
      await eventually(() => (matchMaker.getLocalRoomById(roomId) === undefined ? true : undefined), "the room to be disposed");
    });

    it("an exception while handling one player's action costs that action only: the room and its game go on", async () => {
      const ids = ["boom-a", "boom-b"];
      const roomId = await createCardBattleRoom(cardBattleSpec(ids));
      const other = ["calm-a", "calm-b"];
      const otherId = await createCardBattleRoom(cardBattleSpec(other));
      const players = await joinAll(roomId, ids);
      const calm = await joinAll(otherId, other);
      await players[0]!.sdk.waitFor("game_started");
      await calm[0]!.sdk.waitFor("game_started");

      // make the rules step of the pipeline blow up inside this room only
      const room = matchMaker.getLocalRoomById(roomId) as unknown as { applyRules: () => never };
      room.applyRules = () => {
        throw new Error("simulated failure");
      };
      const refused = await players[0]!.sdk.request("pass", {}, ["error", "room_closed"]);
      assert.equal(refused.type, "error");
      assert.equal(refused.payload.data.code, "4002");
      assert.equal(await roomStatus(roomId), "running", "not aborted");
      assert.equal(players[0]!.sdk.all("room_closed").length + players[1]!.sdk.all("room_closed").length, 0);
      delete (room as { applyRules?: unknown }).applyRules; // back to the class's own method
      const passed0 = await players[0]!.sdk.request("pass", {}, ["player_passed", "error"]);
      assert.equal(passed0.type, "player_passed", "the same room serves the next action");

      // the process keeps serving the other room
      const passed = await calm[0]!.sdk.request("pass", {}, ["player_passed", "error"]);
      assert.equal(passed.type, "player_passed");
      assert.equal(await roomStatus(otherId), "running");
    });
  });
});

describe("card_battle room on server shutdown", function () {
  this.timeout(30_000);

  it("tells the players the room closes with process_error", async () => {
    const server = await startTestServer({ JWT_SECRET: SECRET }, { rooms: { ...gameRooms(), card_battle: defineRoom(CardBattleRoom) } });
    const url = `ws://127.0.0.1:${server.port}`;
    const ids = ["stop-a", "stop-b"];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids));
    const players = await Promise.all(ids.map(async (id, i) => CardBattlePlayer.join(url, roomId, id, await playerToken(SECRET, id), i)));
    await players[0]!.sdk.waitFor("game_started");
    await server.stop();
    for (const p of players) assert.deepEqual((await p.sdk.waitFor("room_closed")).data, { reason: "process_error" });
    assert.equal(matchMaker.getLocalRoomById(roomId), undefined);
  });
});
