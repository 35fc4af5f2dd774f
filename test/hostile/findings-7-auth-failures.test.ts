/**
 * Finding 7: password guessing on the monitor and the lobby admin surface is
 * limited per client address and per user name (429 once over the limit,
 * even for the right password), and production refuses short passwords.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { ConfigError, loadConfig } from "../../src/config.js";
import { mountLobby } from "../../src/http/lobby/index.js";
import { startTestServer } from "../support/server.js";
import type { RunningServer } from "../../src/server.js";
import { send } from "./findings-support.js";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("hostile finding 7: basic-auth failures are limited and logged; production needs long passwords", function () {
  this.timeout(90_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer(
      {
        MONITOR_USER: "ops",
        MONITOR_PASSWORD: "monitor-password-long",
        ADMIN_USERNAME: "root",
        ADMIN_PASSWORD: "admin-password-long",
        AUTH_FAILURES_PER_MINUTE: "3",
        TRUSTED_PROXIES: "127.0.0.1,::1",
      },
      { routers: [mountLobby] },
    );
  });
  after(async () => {
    await server?.stop();
  });

  const surfaces = [
    { name: "monitor", path: "/colyseus/", user: "ops", password: "monitor-password-long" },
    { name: "lobby admin", path: "/api/v1/admin/games", user: "root", password: "admin-password-long" },
  ];

  for (const surface of surfaces) {
    it(`${surface.name}: an address over the failure limit is refused, even with the right password`, async () => {
      const from = { "x-forwarded-for": "203.0.113.7" };
      for (let i = 0; i < 3; i++) {
        // a different user name each time: only the address accumulates failures
        assert.equal((await send(`${server.url}${surface.path}`, "GET", undefined, { ...from, authorization: basic(`guess-${i}`, `guess-${i}`) })).status, 401);
      }
      const locked = await send(`${server.url}${surface.path}`, "GET", undefined, { ...from, authorization: basic(surface.user, surface.password) });
      assert.equal(locked.status, 429);
      // another address with the right password is let in (the user name has not reached its limit)
      const other = await send(`${server.url}${surface.path}`, "GET", undefined, { "x-forwarded-for": "203.0.113.8", authorization: basic(surface.user, surface.password) });
      assert.notEqual(other.status, 429);
      assert.notEqual(other.status, 401);
    });

    it(`${surface.name}: a user name over the failure limit is refused from every address`, async () => {
      const victim = `${surface.user}-x`;
      for (let i = 0; i < 3; i++) {
        const from = { "x-forwarded-for": `198.51.100.${i + 1}` };
        assert.equal((await send(`${server.url}${surface.path}`, "GET", undefined, { ...from, authorization: basic(victim, randomUUID()) })).status, 401);
      }
      const next = await send(`${server.url}${surface.path}`, "GET", undefined, { "x-forwarded-for": "198.51.100.99", authorization: basic(victim, "whatever") });
      assert.equal(next.status, 429);
    });
  }

  it("production refuses monitor and admin passwords under 12 characters", () => {
    const base = { NODE_ENV: "production", JWT_SECRET: "p".repeat(40), DATA_DIR: ":memory:" };
    const names = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.map((p) => p.variable);
      }
    };
    assert.deepEqual(names({ MONITOR_USER: "ops", MONITOR_PASSWORD: "short-pass1" }), ["MONITOR_PASSWORD"]);
    assert.deepEqual(names({ ADMIN_USERNAME: "root", ADMIN_PASSWORD: "short-pass1" }), ["ADMIN_PASSWORD"]);
    assert.deepEqual(names({ MONITOR_USER: "ops", MONITOR_PASSWORD: "twelve-chars", ADMIN_USERNAME: "root", ADMIN_PASSWORD: "twelve-chars" }), []);
  });
});
