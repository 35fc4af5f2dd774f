import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { getGameResult } from "../../src/db/results.js";
import { getRoom } from "../../src/db/rooms.js";
import type { RunningServer } from "../../src/server.js";
import { FakePlatform, type RecordedRequest } from "../platform/fake-platform.js";
import { autoplay } from "../support/liap-autoplay.js";
import { autoplay as autoplayCards, CardBattlePlayer } from "../support/card-battle-client.js";
import { waitFor } from "../support/net.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { startTestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

const KEY_A = "internal-key-aaaaaaaaaaaa";
const KEY_B = "internal-key-bbbbbbbbbbbb";
const SECRET = "s".repeat(40);
const FAST_LIAP = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 1 };

const token = (sub: string, opts: { secret?: string; expiresIn?: string | number; name?: string } = {}) =>
  new SignJWT(opts.name ? { name: opts.name } : {})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setExpirationTime(opts.expiresIn ?? "1h")
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));

async function post(url: string, body: unknown, key: string | null = KEY_A) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(key !== null ? { "X-Internal-Api-Key": key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function liapRequest(roomId: string, players: string[], config: Record<string, unknown> = {}) {
  return {
    room_id: roomId,
    game_type_id: randomUUID(),
    player_ids: players,
    config: { player_count: players.length, turn_time_limit: 30, game_rules: "liap_tui", ...FAST_LIAP, ...config },
  };
}

/** Waits for a platform request matching method and path suffix. */
async function platformCall(platform: FakePlatform, method: string, path: string, timeoutMs = 10_000): Promise<RecordedRequest> {
  let found: RecordedRequest | undefined;
  await waitFor(async () => {
    found = platform.requests.find((r) => r.method === method && r.path === path);
    return found !== undefined;
  }, timeoutMs, `${method} ${path}; platform saw: ${platform.calls().join(", ")}`);
  return found!;
}

describe("internal room API with a matchmaking service (real HTTP both ways)", function () {
  this.timeout(60_000);
  let platform: FakePlatform;
  let server: RunningServer & { url: string };
  const open: SdkPlayer[] = [];

  before(async () => {
    platform = await FakePlatform.start();
    server = await startTestServer({
      INTERNAL_API_KEYS: `${KEY_A},${KEY_B}`,
      PLATFORM_URL: platform.url,
      PLATFORM_API_KEY: "platform-key-123",
      JWT_SECRET: SECRET,
      JOIN_TIMEOUT: "60",
      MAX_ROOMS: "50",
    });
  });
  beforeEach(() => {
    platform.requests.length = 0;
    platform.script([]);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.leave()));
  });
  after(async () => {
    await server?.stop();
    await platform?.close();
  });

  it("refuses a missing or wrong key with 401 and accepts every key of the rotation list", async () => {
    const body = liapRequest(randomUUID(), ["a", "b", "c", "d"]);
    assert.equal((await post(`${server.url}/internal/rooms/create`, body, null)).status, 401);
    assert.equal((await post(`${server.url}/internal/rooms/create`, body, "wrong-key-wrong-key")).status, 401);
    assert.equal((await post(`${server.url}/internal/rooms/x/terminate`, {}, "nope")).status, 401);
    assert.equal((await fetch(`${server.url}/internal/persist-failed`)).status, 401);
    const withA = await post(`${server.url}/internal/rooms/create`, body, KEY_A);
    assert.equal(withA.status, 200);
    const withB = await post(`${server.url}/internal/rooms/create`, liapRequest(randomUUID(), ["a", "b", "c", "d"]), KEY_B);
    assert.equal(withB.status, 200);
  });

  it("GET /internal/health describes the node without a key", async () => {
    const res = await fetch(`${server.url}/internal/health`);
    assert.equal(res.status, 200);
    const health = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(health).sort(), ["active_rooms", "connected_players", "node_name", "status", "uptime_seconds"]);
    assert.equal(health.status, "ok");
    assert.equal(health.node_name, "test-node");
    assert.equal(typeof health.active_rooms, "number");
  });

  it("answers 400 invalid_request for bad bodies", async () => {
    const bad: unknown[] = [
      {},
      { room_id: "r1", player_ids: ["a", "b"], config: { player_count: 2, game_rules: "chess" } },
      { room_id: "r1", player_ids: ["a", "b"], config: { player_count: 3, game_rules: "simple_card_battle" } },
      { room_id: "r1", player_ids: ["a", "a"], config: { player_count: 2, game_rules: "simple_card_battle" } },
      { room_id: "r1", player_ids: ["a", "b"], config: { player_count: 2, game_rules: "liap_tui" } },
      { room_id: "bad id!", player_ids: ["a", "b"], config: { player_count: 2, game_rules: "simple_card_battle" } },
      { room_id: "r1", player_ids: "a", config: { player_count: 1, game_rules: "simple_card_battle" } },
    ];
    for (const body of bad) {
      const res = await post(`${server.url}/internal/rooms/create`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.created, false);
      assert.equal(res.body.reason, "invalid_request");
      assert.ok(Array.isArray(res.body.details));
    }
    const notJson = await fetch(`${server.url}/internal/rooms/create`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Internal-Api-Key": KEY_A },
      body: "{not json",
    });
    assert.equal(notJson.status, 400);
  });

  it("answers a room id that is not valid percent-encoding in terminate's shape on POST, and in the server's envelope on any other method", async () => {
    const headers = { "X-Internal-Api-Key": KEY_A, "Content-Type": "application/json" };
    const post = await fetch(`${server.url}/internal/rooms/%25zz%/terminate`, { method: "POST", headers, body: "{}" });
    assert.equal(post.status, 400);
    assert.deepEqual(await post.json(), {
      terminated: false,
      reason: "invalid_request",
      details: [{ field: "room_id", message: "request path is not valid percent-encoding" }],
    });
    for (const method of ["GET", "DELETE", "PUT"]) {
      const res = await fetch(`${server.url}/internal/rooms/%/terminate?page=%3F%3F`, { method, headers: { "X-Internal-Api-Key": KEY_A } });
      assert.equal(res.status, 400, method);
      assert.deepEqual(await res.json(), { error: { code: "invalid_request", message: "request path is not valid percent-encoding" } }, method);
    }
    // a well-formed id on another method is no route at all
    assert.equal((await fetch(`${server.url}/internal/rooms/r1/terminate`, { method: "GET", headers: { "X-Internal-Api-Key": KEY_A } })).status, 404);
  });

  it("creates idempotently: the same room_id twice gives the same answer and one room", async () => {
    const roomId = randomUUID();
    const body = liapRequest(roomId, ["a", "b", "c", "d"]);
    const [first, second] = await Promise.all([post(`${server.url}/internal/rooms/create`, body), post(`${server.url}/internal/rooms/create`, body)]);
    assert.deepEqual(first, { status: 200, body: { created: true, room_id: roomId, node_name: "test-node" } });
    assert.deepEqual(second, first);
    const third = await post(`${server.url}/internal/rooms/create`, body);
    assert.deepEqual(third, first);
    assert.equal((await matchMaker.query({ roomId })).length, 1);
    const ready = await platformCall(platform, "POST", "/internal/rooms");
    assert.deepEqual(ready.body, { room_id: roomId, node_name: "test-node", status: "ready" });
    assert.equal(ready.headers["x-internal-api-key"], "platform-key-123");
    assert.equal(platform.requests.filter((r) => r.path === "/internal/rooms").length, 1, "ready reported once");
  });

  it("runs the seed's whole flow for simple_card_battle: create → ready → 2 players join with JWTs → started → play → finished", async () => {
    const roomId = randomUUID();
    const ids = ["alice-id", "bob-id"];
    const created = await post(`${server.url}/internal/rooms/create`, {
      room_id: roomId,
      game_type_id: randomUUID(),
      player_ids: ids,
      config: { player_count: 2, turn_time_limit: 60, game_rules: "simple_card_battle", seed: "seed-flow", game_over_linger: 1 },
    });
    assert.deepEqual(created, { status: 200, body: { created: true, room_id: roomId, node_name: "test-node" } });
    const ready = await platformCall(platform, "POST", "/internal/rooms");
    assert.deepEqual(ready.body, { room_id: roomId, node_name: "test-node", status: "ready" });

    const url = `ws://127.0.0.1:${server.port}`;
    const players = [];
    for (const [position, id] of ids.entries()) {
      const player = await CardBattlePlayer.join(url, roomId, id, await token(id, { name: id.toUpperCase() }), position);
      open.push(player.sdk);
      autoplayCards(player);
      players.push(player);
    }
    const started = await platformCall(platform, "PUT", `/internal/rooms/${roomId}/started`);
    const startedBody = started.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(startedBody).sort(), ["player_ids", "room_id", "started_at"]);
    assert.deepEqual(startedBody.player_ids, ids);
    const overs = await Promise.all(players.map((p) => p.sdk.waitFor("game_over", () => true, 45_000)));

    const finished = await platformCall(platform, "PUT", `/internal/rooms/${roomId}/finished`);
    const body = finished.body as { room_id: string; winner_id: string | null; result_data: { players: Record<string, { hp: number; result: string }>; turns_played: number; duration_seconds: number }; finished_at: string };
    assert.deepEqual(Object.keys(body).sort(), ["finished_at", "result_data", "room_id", "winner_id"]);
    assert.deepEqual(Object.keys(body.result_data).sort(), ["duration_seconds", "players", "turns_played"]);
    assert.deepEqual(Object.keys(body.result_data.players).sort(), [...ids].sort());
    for (const row of Object.values(body.result_data.players)) {
      assert.deepEqual(Object.keys(row).sort(), ["hp", "result"]);
      assert.ok(["winner", "loser", "draw"].includes(row.result));
    }
    assert.ok(body.winner_id === null || ids.includes(body.winner_id));
    assert.match(body.finished_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(overs[0]!.data.result_data, body.result_data, "game_over carries the same result_data as the callback");
    assert.equal(overs[0]!.data.winner_id, body.winner_id);
    const stored = await getGameResult(server.database.db, roomId);
    assert.ok(stored && stored.createdAt.getTime() <= finished.receivedAt, "result stored before the callback");
    for (const p of players) assert.deepEqual(p.leaks, []);
  });

  it("runs the whole Liap Tui flow: ready → four players join with JWTs → started → play → finished, result stored first", async () => {
    const roomId = randomUUID();
    const ids = ["u-1", "u-2", "u-3", "u-4"];
    const created = await post(`${server.url}/internal/rooms/create`, liapRequest(roomId, ids, { seed: "flow" }));
    assert.equal(created.status, 200);
    await platformCall(platform, "POST", "/internal/rooms");
    const url = `ws://127.0.0.1:${server.port}`;
    const players: SdkPlayer[] = [];
    for (const [i, id] of ids.entries()) {
      const p = await SdkPlayer.join(url, roomId, {}, await token(id, { name: `Player${i + 1}` }));
      open.push(p);
      autoplay(p);
      players.push(p);
    }
    const started = await platformCall(platform, "PUT", `/internal/rooms/${roomId}/started`);
    const startedBody = started.body as { room_id: string; started_at: string; player_ids: string[] };
    assert.equal(startedBody.room_id, roomId);
    assert.match(startedBody.started_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(startedBody.player_ids, ids);

    await Promise.all(players.map((p) => p.waitFor("game_over", () => true, 45_000)));
    const finished = await platformCall(platform, "PUT", `/internal/rooms/${roomId}/finished`);
    const body = finished.body as { room_id: string; winner_id: string | null; result_data: Record<string, unknown>; finished_at: string };
    assert.deepEqual(Object.keys(body).sort(), ["finished_at", "result_data", "room_id", "winner_id"]);
    assert.equal(body.room_id, roomId);
    assert.match(body.finished_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const resultPlayers = body.result_data.players as Record<string, { score: number; result: string }>;
    assert.deepEqual(Object.keys(resultPlayers).sort(), ids);
    for (const row of Object.values(resultPlayers)) assert.ok(["winner", "loser"].includes(row.result) && typeof row.score === "number");
    assert.equal(typeof body.result_data.turns_played, "number");
    assert.equal(typeof body.result_data.duration_seconds, "number");
    assert.ok(body.result_data.final_scores, "Liap Tui adds the seed-003 final scores");

    const stored = await getGameResult(server.database.db, roomId);
    assert.ok(stored, "the result was stored");
    assert.ok(stored.createdAt.getTime() <= finished.receivedAt, "stored before the callback went out");
    assert.equal((await getRoom(server.database.db, roomId))?.status, "finished");
    const order = platform.calls().filter((c) => c.includes(roomId) || c === "POST /internal/rooms");
    assert.deepEqual(order, ["POST /internal/rooms", `PUT /internal/rooms/${roomId}/started`, `PUT /internal/rooms/${roomId}/finished`]);
  });

  it("refuses players who are not in the room, and bad tokens", async () => {
    const roomId = randomUUID();
    await post(`${server.url}/internal/rooms/create`, liapRequest(roomId, ["m-1", "m-2", "m-3", "m-4"]));
    const url = `ws://127.0.0.1:${server.port}`;
    const refused = (e: { code?: number }) => e.code === 1002;
    await assert.rejects(SdkPlayer.join(url, roomId, {}, await token("stranger")), refused);
    await assert.rejects(SdkPlayer.join(url, roomId, {}, await token("m-1", { expiresIn: Math.floor(Date.now() / 1000) - 60 })), refused);
    await assert.rejects(SdkPlayer.join(url, roomId, {}, await token("m-1", { secret: "w".repeat(40) })), refused);
    await assert.rejects(SdkPlayer.join(url, roomId, {}), refused);
    const member = await SdkPlayer.join(url, roomId, {}, await token("m-1"));
    open.push(member);
    await member.waitFor("connected");
    const client = await SdkPlayer.create(url, "liap_tui", { __managed: { roomId: "hijack" } }).catch((e: { code?: number }) => e);
    assert.equal((client as { code?: number }).code, 403, "clients cannot create managed rooms");
  });

  it("terminates a room: players get room_closed, aborted admin_terminated is reported; unknown rooms answer 404", async () => {
    const roomId = randomUUID();
    await post(`${server.url}/internal/rooms/create`, liapRequest(roomId, ["t-1", "t-2", "t-3", "t-4"]));
    const p = await SdkPlayer.join(`ws://127.0.0.1:${server.port}`, roomId, {}, await token("t-1"));
    open.push(p);
    await p.waitFor("connected");
    const res = await post(`${server.url}/internal/rooms/${roomId}/terminate`, { room_id: roomId, reason: "admin_terminated", admin_id: "admin-1" });
    assert.deepEqual(res, { status: 200, body: { terminated: true } });
    assert.equal((await p.waitFor("room_closed")).data.reason, "admin_terminated");
    const aborted = await platformCall(platform, "PUT", `/internal/rooms/${roomId}/aborted`);
    assert.equal((aborted.body as { reason: string }).reason, "admin_terminated");
    const missing = await post(`${server.url}/internal/rooms/${randomUUID()}/terminate`, {});
    assert.deepEqual(missing, { status: 404, body: { terminated: false, reason: "room_not_found" } });
    assert.equal(platform.requests.filter((r) => r.path === `/internal/rooms/${roomId}/aborted`).length, 1, "reported once");
  });

  it("an exception while handling one message costs that message only: its room and another room keep playing", async () => {
    const broken = randomUUID();
    const healthy = randomUUID();
    await post(`${server.url}/internal/rooms/create`, liapRequest(broken, ["x-1", "x-2", "x-3", "x-4"]));
    await post(`${server.url}/internal/rooms/create`, liapRequest(healthy, ["y-1", "y-2", "y-3", "y-4"], { seed: "healthy" }));
    const url = `ws://127.0.0.1:${server.port}`;
    const healthyPlayers: SdkPlayer[] = [];
    for (const id of ["y-1", "y-2", "y-3", "y-4"]) {
      const p = await SdkPlayer.join(url, healthy, {}, await token(id));
      open.push(p);
      autoplay(p);
      healthyPlayers.push(p);
    }
    const victim = await SdkPlayer.join(url, broken, {}, await token("x-1"));
    open.push(victim);
    await victim.waitFor("connected");
    // make this one room's move handling throw, as a bug in it would
    const room = matchMaker.getLocalRoomById(broken) as unknown as { act: () => never };
    room.act = () => {
      throw new Error("simulated bug in a handler");
    };
    victim.send("declare", { declaration: 1 });
    const serverError = await victim.waitFor("error");
    assert.equal(serverError.data.code, "4002");
    delete (room as { act?: unknown }).act; // back to the class's own handler
    const pong = await victim.request("ping", { client_time: 1 }, ["pong", "room_closed"]);
    assert.equal(pong.type, "pong", "the room still serves its player");
    assert.ok(matchMaker.getLocalRoomById(broken), "not aborted");
    assert.deepEqual(victim.all("room_closed"), []);
    await Promise.all(healthyPlayers.map((p) => p.waitFor("game_over", () => true, 45_000)));
    await platformCall(platform, "PUT", `/internal/rooms/${healthy}/finished`);
  });

  it("retries a 500 then succeeds, and does not retry a 401", async () => {
    platform.script([{ status: 500, body: { error: "boom" } }, { status: 200, body: { acknowledged: true } }, { status: 401, body: { error: "unauthorized" } }]);
    const first = randomUUID();
    await post(`${server.url}/internal/rooms/create`, liapRequest(first, ["r-1", "r-2", "r-3", "r-4"]));
    await waitFor(async () => platform.requests.filter((r) => r.path === "/internal/rooms").length === 2, 10_000, "ready retried");
    const second = randomUUID();
    await post(`${server.url}/internal/rooms/create`, liapRequest(second, ["s-1", "s-2", "s-3", "s-4"]));
    await waitFor(async () => platform.requests.filter((r) => r.path === "/internal/rooms").length === 3, 10_000, "second ready sent");
    await new Promise((r) => setTimeout(r, 1_500));
    const readies = platform.requests.filter((r) => r.path === "/internal/rooms").map((r) => (r.body as { room_id: string }).room_id);
    assert.deepEqual(readies, [first, first, second], "500 retried, 401 not retried");
  });

});

describe("internal room API limits: join timeout and capacity", function () {
  this.timeout(30_000);
  let platform: FakePlatform;
  let short: RunningServer & { url: string };
  before(async () => {
    platform = await FakePlatform.start();
    short = await startTestServer({
      INTERNAL_API_KEYS: KEY_A,
      PLATFORM_URL: platform.url,
      PLATFORM_API_KEY: "platform-key-123",
      JWT_SECRET: SECRET,
      JOIN_TIMEOUT: "1",
      MAX_ROOMS: "1",
    });
  });
  after(async () => {
    await short?.stop();
    await platform?.close();
  });

  it("reports aborted join_timeout when not everyone joins in time", async () => {
    const roomId = randomUUID();
    await post(`${short.url}/internal/rooms/create`, liapRequest(roomId, ["j-1", "j-2", "j-3", "j-4"]));
    const p = await SdkPlayer.join(`ws://127.0.0.1:${short.port}`, roomId, {}, await token("j-1"));
    const closed = await p.waitFor("room_closed", () => true, 5_000);
    assert.equal(closed.data.reason, "join_timeout");
    const aborted = await platformCall(platform, "PUT", `/internal/rooms/${roomId}/aborted`);
    const body = aborted.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ["aborted_at", "reason", "room_id"]);
    assert.equal(body.reason, "join_timeout");
    await waitFor(async () => (await matchMaker.query({ roomId })).length === 0, 5_000, "room disposed");

    // an aborted room's id can be created again (e.g. a retried start), and it is a new live room
    await waitFor(async () => (await getRoom(short.database.db, roomId))?.status === "aborted", 5_000, "recorded as aborted");
    const again = await post(`${short.url}/internal/rooms/create`, liapRequest(roomId, ["j-1", "j-2", "j-3", "j-4"]));
    assert.equal(again.status, 200);
    assert.equal((await matchMaker.query({ roomId })).length, 1);
    await waitFor(async () => (await getRoom(short.database.db, roomId))?.status === "ready", 5_000, "ready again");
    await post(`${short.url}/internal/rooms/${roomId}/terminate`, {});
    await waitFor(async () => (await matchMaker.query({ roomId })).length === 0, 5_000, "terminated");
  });

  it("refuses capacity beyond MAX_ROOMS with 503", async () => {
    const one = await post(`${short.url}/internal/rooms/create`, liapRequest(randomUUID(), ["c-1", "c-2", "c-3", "c-4"]));
    assert.equal(one.status, 200);
    const two = await post(`${short.url}/internal/rooms/create`, liapRequest(randomUUID(), ["d-1", "d-2", "d-3", "d-4"]));
    assert.deepEqual(two, { status: 503, body: { created: false, reason: "capacity_exceeded" } });
  });
});

describe("remote token verification and persist_failed (real Redis)", function () {
  this.timeout(60_000);
  let redis: Redis;
  before(async () => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });
  after(() => redis?.disconnect());

  it("asks the platform to verify tokens when AUTH_VERIFY=remote, refusing frozen accounts", async () => {
    const platform = await FakePlatform.start();
    platform.respond((req) => {
      if (req.path !== "/internal/auth/verify") return { status: 200, body: { acknowledged: true } };
      const t = (req.body as { token: string }).token;
      if (t === "tok-active") return { status: 200, body: { valid: true, user_id: "v-1", display_name: "Vera", role: "player", status: "active" } };
      if (t === "tok-frozen") return { status: 200, body: { valid: true, user_id: "v-2", display_name: "Frida", role: "player", status: "frozen" } };
      return { status: 200, body: { valid: false, reason: "expired" } };
    });
    const server = await startTestServer({
      INTERNAL_API_KEYS: KEY_A,
      PLATFORM_URL: platform.url,
      PLATFORM_API_KEY: "platform-key-123",
      AUTH_VERIFY: "remote",
    });
    try {
      const roomId = randomUUID();
      await post(`${server.url}/internal/rooms/create`, liapRequest(roomId, ["v-1", "v-2", "v-3", "v-4"]));
      const url = `ws://127.0.0.1:${server.port}`;
      const vera = await SdkPlayer.join(url, roomId, {}, "tok-active");
      assert.equal((await vera.waitFor("connected")).data.player_name, "Vera");
      await assert.rejects(SdkPlayer.join(url, roomId, {}, "tok-frozen"), (e: { code?: number; message?: string }) => e.code === 1002 && /frozen/.test(String(e.message)));
      await assert.rejects(SdkPlayer.join(url, roomId, {}, "tok-expired"), (e: { code?: number }) => e.code === 1002);
      await vera.leave();
    } finally {
      await server.stop();
      await platform.close();
    }
  });

  it("stores a finished result the platform never acknowledged in Redis and the database, redelivers it, then clears both", async () => {
    const platform = await FakePlatform.start();
    const server = await startTestServer(
      {
        INTERNAL_API_KEYS: KEY_A,
        PLATFORM_URL: platform.url,
        PLATFORM_API_KEY: "platform-key-123",
        JWT_SECRET: SECRET,
        REDIS_URL: TEST_REDIS_URL,
      },
      { platformTuning: { client: { baseDelayMs: 20, maxDelayMs: 50 }, redelivery: { initialDelayMs: 200, maxDelayMs: 400, pollIntervalMs: 100 } } },
    );
    try {
      const roomId = randomUUID();
      await post(`${server.url}/internal/rooms/create`, liapRequest(roomId, ["p-1", "p-2", "p-3", "p-4"], { seed: "down" }));
      await platformCall(platform, "POST", "/internal/rooms");
      // the matchmaking service goes down for the rest of the game
      platform.respond(() => ({ status: 503, body: { error: "down" } }));
      const url = `ws://127.0.0.1:${server.port}`;
      const players: SdkPlayer[] = [];
      for (const id of ["p-1", "p-2", "p-3", "p-4"]) {
        const p = await SdkPlayer.join(url, roomId, {}, await token(id));
        autoplay(p);
        players.push(p);
      }
      await Promise.all(players.map((p) => p.waitFor("game_over", () => true, 45_000)));
      const key = `persist_failed:${roomId}`;
      await waitFor(async () => (await redis.exists(key)) === 1, 15_000, "persist_failed key in Redis");
      const saved = JSON.parse((await redis.get(key))!) as { room_id: string; result_data: unknown };
      assert.equal(saved.room_id, roomId);
      assert.ok(saved.result_data);
      const listed = await fetch(`${server.url}/internal/persist-failed`, { headers: { "X-Internal-Api-Key": KEY_A } });
      const entries = ((await listed.json()) as { persist_failed: Array<{ room_id: string }> }).persist_failed;
      assert.ok(entries.some((e) => e.room_id === roomId), "listed from the database");
      assert.ok(await getGameResult(server.database.db, roomId), "result row written regardless");

      // the service comes back: the result is redelivered and both copies are cleared
      platform.script([]);
      await waitFor(async () => (await redis.exists(key)) === 0, 15_000, "Redis copy cleared");
      const after = await fetch(`${server.url}/internal/persist-failed`, { headers: { "X-Internal-Api-Key": KEY_A } });
      assert.ok(!((await after.json()) as { persist_failed: Array<{ room_id: string }> }).persist_failed.some((e) => e.room_id === roomId));
      // per-room order: the finished waited behind the unacknowledged started, then both went through, each acknowledged once
      assert.equal(platform.acknowledged("started").get(roomId), 1);
      assert.equal(platform.acknowledged("finished").get(roomId), 1);
      await Promise.all(players.map((p) => p.leave()));
    } finally {
      await server.stop();
      await platform.close();
    }
  });
});
