/**
 * Finding 10: REDIS_URL without PUBLIC_ADDRESS is named at start: a warning
 * in development, a refusal to start in production (real processes).
 */
import assert from "node:assert/strict";
import { freePort } from "../support/net.js";
import { spawnServer } from "../support/process.js";

describe("hostile finding 10: REDIS_URL without PUBLIC_ADDRESS", function () {
  this.timeout(90_000);

  it("production refuses to start, naming PUBLIC_ADDRESS", async () => {
    const server = spawnServer({
      NODE_ENV: "production",
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      DATA_DIR: ":memory:",
      JWT_SECRET: "p".repeat(40),
      REDIS_URL: "redis://127.0.0.1:6379/11",
    });
    const code = await server.exited;
    assert.equal(code, 1);
    assert.match(server.output(), /PUBLIC_ADDRESS/);
  });

  it("development starts and warns, naming PUBLIC_ADDRESS", async () => {
    const server = spawnServer({
      NODE_ENV: "development",
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      DATA_DIR: ":memory:",
      REDIS_URL: "redis://127.0.0.1:6379/11",
      NODE_NAME: `hostile-10-${process.pid}`,
    });
    try {
      const until = Date.now() + 60_000;
      while (!/server ready/.test(server.output()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
      assert.match(server.output(), /server ready/);
      assert.match(server.output(), /REDIS_URL is set without PUBLIC_ADDRESS/);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });
});
