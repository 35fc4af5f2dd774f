import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Redis } from "ioredis";
import { startTestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

describe("Redis presence (real Redis)", () => {
  let redis: Redis;
  before(async () => {
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
    } catch (error) {
      throw new Error(
        `Redis at ${TEST_REDIS_URL} is required for this test (start it with ` +
          '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`): ' +
          (error instanceof Error ? error.message : String(error)),
      );
    }
  });
  after(() => redis?.disconnect());

  it("with REDIS_URL set, the server runs on Redis presence and driver", async () => {
    const server = await startTestServer({ REDIS_URL: TEST_REDIS_URL });
    try {
      assert.equal(server.presence.kind, "redis");
      const processId = matchMaker.processId;
      // the process listens on its own channel in Redis and registers its room count there
      const channels = await redis.pubsub("CHANNELS", `p:${processId}`);
      assert.deepEqual(channels, [`p:${processId}`]);
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 200);
    } finally {
      await server.stop();
    }
    const after = await redis.pubsub("CHANNELS", `p:${matchMaker.processId}`);
    assert.deepEqual(after, [], "the process leaves Redis when it stops");
  });
});
