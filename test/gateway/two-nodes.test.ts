import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { freePort, waitFor } from "../support/net.js";
import { spawnServer, type ServerProcess } from "../support/process.js";
import { TEST_REDIS_URL } from "../support/services.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { Seed003Client } from "./support/seed003-client.js";
import { checkGatewaySeat, checkGatewaySpectator, FAST, playMixedGame, SECRET, token, wsUrl } from "./support/game.js";

/** Redis database 8 is this suite's own (flushed here, and only it). */
const REDIS_URL = `${TEST_REDIS_URL.replace(/\/\d*$/, "")}/8`;
const KEY = "gateway-internal-key-123";

interface Node {
  name: string;
  url: string;
  proc: ServerProcess;
}

async function startNode(name: string): Promise<Node> {
  const port = await freePort();
  const proc = spawnServer({
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_NAME: name,
    PUBLIC_ADDRESS: `127.0.0.1:${port}`,
    DATA_DIR: ":memory:",
    REDIS_URL,
    INTERNAL_API_KEYS: KEY,
    JWT_SECRET: SECRET,
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, 60_000, `${name} ready; output:\n${proc.output()}`);
  return { name, url, proc };
}

describe("seed-003 gateway across two server processes (Redis)", function () {
  this.timeout(120_000);
  let nodes: Node[] = [];

  before(async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.flushdb();
    redis.disconnect();
    nodes = await Promise.all(["gw-node-a", "gw-node-b"].map(startNode));
  });
  after(async () => {
    for (const node of nodes) if (node.proc.child.exitCode === null) node.proc.child.kill("SIGTERM");
    await Promise.all(nodes.map((n) => Promise.race([n.proc.exited, new Promise((r) => setTimeout(r, 15_000))])));
  });

  it("plays a whole game where the gateway seats connect through the node that does not hold the room", async () => {
    const [a] = nodes as [Node, Node];
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

  it("a gateway seat that drops on one node takes the same seat back through the other", async () => {
    const [a, b] = nodes as [Node, Node];
    const host = await SdkPlayer.create(a.url, "liap_tui", { room_name: "Hop", player_name: "Alice", options: FAST }, await token("hop-alice"));
    await host.waitFor("room_joined");
    const bobToken = await token("hop-bob");
    const first = await Seed003Client.open(wsUrl(a.url, `/ws/${host.room.roomId}?token=${bobToken}&player_name=Bob`));
    const joined = await first.waitFor("room_joined");
    first.close();
    await first.waitClosed();
    const again = await Seed003Client.open(wsUrl(b.url, `/ws/${host.room.roomId}?token=${bobToken}`));
    const back = await again.waitFor("reconnected");
    assert.equal(back.data.player_name, "Bob");
    assert.equal(again.all("room_joined").length, 0, "the seat was taken back, not a new one");
    assert.equal(joined.data.position, 1);
    assert.deepEqual(again.problems, []);
    again.close();
    await host.leave();
  });
});
