import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { FakePlatform } from "../platform/fake-platform.js";
import { autoplay } from "../support/liap-autoplay.js";
import { freePort, waitFor } from "../support/net.js";
import { spawnServer, type ServerProcess } from "../support/process.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { TEST_REDIS_URL } from "../support/services.js";

const KEY = "cluster-internal-key-123";
const SECRET = "c".repeat(40);
/** A Redis database of its own, so other suites' keys do not mix in (pub/sub channels are shared, which is fine). */
const REDIS_URL = `${TEST_REDIS_URL.replace(/\/\d*$/, "")}/5`;
const FAST = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 1 };

interface Node {
  name: string;
  port: number;
  url: string;
  proc: ServerProcess;
}

const token = (sub: string) =>
  new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));

async function startNode(name: string, platformUrl: string): Promise<Node> {
  const port = await freePort();
  const proc = spawnServer({
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_NAME: name,
    PUBLIC_ADDRESS: `127.0.0.1:${port}`,
    DATA_DIR: ":memory:",
    REDIS_URL,
    INTERNAL_API_KEYS: KEY,
    PLATFORM_URL: platformUrl,
    PLATFORM_API_KEY: "platform-key-123",
    JWT_SECRET: SECRET,
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, 30_000, `${name} ready; output:\n${proc.output()}`);
  return { name, port, url, proc };
}

async function createLiap(node: Node, roomId: string, players: string[]) {
  const res = await fetch(`${node.url}/internal/rooms/create`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Internal-Api-Key": KEY },
    body: JSON.stringify({ room_id: roomId, player_ids: players, config: { player_count: 4, game_rules: "liap_tui", turn_time_limit: 30, ...FAST } }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as { created: boolean; room_id: string; node_name: string };
}

describe("several server processes sharing Redis", function () {
  this.timeout(120_000);
  let platform: FakePlatform;
  let nodes: Node[] = [];
  const clients: SdkPlayer[] = [];

  before(async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.flushdb();
    redis.disconnect();
    platform = await FakePlatform.start();
    nodes = await Promise.all(["node-a", "node-b", "node-c"].map((name) => startNode(name, platform.url)));
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.leave()));
    for (const node of nodes) {
      if (node.proc.child.exitCode === null && node.proc.child.signalCode === null) node.proc.child.kill("SIGTERM");
    }
    await Promise.all(nodes.map((n) => Promise.race([n.proc.exited, new Promise((r) => setTimeout(r, 15_000))])));
    await platform?.close();
  });

  it("lists every live node in GET /internal/cluster", async () => {
    const res = await fetch(`${nodes[0]!.url}/internal/cluster`, { headers: { "X-Internal-Api-Key": KEY } });
    const body = (await res.json()) as { nodes: Array<{ node_name: string; public_address: string }> };
    assert.deepEqual(body.nodes.map((n) => n.node_name), ["node-a", "node-b", "node-c"]);
    assert.equal(body.nodes[1]!.public_address, `127.0.0.1:${nodes[1]!.port}`);
  });

  it("places rooms created through one node on the least-loaded nodes, joinable through any node, played to the end", async () => {
    const a = nodes[0]!;
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await createLiap(a, randomUUID(), [`p${i}-1`, `p${i}-2`, `p${i}-3`, `p${i}-4`]));
    const placedOn = new Set(created.map((c) => c.node_name));
    assert.ok(placedOn.size >= 2, `rooms spread over nodes: ${[...placedOn].join(", ")}`);

    // play the room that is NOT on node-a, joining through node-a's matchmaking (and one player through node-c)
    const remote = created.find((c) => c.node_name !== "node-a")!;
    const index = created.indexOf(remote);
    const players: SdkPlayer[] = [];
    for (let seat = 1; seat <= 4; seat++) {
      const via = seat === 4 ? nodes[2]! : a;
      const p = await SdkPlayer.join(`ws://127.0.0.1:${via.port}`, remote.room_id, {}, await token(`p${index}-${seat}`));
      clients.push(p);
      autoplay(p);
      players.push(p);
    }
    await Promise.all(players.map((p) => p.waitFor("game_over", () => true, 60_000)));
    await waitFor(async () => platform.requests.some((r) => r.path === `/internal/rooms/${remote.room_id}/finished`), 15_000, "finished callback");
  });

  it("terminates a room that lives on another node", async () => {
    const c = nodes[2]!;
    let target: { room_id: string; node_name: string } | undefined;
    for (let i = 0; i < 6 && (target === undefined || target.node_name === "node-a"); i++) {
      target = await createLiap(c, randomUUID(), [`t${i}-1`, `t${i}-2`, `t${i}-3`, `t${i}-4`]);
    }
    assert.notEqual(target!.node_name, "node-a");
    const res = await fetch(`${nodes[0]!.url}/internal/rooms/${target!.room_id}/terminate`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Internal-Api-Key": KEY },
      body: JSON.stringify({ reason: "admin_terminated" }),
    });
    assert.deepEqual(await res.json(), { terminated: true });
    await waitFor(
      async () => platform.requests.some((r) => r.path === `/internal/rooms/${target!.room_id}/aborted` && (r.body as { reason: string }).reason === "admin_terminated"),
      10_000,
      "aborted admin_terminated",
    );
  });

  it("notices a killed node: its rooms are reported aborted/process_error exactly once, listings go, survivors keep playing", async () => {
    const [a, b, c] = nodes as [Node, Node, Node];
    // rooms until node-c holds at least two of them
    const onC: string[] = [];
    const elsewhere: Array<{ room_id: string; node_name: string; players: string[] }> = [];
    for (let i = 0; onC.length < 2 && i < 60; i++) {
      const players = [`k${i}-1`, `k${i}-2`, `k${i}-3`, `k${i}-4`];
      const room = await createLiap(a, randomUUID(), players);
      if (room.node_name === "node-c") onC.push(room.room_id);
      else elsewhere.push({ ...room, players });
    }
    assert.equal(onC.length, 2, `placed elsewhere: ${elsewhere.map((r) => r.node_name).join(", ")}`);
    const survivor = elsewhere[0]!;
    const survivorPlayers: SdkPlayer[] = [];
    for (const id of survivor.players) {
      const p = await SdkPlayer.join(`ws://127.0.0.1:${b.port}`, survivor.room_id, {}, await token(id));
      clients.push(p);
      survivorPlayers.push(p);
    }

    c.proc.child.kill("SIGKILL");
    await c.proc.exited;
    const killedAt = Date.now();
    for (const roomId of onC) {
      await waitFor(
        async () => platform.requests.some((r) => r.path === `/internal/rooms/${roomId}/aborted`),
        30_000,
        `aborted for ${roomId} within 30 s`,
      );
    }
    assert.ok(Date.now() - killedAt < 30_000, "noticed within 30 s");
    for (const roomId of onC) {
      const reports = platform.requests.filter((r) => r.path === `/internal/rooms/${roomId}/aborted`);
      assert.equal((reports[0]!.body as { reason: string }).reason, "process_error");
    }
    // the two survivors both check every few seconds: give them time to (wrongly) report again
    await new Promise((r) => setTimeout(r, 7_000));
    for (const roomId of onC) {
      assert.equal(platform.requests.filter((r) => r.path === `/internal/rooms/${roomId}/aborted`).length, 1, "exactly once");
    }
    // listings are gone: joining a dead node's room fails clearly
    await assert.rejects(SdkPlayer.join(`ws://127.0.0.1:${a.port}`, onC[0]!, {}, await token("anyone")), /not found/i);
    const cluster = (await (await fetch(`${a.url}/internal/cluster`, { headers: { "X-Internal-Api-Key": KEY } })).json()) as { nodes: Array<{ node_name: string }> };
    assert.deepEqual(cluster.nodes.map((n) => n.node_name), ["node-a", "node-b"]);

    // the survivors keep playing their own rooms
    survivorPlayers.forEach((p) => autoplay(p));
    await Promise.all(survivorPlayers.map((p) => p.waitFor("game_over", () => true, 60_000)));
  });
});

describe("a node restarting after it was killed", function () {
  this.timeout(90_000);
  const restartRedisUrl = `${TEST_REDIS_URL.replace(/\/\d*$/, "")}/8`;

  it("cleans up its own previous life at start: the lost room is reported aborted/process_error and unlisted", async () => {
    const redis = new Redis(restartRedisUrl, { maxRetriesPerRequest: 1 });
    await redis.flushdb();
    const platform = await FakePlatform.start();
    const env = (port: number) => ({
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_NAME: "lonely-node",
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      DATA_DIR: ":memory:",
      REDIS_URL: restartRedisUrl,
      INTERNAL_API_KEYS: KEY,
      PLATFORM_URL: platform.url,
      PLATFORM_API_KEY: "platform-key-123",
      JWT_SECRET: SECRET,
      LOG_LEVEL: "warn",
      NODE_ENV: "test",
    });
    const port = await freePort();
    let proc = spawnServer(env(port));
    const node: Node = { name: "lonely-node", port, url: `http://127.0.0.1:${port}`, proc };
    try {
      await waitFor(async () => (await fetch(`${node.url}/readyz`)).status === 200, 30_000, `ready; output:\n${proc.output()}`);
      const roomId = randomUUID();
      await createLiap(node, roomId, ["l-1", "l-2", "l-3", "l-4"]);
      assert.equal((await redis.hexists("roomcaches", roomId)), 1, "listed in Redis");
      proc.child.kill("SIGKILL");
      await proc.exited;
      assert.equal(platform.requests.filter((r) => r.path === `/internal/rooms/${roomId}/aborted`).length, 0, "nobody else is there to notice");

      proc = spawnServer(env(port));
      node.proc = proc;
      await waitFor(async () => (await fetch(`${node.url}/readyz`)).status === 200, 30_000, `ready again; output:\n${proc.output()}`);
      await waitFor(
        async () => platform.requests.some((r) => r.path === `/internal/rooms/${roomId}/aborted` && (r.body as { reason: string }).reason === "process_error"),
        15_000,
        "the restarted node reports its lost room",
      );
      assert.equal(await redis.hexists("roomcaches", roomId), 0, "the stale listing is gone");
      const cluster = (await (await fetch(`${node.url}/internal/cluster`, { headers: { "X-Internal-Api-Key": KEY } })).json()) as { nodes: Array<{ node_name: string }> };
      assert.deepEqual(cluster.nodes.map((n) => n.node_name), ["lonely-node"], "only the new life is listed");
    } finally {
      proc.child.kill("SIGTERM");
      await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 15_000))]);
      redis.disconnect();
      await platform.close();
    }
  });
});

