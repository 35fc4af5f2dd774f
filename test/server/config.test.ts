import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, "expected a ConfigError");
    return error.problems.map((p) => p.variable);
  }
  assert.fail("configuration was accepted");
}

describe("configuration", () => {
  it("has working defaults for every setting", () => {
    const config = loadConfig({});
    assert.equal(config.port, 2567);
    assert.equal(config.host, "0.0.0.0");
    assert.ok(config.nodeName.length > 0);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, "./data");
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.transport, "ws");
    assert.equal(config.maxRooms, 1000);
    assert.deepEqual(config.internalApiKeys, []);
    assert.deepEqual(config.corsOrigins, []);
    assert.equal(config.monitor, undefined);
    assert.equal(config.logLevel, "info");
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "3000",
      HOST: "127.0.0.1",
      NODE_NAME: "game-server-1",
      PUBLIC_ADDRESS: "gs1.example.com",
      INTERNAL_ADDRESS: "node-a:2567",
      DATABASE_URL: "postgres://u:p@db:5432/game",
      REDIS_URL: "redis://redis:6379",
      JWT_SECRET: "x".repeat(32),
      INTERNAL_API_KEYS: "key-aaaaaaaaaaaaaaaa, key-bbbbbbbbbbbbbbbb",
      PLATFORM_URL: "http://api-server:3001",
      PLATFORM_API_KEY: "platform-key",
      MAX_ROOMS: "50",
      MONITOR_USER: "ops",
      MONITOR_PASSWORD: "pw",
      TRANSPORT: "uws",
      LOG_LEVEL: "debug",
      CORS_ORIGINS: "https://play.example.com,https://admin.example.com",
      SHUTDOWN_TIMEOUT_MS: "5000",
    });
    assert.equal(config.port, 3000);
    assert.equal(config.nodeName, "game-server-1");
    assert.equal(config.internalAddress, "node-a:2567");
    assert.deepEqual(config.internalApiKeys, ["key-aaaaaaaaaaaaaaaa", "key-bbbbbbbbbbbbbbbb"]);
    assert.deepEqual(config.monitor, { user: "ops", password: "pw" });
    assert.equal(config.transport, "uws");
    assert.equal(config.maxRooms, 50);
    assert.deepEqual(config.corsOrigins, ["https://play.example.com", "https://admin.example.com"]);
    assert.equal(config.shutdownTimeoutMs, 5000);
  });

  const badValues: Array<[string, string, Record<string, string>?]> = [
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["MAX_ROOMS", "0"],
    ["MAX_ROOMS", "1.5"],
    ["DATABASE_URL", "mysql://x/y"],
    ["DATABASE_URL", "not a url"],
    ["REDIS_URL", "http://redis:6379"],
    ["PLATFORM_URL", "ftp://x", { PLATFORM_API_KEY: "platform-key" }],
    ["TRANSPORT", "tcp"],
    ["LOG_LEVEL", "loud"],
    ["JWT_SECRET", "short"],
    ["INTERNAL_API_KEYS", "tiny"],
    ["SHUTDOWN_TIMEOUT_MS", "-1"],
    ["NODE_ENV", "staging"],
    ["INTERNAL_ADDRESS", "ws://node-a:2567"],
    ["INTERNAL_ADDRESS", "node-a:2567/"],
    ["INTERNAL_ADDRESS", "node-a:2567?x=1"],
  ];
  for (const [variable, value, others] of badValues) {
    it(`refuses ${variable}=${JSON.stringify(value)} naming the variable`, () => {
      assert.deepEqual(problemsOf({ ...others, [variable]: value }), [variable]);
    });
  }

  it("takes INTERNAL_ADDRESS as host:port, optionally with a path", () => {
    assert.equal(loadConfig({}).internalAddress, undefined);
    for (const address of ["node-a:2567", "10.0.0.5:2567/game", "[::1]:2567", "node-a"]) {
      assert.equal(loadConfig({ INTERNAL_ADDRESS: address }).internalAddress, address);
    }
  });

  it("names every bad variable at once", () => {
    assert.deepEqual(problemsOf({ PORT: "x", TRANSPORT: "y" }).sort(), ["PORT", "TRANSPORT"]);
  });

  it("needs the monitor user and password together", () => {
    assert.deepEqual(problemsOf({ MONITOR_USER: "ops" }), ["MONITOR_PASSWORD"]);
    assert.deepEqual(problemsOf({ MONITOR_PASSWORD: "pw" }), ["MONITOR_USER"]);
  });

  it("needs PLATFORM_API_KEY with PLATFORM_URL", () => {
    assert.deepEqual(problemsOf({ PLATFORM_URL: "http://rails:3001" }), ["PLATFORM_API_KEY"]);
  });

  it("refuses guest mode in production", () => {
    assert.deepEqual(problemsOf({ NODE_ENV: "production" }), ["JWT_SECRET"]);
    assert.equal(loadConfig({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32) }).env, "production");
  });
});
