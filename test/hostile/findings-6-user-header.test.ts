/**
 * Finding 6: X-User-ID is not trusted by default; when trusted, only from the
 * configured gateway; production refuses unrestricted trust; the shipped
 * nginx configuration strips the header.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError, loadConfig } from "../../src/config.js";
import { mountLobby } from "../../src/http/lobby/index.js";
import { startTestServer } from "../support/server.js";
import type { RunningServer } from "../../src/server.js";
import { send } from "./findings-support.js";

const GATEWAY_SECRET = "gateway-secret-for-hostile-6";
const MY_GAMES = "/api/v1/user/lobby/my/games";

describe("hostile finding 6: X-User-ID only from a configured gateway", function () {
  this.timeout(90_000);

  it("is ignored by default (a bare header is no identity)", async () => {
    const server = await startTestServer({}, { routers: [mountLobby] });
    try {
      const reply = await send(`${server.url}${MY_GAMES}`, "GET", undefined, { "x-user-id": randomUUID() });
      assert.equal(reply.status, 401);
      assert.equal(reply.body.error.code, "unauthorized");
    } finally {
      await server.stop();
    }
  });

  it("when trusted, is accepted only with the gateway's secret", async () => {
    let server: (RunningServer & { url: string }) | undefined;
    try {
      server = await startTestServer({ LOBBY_TRUST_USER_HEADER: "true", LOBBY_GATEWAY_SECRET: GATEWAY_SECRET }, { routers: [mountLobby] });
      const user = randomUUID();
      assert.equal((await send(`${server.url}${MY_GAMES}`, "GET", undefined, { "x-user-id": user })).status, 401);
      assert.equal((await send(`${server.url}${MY_GAMES}`, "GET", undefined, { "x-user-id": user, "x-gateway-secret": "wrong-secret-wrong" })).status, 401);
      assert.equal((await send(`${server.url}${MY_GAMES}`, "GET", undefined, { "x-user-id": user, "x-gateway-secret": GATEWAY_SECRET })).status, 200);
    } finally {
      await server?.stop();
    }
  });

  it("when trusted by address, only from the listed gateway addresses", async () => {
    const server = await startTestServer({ LOBBY_TRUST_USER_HEADER: "true", LOBBY_GATEWAY_ADDRESSES: "10.1.2.3,192.168.0.0/16" }, { routers: [mountLobby] });
    try {
      assert.equal((await send(`${server.url}${MY_GAMES}`, "GET", undefined, { "x-user-id": randomUUID(), "x-forwarded-for": "10.1.2.3" })).status, 401);
    } finally {
      await server.stop();
    }
  });

  it("production refuses to start with the header trusted and no gateway restriction", () => {
    const base = { NODE_ENV: "production", JWT_SECRET: "p".repeat(40), DATA_DIR: ":memory:" };
    assert.throws(
      () => loadConfig({ ...base, LOBBY_TRUST_USER_HEADER: "true" }),
      (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.variable === "LOBBY_TRUST_USER_HEADER"),
    );
    assert.equal(loadConfig({ ...base, LOBBY_TRUST_USER_HEADER: "true", LOBBY_GATEWAY_SECRET: GATEWAY_SECRET }).lobby.trustUserHeader, true);
  });

  it("the shipped nginx configuration strips X-User-ID from clients", () => {
    const conf = readFileSync(new URL("../../docker/nginx.conf", import.meta.url), "utf8");
    assert.match(conf, /proxy_set_header\s+X-User-ID\s+""\s*;/i);
  });
});
