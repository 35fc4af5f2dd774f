import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { PhoenixPlayer } from "./support/phoenix-player.js";

const SECRET = "p".repeat(40);
/** The endpoint closes sockets silent for this long (Phoenix's is 60 s; short here so the heartbeat test is quick). */
const IDLE_MS = 1_500;

type Card = { id: string; kind: string };

describe("Phoenix Channels v2 endpoint (/socket/websocket?vsn=2.0.0) with the official phoenix client", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  const sockets: PhoenixPlayer[] = [];
  const connect = (token?: string, heartbeatIntervalMs?: number) => {
    const player = PhoenixPlayer.connect(server.url, token, { heartbeatIntervalMs });
    sockets.push(player);
    return player;
  };

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET }, { gatewayTuning: { phoenixIdleMs: IDLE_MS } });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  it("joins room topics of a card battle (two seats and a spectator), plays a turn, and gets phx_reply errors for refused moves", async () => {
    const spec = cardBattleSpec(["px-a", "px-b"], { config: { player_count: 2, game_rules: "simple_card_battle", game_over_linger: 1, seed: "phoenix", allow_spectators: true } });
    const roomId = await createCardBattleRoom(spec);
    const a = connect(await playerToken(SECRET, "px-a"));
    const b = connect(await playerToken(SECRET, "px-b"));
    const joinA = await a.join(`room:${roomId}`);
    const joinB = await b.join(`room:${roomId}`);
    const watcher = connect(await playerToken(SECRET, "px-watch"));
    const watching = await watcher.join(`room:${roomId}`, { spectate: true });
    assert.equal(watching.status, "ok", JSON.stringify(watching.response));
    assert.equal(joinA.status, "ok", JSON.stringify(joinA.response));
    assert.equal(joinB.status, "ok");
    assert.equal(joinA.response.room_id, roomId);

    // the room's native events arrive as pushes on the topic, in the room's envelope
    const turn = await a.waitFor("turn_started");
    assert.equal(turn.payload.event, "turn_started");
    assert.equal(turn.payload.room_id, roomId);
    assert.equal(typeof turn.payload.sequence_number, "number");
    const current = turn.payload.data!.player_id as string;
    const [mover, waiter] = current === "px-a" ? [a, b] : [b, a];
    const [moverChannel, waiterChannel] = current === "px-a" ? [joinA.channel, joinB.channel] : [joinB.channel, joinA.channel];
    const hands = mover.all("hand_updated");
    const hand = (hands[hands.length - 1]!.payload.data!.cards as Card[]).map((c) => c.id);
    // the other player's hand never reached this socket
    for (const seen of waiter.all("hand_updated")) for (const card of seen.payload.data!.cards as Card[]) assert.ok(!hand.includes(card.id));

    // refused moves: out of turn (2002), a card not in hand (2003), a malformed payload (3002), an unknown event (3001)
    const outOfTurn = await waiter.push(waiterChannel, "play_card", { card_id: hand[0]! });
    assert.equal(outOfTurn.status, "error");
    assert.equal(outOfTurn.response.code, "2002");
    const notInHand = await mover.push(moverChannel, "play_card", { card_id: "c9999" });
    assert.equal(notInHand.status, "error");
    assert.equal(notInHand.response.code, "2003");
    const malformed = await mover.push(moverChannel, "play_card", {});
    assert.equal(malformed.status, "error");
    assert.equal(malformed.response.code, "3002");
    const unknown = await mover.push(moverChannel, "dance", {});
    assert.equal(unknown.response.code, "3001");

    // a real move
    const played = await mover.push(moverChannel, "play_card", { card_id: hand[0]! });
    assert.deepEqual(played, { status: "ok", response: {} });
    const cardPlayed = await waiter.waitFor("card_played");
    assert.equal(cardPlayed.payload.data!.player_id, current);
    await waiter.waitFor("turn_started", (s) => s.payload.data!.player_id !== current);
    // the marker pings behind each push never reach the client
    assert.equal(mover.all("pong").length, 0);

    // the spectator saw the move and no hand; its pushes are refused (1002)
    await watcher.waitFor("card_played");
    assert.equal(watcher.all("hand_updated").length, 0);
    const fromWatcher = await watcher.push(watching.channel, "pass", {});
    assert.equal(fromWatcher.status, "error");
    assert.equal(fromWatcher.response.code, "1002");
  });

  it("keeps a heartbeating socket open past the idle time and closes a silent one", async () => {
    const alive = connect(await playerToken(SECRET, "hb-a"), 300);
    const silent = new WebSocket(`${server.url.replace(/^http/, "ws")}/socket/websocket?vsn=2.0.0`);
    const silentClosed = new Promise<number>((resolve) => silent.addEventListener("close", (e: { code: number }) => resolve(e.code)));
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2.5));
    assert.equal(alive.socket.isConnected(), true);
    assert.equal(alive.closes, 0);
    assert.equal(await silentClosed, 1000);
  });

  it("refuses joins: forbidden for a player of another room, unauthorized without a valid token, an unknown topic", async () => {
    const spec = cardBattleSpec(["fb-a", "fb-b"]);
    const roomId = await createCardBattleRoom(spec);
    const stranger = connect(await playerToken(SECRET, "fb-stranger"));
    const forbidden = await stranger.join(`room:${roomId}`);
    assert.deepEqual({ status: forbidden.status, response: forbidden.response }, { status: "error", response: { reason: "forbidden" } });
    const missing = await stranger.join("room:no-such-room");
    assert.deepEqual(missing.response, { reason: "forbidden" });

    const anonymous = connect();
    assert.deepEqual((await anonymous.join(`room:${roomId}`)).response, { reason: "unauthorized" });
    const forged = connect("eyJhbGciOiJIUzI1NiJ9.e30.bad");
    assert.deepEqual((await forged.join(`room:${roomId}`)).response, { reason: "unauthorized" });
    const elsewhere = await stranger.join("lobby:all");
    assert.deepEqual(elsewhere.response, { reason: "unmatched topic" });
    // the socket that was refused still works
    const member = connect(await playerToken(SECRET, "fb-a"));
    assert.equal((await member.join(`room:${roomId}`)).status, "ok");
  });

  it("seats a player in a Liap Tui room through room:{id} with the room's events in the seed003 profile", async () => {
    const host = connect(await playerToken(SECRET, "lt-host"));
    // created through the seed-003 lobby's way in: an SDK-free client needs a room to exist, so the test makes one with the SDK
    const { SdkPlayer } = await import("../support/sdk-player.js");
    const creator = await SdkPlayer.create(server.url, "liap_tui", { room_name: "Phoenix table", player_name: "Ann" }, await playerToken(SECRET, "lt-ann"));
    const joined = await host.join(`room:${creator.room.roomId}`, { player_name: "Phil" });
    assert.equal(joined.status, "ok", JSON.stringify(joined.response));
    const roomJoined = await host.waitFor("room_joined");
    assert.equal(roomJoined.payload.data!.position, 1);
    const refused = await host.push(joined.channel, "start_game", {});
    assert.equal(refused.status, "error");
    assert.equal(refused.response.code, "1002", "only the host starts the game");
    // the room's chat over the room topic: the reply is the room's answer
    let chat: { status: string; response: Record<string, unknown> } | undefined;
    for (let i = 0; i < 40 && chat?.status !== "ok"; i++) {
      chat = await host.push(joined.channel, "message:create", { body: "hello table" });
      if (chat.status !== "ok") await new Promise((r) => setTimeout(r, 100)); // membership is recorded a moment after the join
    }
    assert.equal((chat!.response.data as { body?: string }).body, "hello table");
    assert.deepEqual(await host.push(joined.channel, "message:create", { body: " " }), { status: "error", response: { errors: { body: ["can't be blank"] } } });
    await host.waitFor("message_created");
    // seed003 profile by default: the game's phase_change carries the full game_state
    await creator.request("add_bot", {}, ["player_joined"]);
    await creator.request("add_bot", {}, ["player_joined"]);
    creator.send("start_game", {});
    const phase = await host.waitFor("phase_change");
    assert.ok(phase.payload.data!.game_state !== undefined, "full game_state in phase_change");
    assert.equal((await host.waitFor("hand_updated")).payload.data!.count, 8);

    // the socket goes away; a new socket with the same token rejoins the topic and gets the same seat back
    host.disconnect();
    const again = connect(await playerToken(SECRET, "lt-host"));
    const rejoined = await again.join(`room:${creator.room.roomId}`);
    assert.equal(rejoined.status, "ok", JSON.stringify(rejoined.response));
    const back = await again.waitFor("reconnected");
    assert.equal(back.payload.data!.player_name, "Phil");
    assert.equal(again.all("room_joined").length, 0);
    assert.ok((back.payload.data!.game_state as object | null) !== null, "the game in progress, from this seat's view");
    await creator.leave();
  });

  it("answers frames that are not v2 messages without closing, and closes on an oversized frame (1009)", async () => {
    const raw = new WebSocket(`${server.url.replace(/^http/, "ws")}/socket/websocket?vsn=2.0.0`);
    const frames: unknown[] = [];
    let closedWith: number | undefined;
    raw.addEventListener("message", (e: { data: unknown }) => frames.push(JSON.parse(String(e.data))));
    raw.addEventListener("close", (e: { code: number }) => (closedWith = e.code));
    await new Promise((resolve) => raw.addEventListener("open", resolve, { once: true }));
    raw.send("not json");
    raw.send(JSON.stringify({ topic: "phoenix" }));
    raw.send(JSON.stringify(["1", "2", "room:x", 7, {}]));
    raw.send(new Uint8Array([1, 2, 3]));
    raw.send(JSON.stringify(["9", "10", "room:nobody", "play_card", {}]));
    raw.send(JSON.stringify([null, "11", "phoenix", "heartbeat", {}]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(closedWith, undefined);
    assert.deepEqual(frames, [
      ["1", "2", "room:x", "phx_reply", { status: "error", response: { reason: "invalid message" } }],
      ["9", "10", "room:nobody", "phx_reply", { status: "error", response: { reason: "unmatched topic" } }],
      [null, "11", "phoenix", "phx_reply", { status: "ok", response: {} }],
    ]);
    raw.send(JSON.stringify([null, "12", "phoenix", "heartbeat", { pad: "x".repeat(5_000) }]));
    await new Promise((resolve) => raw.addEventListener("close", resolve, { once: true }));
    assert.equal(closedWith, 1009);
  });

  it("refuses other serializer versions at the upgrade", async () => {
    const refused = new WebSocket(`${server.url.replace(/^http/, "ws")}/socket/websocket?vsn=1.0.0`);
    const outcome = await new Promise<string>((resolve) => {
      refused.addEventListener("open", () => resolve("open"));
      refused.addEventListener("error", () => resolve("error"));
    });
    assert.equal(outcome, "error");
  });
});
