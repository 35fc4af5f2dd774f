import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVER_NODE_FLAGS, serverNodeFlagsFor } from "../../src/node-flags.js";
import { freePort, waitFor } from "../support/net.js";
import { spawnServer, type ServerProcess } from "../support/process.js";
import { TEST_REDIS_URL } from "../support/services.js";
import { cpuQuotaCgroup } from "../support/cgroup.js";

/** Waits for /readyz to answer 200 from a spawned server. */
async function waitReady(port: number, proc: ServerProcess): Promise<void> {
  await waitFor(
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return res.status === 200;
    },
    30_000,
    `server ready on port ${port}; output so far:\n${proc.output()}`,
  );
}

/** Sends SIGTERM and returns the exit code, failing if the process hangs. */
async function terminate(proc: ServerProcess): Promise<number | string> {
  proc.child.kill("SIGTERM");
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("hung"), 15_000));
  const code = await Promise.race([proc.exited, timeout]);
  if (code === "hung") proc.child.kill("SIGKILL");
  return code;
}

describe("the real server process", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "game-server-"));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("starts on embedded defaults from an empty data folder, turns ready, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const dataDir = tempDir();
    const proc = spawnServer({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "development" });
    try {
      await waitReady(port, proc);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: "ok" });
      assert.match(proc.output(), /"database":"pglite"/);
      assert.match(proc.output(), /"presence":"local"/);
      assert.doesNotMatch(proc.output(), /started without the server's node flags/, "npm start's flags reach the process");
      assert.ok(readdirSync(join(dataDir, "pglite")).length > 0, "PGlite stored its files in DATA_DIR");
    } finally {
      const code = await terminate(proc);
      assert.equal(code, 0, `exit code; output:\n${proc.output()}`);
    }
    assert.match(proc.output(), /shutdown complete/);
  });

  it("restarts on the same data folder (migrations already applied)", async () => {
    const port = await freePort();
    const dataDir = tempDir();
    for (let i = 0; i < 2; i++) {
      // the second start as an operator's bare `node dist/src/main.js` would: it runs, and says what it lacks
      const proc = spawnServer({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir }, i === 0 ? undefined : []);
      await waitReady(port, proc);
      assert.equal(await terminate(proc), 0, proc.output());
      if (i === 1) assert.match(proc.output(), /"missing":\["--max-semi-space-size=64","--heap-growing-percent=50"\].*started without the server's node flags/);
    }
  });

  it("on one core, says it lacks the single-threaded garbage collector until it is started with it", async () => {
    const port = await freePort();
    for (const flags of [SERVER_NODE_FLAGS, serverNodeFlagsFor(1)]) {
      const proc = spawnServer({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: ":memory:" }, flags, { oneCore: true });
      await waitReady(port, proc);
      assert.equal(await terminate(proc), 0, proc.output());
      if (flags === SERVER_NODE_FLAGS) assert.match(proc.output(), /"missing":\["--single-threaded-gc"\],"cores":1,.*started without the server's node flags/);
      else assert.doesNotMatch(proc.output(), /started without the server's node flags/, proc.output());
    }
  });

  it("in a cgroup limited to one CPU (a container's --cpus=1), says it lacks the single-threaded garbage collector", async () => {
    const cgroup = cpuQuotaCgroup(`game-server-test-${process.pid}`, 1);
    // required, like the PostgreSQL and Redis suites: CI's machine lets root make a cgroup with a CPU quota
    assert.ok(cgroup !== undefined, "could not make a cgroup with a CPU quota: this test needs root and cgroup v1's cpu controller or cgroup v2 with cpu enabled");
    try {
      const port = await freePort();
      for (const flags of [SERVER_NODE_FLAGS, serverNodeFlagsFor(1)]) {
        const proc = spawnServer({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: ":memory:" }, flags, { cgroup: cgroup.dir });
        await waitReady(port, proc);
        assert.equal(await terminate(proc), 0, proc.output());
        if (flags === SERVER_NODE_FLAGS) assert.match(proc.output(), /"missing":\["--single-threaded-gc"\],"cores":1,.*started without the server's node flags/);
        else assert.doesNotMatch(proc.output(), /started without the server's node flags/, proc.output());
      }
    } finally {
      cgroup.remove();
    }
  });

  it("starts with Redis presence when REDIS_URL is set", async () => {
    const port = await freePort();
    const proc = spawnServer({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: ":memory:", REDIS_URL: TEST_REDIS_URL });
    try {
      await waitReady(port, proc);
      assert.match(proc.output(), /"presence":"redis"/);
    } finally {
      assert.equal(await terminate(proc), 0, proc.output());
    }
  });

  const badStarts: Array<[string, Record<string, string>, RegExp]> = [
    ["a port that is not a number", { PORT: "not-a-port" }, /PORT: must be a whole number/],
    ["an unknown transport", { TRANSPORT: "carrier-pigeon" }, /TRANSPORT: must be "ws" or "uws"/],
    ["a Redis URL of the wrong scheme", { REDIS_URL: "http://localhost:6379" }, /REDIS_URL: must use redis: or rediss:/],
    ["guest mode in production", { NODE_ENV: "production" }, /JWT_SECRET: is required in production/],
    ["TRANSPORT=uws without uWebSockets.js installed", { TRANSPORT: "uws" }, /uWebSockets\.js, which is not installed/],
  ];
  for (const [what, env, message] of badStarts) {
    it(`refuses to start with ${what}, naming the problem`, async () => {
      const proc = spawnServer({ PORT: String(await freePort()), HOST: "127.0.0.1", DATA_DIR: ":memory:", ...env });
      const code = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r("still running"), 20_000))]);
      if (code === "still running") proc.child.kill("SIGKILL");
      assert.equal(code, 1, proc.output());
      assert.match(proc.output(), message);
    });
  }
});
