import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import { FakePlatform } from "../platform/fake-platform.js";
import { flushRedis, redisUrlFor, startCluster, startNode, stopNodes, type Cluster, type ClusterNode } from "../support/cluster-nodes.js";
import { autoplay } from "../support/liap-autoplay.js";
import { waitFor } from "../support/net.js";
import { SdkPlayer } from "../support/sdk-player.js";

const KEY = "cluster-internal-key-123";
const SECRET = "c".repeat(40);
/** A Redis database of its own, so other suites' keys do not mix in (pub/sub channels are shared, which is fine). */
const REDIS_DB = 5;
const FAST = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 1 };

const token = (sub: string) =>
  new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));

/** What every node of these tests shares (the platform's address aside). */
const nodeEnv = (platformUrl: string) => ({
  DATA_DIR: ":memory:",
  INTERNAL_API_KEYS: KEY,
  PLATFORM_URL: platformUrl,
  PLATFORM_API_KEY: "platform-key-123",
  JWT_SECRET: SECRET,
});

async function createLiap(node: ClusterNode, roomId: string, players: string[]) {
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
  let cluster: Cluster | undefined;
  let nodes: ClusterNode[] = [];
  const clients: SdkPlayer[] = [];

  before(async () => {
    platform = await FakePlatform.start();
    cluster = await startCluster(["node-a", "node-b", "node-c"], { redisDb: REDIS_DB, env: nodeEnv(platform.url) });
    nodes = cluster.nodes;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.leave()));
    await cluster?.stop();
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
    const [a, b, c] = nodes as [ClusterNode, ClusterNode, ClusterNode];
    // rooms until node-c holds at least two of them and another node at least one (placement decides where each goes)
    const onC: string[] = [];
    const elsewhere: Array<{ room_id: string; node_name: string; players: string[] }> = [];
    for (let i = 0; (onC.length < 2 || elsewhere.length === 0) && i < 60; i++) {
      const players = [`k${i}-1`, `k${i}-2`, `k${i}-3`, `k${i}-4`];
      const room = await createLiap(a, randomUUID(), players);
      if (room.node_name === "node-c") onC.push(room.room_id);
      else elsewhere.push({ ...room, players });
    }
    assert.ok(onC.length >= 2, `placed elsewhere: ${elsewhere.map((r) => r.node_name).join(", ")}`);
    assert.ok(elsewhere.length >= 1, `all ${onC.length} rooms were placed on node-c`);
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
  // Redis database 14: its own (each multi-process suite flushes only its own database)
  const restartRedisUrl = redisUrlFor(14);

  it("cleans up its own previous life at start: the lost room is reported aborted/process_error and unlisted", async () => {
    await flushRedis(restartRedisUrl);
    const redis = new Redis(restartRedisUrl, { maxRetriesPerRequest: 1 });
    const platform = await FakePlatform.start();
    const options = { redisUrl: restartRedisUrl, env: nodeEnv(platform.url) };
    let node: ClusterNode | undefined;
    try {
      node = await startNode("lonely-node", options);
      const roomId = randomUUID();
      await createLiap(node, roomId, ["l-1", "l-2", "l-3", "l-4"]);
      assert.equal((await redis.hexists("roomcaches", roomId)), 1, "listed in Redis");
      node.proc.child.kill("SIGKILL");
      await node.proc.exited;
      assert.equal(platform.requests.filter((r) => r.path === `/internal/rooms/${roomId}/aborted`).length, 0, "nobody else is there to notice");

      // the same node again, on the same port
      node = await startNode("lonely-node", options, node.port);
      await waitFor(
        async () => platform.requests.some((r) => r.path === `/internal/rooms/${roomId}/aborted` && (r.body as { reason: string }).reason === "process_error"),
        15_000,
        "the restarted node reports its lost room",
      );
      assert.equal(await redis.hexists("roomcaches", roomId), 0, "the stale listing is gone");
      const cluster = (await (await fetch(`${node.url}/internal/cluster`, { headers: { "X-Internal-Api-Key": KEY } })).json()) as { nodes: Array<{ node_name: string }> };
      assert.deepEqual(cluster.nodes.map((n) => n.node_name), ["lonely-node"], "only the new life is listed");
    } finally {
      if (node !== undefined) await stopNodes([node]);
      redis.disconnect();
      await platform.close();
    }
  });
});

