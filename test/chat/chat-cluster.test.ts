/**
 * Chat across two server processes sharing PostgreSQL and Redis (DB 7): a
 * message posted over REST on the node that does not hold the room reaches
 * the room's live members there, and each node reads what the other stored.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { startCluster, type Cluster, type ClusterNode } from "../support/cluster-nodes.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { assertSeedMessage, createManagedLiap, INTERNAL_KEY, rest, SECRET, token, waitForCreated, type SeedMessage } from "./support.js";

describe("chat across two nodes (Redis presence, shared PostgreSQL)", function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  let nodes: ClusterNode[] = [];
  const players: SdkPlayer[] = [];

  before(async () => {
    cluster = await startCluster(["chat-a", "chat-b"], {
      // Redis database 7: this suite's own
      redisDb: 7,
      // one shared temporary database (the nodes start one at a time: the first migrates it)
      postgres: true,
      // the room still plays when the suite ends: a short grace
      env: { INTERNAL_API_KEYS: INTERNAL_KEY, JWT_SECRET: SECRET, SHUTDOWN_TIMEOUT_MS: "1000" },
    });
    nodes = cluster.nodes;
  });
  after(async () => {
    await Promise.all(players.map((p) => p.leave()));
    await cluster?.stop();
    nodes = [];
  });

  it("delivers a message posted over REST on the other node to the room's four live members, and both nodes read the conversation", async () => {
    const names = ["Kari", "Ola", "Per", "Åse"];
    const ids = names.map(() => randomUUID());
    const roomId = randomUUID();
    const { node_name } = await createManagedLiap(nodes[0]!.url, roomId, ids);
    const holder = nodes.find((n) => n.name === node_name)!;
    const other = nodes.find((n) => n.name !== node_name)!;
    assert.ok(holder && other, `the room is on ${node_name}`);

    const jwts = await Promise.all(ids.map((id, i) => token(id, names[i])));
    for (const jwt of jwts) {
      // joined through the other node's matchmaking: the seat reservation sends each client to the holder
      const p = await SdkPlayer.join(other.wsUrl, roomId, {}, jwt);
      players.push(p);
    }

    const posted = await rest(other.url, "POST", roomId, { jwt: jwts[1], body: { message: { body: "fra den andre noden" } } });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    const message = (posted.body as { data: SeedMessage }).data;
    assertSeedMessage(message, { body: "fra den andre noden", profileId: ids[1]!, name: "Ola" });
    for (const p of players) assert.deepEqual(await waitForCreated(p, message.id), message, "delivered live across nodes");

    // a message over the room (on the holder) is read back over REST on the other node
    const inRoom = (await players[2]!.room.request("message:create", { body: "fra rommet" })) as { data: SeedMessage };
    for (const p of players) await waitForCreated(p, inRoom.data.id);
    for (const node of [other, holder]) {
      const page = await rest(node.url, "GET", roomId, { jwt: jwts[3] });
      assert.equal(page.status, 200);
      assert.deepEqual((page.body as { data: SeedMessage[] }).data, [inRoom.data, message], `${node.name} reads both, newest first`);
    }
    // the other node knows the room and its members from the shared database
    assert.equal((await rest(other.url, "GET", roomId, { jwt: await token(randomUUID()) })).status, 403);
    assert.equal((await rest(other.url, "GET", randomUUID(), { jwt: jwts[0] })).status, 404);
  });
});
