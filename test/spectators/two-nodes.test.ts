/**
 * Spectators across two server processes sharing Redis (database 12): a
 * spectator asks the node that does not hold a managed Liap Tui room, before
 * the start and again once the game runs (the room is then locked), and is
 * sent to the owning node. The game's lifecycle callbacks name its players
 * only; the spectators never decode a hand nor get a seat's event.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { FakePlatform } from "../platform/fake-platform.js";
import { playerToken } from "../support/card-battle-client.js";
import { startCluster, type Cluster, type ClusterNode } from "../support/cluster-nodes.js";
import { autoplay } from "../support/liap-autoplay.js";
import { waitFor } from "../support/net.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { Spectator } from "./support.js";

const KEY = "spectator-cluster-key-123";
const SECRET = "n".repeat(40);
const FAST = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 2 };

describe("spectators across two nodes sharing Redis", function () {
  this.timeout(120_000);
  let platform: FakePlatform;
  let cluster: Cluster | undefined;
  let nodes: ClusterNode[] = [];
  const open: SdkPlayer[] = [];

  before(async () => {
    platform = await FakePlatform.start();
    cluster = await startCluster(["spec-a", "spec-b"], {
      // Redis database 12: this suite's own
      redisDb: 12,
      env: { DATA_DIR: ":memory:", INTERNAL_API_KEYS: KEY, PLATFORM_URL: platform.url, PLATFORM_API_KEY: "platform-key-123", JWT_SECRET: SECRET },
    });
    nodes = cluster.nodes;
  });
  after(async () => {
    await Promise.all(open.map((c) => c.leave()));
    await cluster?.stop();
    await platform?.close();
  });

  it("a spectator joins through the node that does not hold the room, before and after the start; players only in the callbacks", async () => {
    const roomId = `spec-cluster-${randomUUID().slice(0, 8)}`;
    const players = ["sp-1", "sp-2", "sp-3", "sp-4"];
    const res = await fetch(`${nodes[0]!.url}/internal/rooms/create`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Internal-Api-Key": KEY },
      body: JSON.stringify({ room_id: roomId, player_ids: players, config: { player_count: 4, game_rules: "liap_tui", turn_time_limit: 30, allow_spectators: true, ...FAST } }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { node_name: holder } = (await res.json()) as { node_name: string };
    const owner = nodes.find((n) => n.name === holder)!;
    const other = nodes.find((n) => n.name !== holder)!;

    const early = await Spectator.join(other.wsUrl, roomId, { token: await playerToken(SECRET, "sp-watcher-early"), protocol: "seed003" });
    open.push(early.sdk);
    assert.equal((await early.sdk.waitFor("room_joined")).data.spectator, true);

    const seats: SdkPlayer[] = [];
    for (const [position, id] of players.entries()) {
      const seat = await SdkPlayer.join(owner.wsUrl, roomId, {}, await playerToken(SECRET, id));
      // set before the first state is decoded (room_joined may come after it): a managed room seats its players in order
      seat.position = position;
      open.push(seat);
      seats.push(seat);
      await seat.waitFor("room_joined");
      autoplay(seat);
    }
    // the game has started: the room is locked to players, not to spectators
    const late = await Spectator.join(other.wsUrl, roomId, { token: await playerToken(SECRET, "sp-watcher-late") });
    open.push(late.sdk);
    assert.equal((await late.sdk.waitFor("room_joined")).data.spectator, true);

    await Promise.all(seats.map((s) => s.waitFor("game_over", () => true, 60_000)));
    for (const spectator of [early, late]) {
      await spectator.untilPhase(["GAME_OVER"]);
      await spectator.syncFromStart();
      assert.deepEqual(spectator.decodedHands, []);
      for (const type of ["hand_updated", "play_accepted", "declaration_accepted"]) assert.equal(spectator.sdk.all(type).length, 0, type);
    }
    for (const seat of seats) assert.deepEqual(seat.leaks, []);

    await waitFor(async () => platform.requests.some((r) => r.method === "PUT" && r.path === `/internal/rooms/${roomId}/finished`), 10_000, "the finished callback");
    const started = platform.requests.find((r) => r.method === "PUT" && r.path === `/internal/rooms/${roomId}/started`);
    assert.ok(started !== undefined, "the started callback");
    const body = JSON.stringify(started.body);
    assert.ok(!body.includes("sp-watcher"), `no spectator in the started callback: ${body}`);
    for (const id of players) assert.ok(body.includes(id), `${id} in the started callback`);
  });
});
