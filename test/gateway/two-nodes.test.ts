import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { startCluster, type Cluster, type ClusterNode, type ClusterOptions } from "../support/cluster-nodes.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { Seed003Client } from "./support/seed003-client.js";
import { checkGatewaySeat, checkGatewaySpectator, FAST, playMixedGame, SECRET, token, wsUrl } from "./support/game.js";

const KEY = "gateway-internal-key-123";

/** Redis database 8 is this suite's own (flushed before each group's nodes start, and only here). */
/** Games still running when a group ends are cut short at once (a node held by its shutdown grace would outlive the group). */
const NODES: ClusterOptions = { redisDb: 8, env: { DATA_DIR: ":memory:", INTERNAL_API_KEYS: KEY, JWT_SECRET: SECRET, SHUTDOWN_TIMEOUT_MS: "1000" }, readyTimeoutMs: 60_000 };

describe("seed-003 gateway across two server processes (Redis)", function () {
  this.timeout(120_000);
  let cluster: Cluster | undefined;
  let nodes: ClusterNode[] = [];

  before(async () => {
    cluster = await startCluster(["gw-node-a", "gw-node-b"], NODES);
    nodes = cluster.nodes;
  });
  after(() => cluster?.stop());

  it("plays a whole game where the gateway seats connect through the node that does not hold the room", async () => {
    const [a] = nodes as [ClusterNode, ClusterNode];
    let owner = "";
    // both gateway seats connect to the node that does NOT hold the room
    const game = await playMixedGame(a.url, (roomPort) => {
      const other = nodes.find((n) => !n.url.endsWith(`:${roomPort}`))!;
      owner = nodes.find((n) => n.url.endsWith(`:${roomPort}`))!.name;
      return [other.url, other.url];
    }, { ...FAST, max_rounds: 2, seed: "gateway-two-nodes" });
    assert.ok(owner !== "", "the room is on one of the nodes");
    checkGatewaySeat(game.bob, "Bob");
    checkGatewaySeat(game.carol, "Carol");
    checkGatewaySpectator(game.watcher);
    assert.equal(game.host.leaks.length + game.dave.leaks.length, 0);
    for (const c of [game.bob, game.carol, game.watcher]) c.close();
    await Promise.all([game.host.leave(), game.dave.leave()]);
  });

  /**
   * The new connection opens on the other node at once, before the first
   * node has even seen its socket close: the way back must already be there
   * (it is kept from the moment the seat is linked, not only from the drop).
   */
  for (const when of ["before the game starts", "in the running (locked) game"] as const) {
    it(`a gateway seat that drops on one node takes the same seat back through the other at once, ${when}`, async () => {
      const [a, b] = nodes as [ClusterNode, ClusterNode];
      const running = when === "in the running (locked) game";
      const quiet = { ...FAST, bot_delay_ms: 10_000, redeal_timeout: 0, declaration_timeout: 0, play_timeout: 0 };
      const host = await SdkPlayer.create(a.url, "liap_tui", { room_name: "Hop", player_name: "Alice", options: quiet }, await token(`hop-alice-${running}`));
      await host.waitFor("room_joined");
      const bobToken = await token(`hop-bob-${running}`);
      const first = await Seed003Client.open(wsUrl(a.url, `/ws/${host.room.roomId}?token=${bobToken}&player_name=Bob`));
      const joined = await first.waitFor("room_joined");
      if (running) {
        for (let i = 0; i < 2; i++) assert.equal((await host.request("add_bot", {}, ["player_joined", "error"])).type, "player_joined");
        host.send("start_game", {});
        await first.waitFor("hand_updated");
      }
      first.close();
      const again = await Seed003Client.open(wsUrl(b.url, `/ws/${host.room.roomId}?token=${bobToken}`), first);
      const back = await again.waitFor("reconnected");
      assert.equal(back.data.player_name, "Bob");
      assert.equal(again.all("room_joined").length, 0, "the seat was taken back, not a new one");
      assert.equal(joined.data.position, 1);
      if (running) assert.ok(back.data.game_state !== null, "the running game's state comes with the welcome");
      assert.deepEqual(again.problems, []);
      again.close();
      await host.leave();
    });
  }
});

/**
 * As in docker/compose.yaml: each node's PUBLIC_ADDRESS is a proxy route only
 * clients reach (here: nothing listens there at all), and INTERNAL_ADDRESS is
 * where the other nodes reach it. The SDK seats go through a stand-in for the
 * proxy (a urlBuilder mapping /nowhere-<node> to the node); the gateway seats
 * on the node that does not hold the room must find the owner's INTERNAL_ADDRESS.
 */
describe("seed-003 gateway across two nodes whose PUBLIC_ADDRESS only clients reach (INTERNAL_ADDRESS)", function () {
  this.timeout(120_000);
  const UNREACHABLE = "127.0.0.1:9";
  let cluster: Cluster | undefined;
  let nodes: ClusterNode[] = [];

  before(async () => {
    cluster = await startCluster(["gw-internal-a", "gw-internal-b"], {
      ...NODES,
      addresses: (name, port) => ({ PUBLIC_ADDRESS: `${UNREACHABLE}/nowhere-${name}`, INTERNAL_ADDRESS: `127.0.0.1:${port}` }),
    });
    nodes = cluster.nodes;
  });
  after(() => cluster?.stop());

  /** An SDK client whose room connections to `127.0.0.1:9/nowhere-<node>/...` go to that node, as a proxy would route them. */
  const viaProxy = (url: string) =>
    new Client(url, {
      urlBuilder: (target: URL) => {
        const node = nodes.find((n) => target.host === UNREACHABLE && target.pathname.startsWith(`/nowhere-${n.name}/`));
        if (node === undefined) return target.toString();
        return `ws://127.0.0.1:${node.port}${target.pathname.slice(`/nowhere-${node.name}`.length)}${target.search}`;
      },
    });

  it("publishes each node's INTERNAL_ADDRESS in GET /internal/cluster", async () => {
    const res = await fetch(`${nodes[0]!.url}/internal/cluster`, { headers: { "X-Internal-Api-Key": KEY } });
    const body = (await res.json()) as { nodes: Array<{ node_name: string; public_address: string; internal_address: string }> };
    assert.deepEqual(
      body.nodes.map((n) => [n.node_name, n.public_address, n.internal_address]),
      nodes.map((n) => [n.name, `${UNREACHABLE}/nowhere-${n.name}`, `127.0.0.1:${n.port}`]),
    );
  });

  it("plays a whole game where the gateway seats connect through the node that does not hold the room", async () => {
    let owner = "";
    const game = await playMixedGame(
      nodes[0]!.url,
      (roomPort) => {
        owner = nodes.find((n) => n.port === roomPort)!.name;
        const other = nodes.find((n) => n.port !== roomPort)!;
        return [other.url, other.url];
      },
      { ...FAST, max_rounds: 2, seed: "gateway-internal-address" },
      viaProxy,
    );
    assert.ok(nodes.some((n) => n.name === owner), "the room is on one of the nodes");
    checkGatewaySeat(game.bob, "Bob");
    checkGatewaySeat(game.carol, "Carol");
    checkGatewaySpectator(game.watcher);
    for (const c of [game.bob, game.carol, game.watcher]) c.close();
    await Promise.all([game.host.leave(), game.dave.leave()]);
  });
});
