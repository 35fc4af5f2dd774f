/** The lobby answers 503 `service_unavailable` when its start-up work (engine versions, first administrator) failed. */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import express from "express";
import { pino } from "pino";
import { adminLobbyRoutes } from "../../src/http/lobby/admin.js";
import { userLobbyRoutes } from "../../src/http/lobby/user.js";
import type { Lobby } from "../../src/lobby/lobby.js";

describe("lobby start-up failure", () => {
  it("answers 503 service_unavailable on both surfaces", async () => {
    const ready = Promise.reject(new Error("database unreachable"));
    ready.catch(() => {});
    const lobby = { ready } as unknown as Lobby;
    const logger = pino({ level: "silent" });
    const app = express();
    app.use(userLobbyRoutes({ lobby, identity: { trustUserHeader: true }, logger }));
    app.use(adminLobbyRoutes(lobby, logger));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ["/api/v1/user/lobby/my/games", "/api/v1/admin/games"]) {
        const res = await fetch(base + path, { headers: { "X-User-ID": "0b6f2f8e-8d7c-4f5e-9a51-1f2d3c4b5a69" } });
        assert.equal(res.status, 503, path);
        assert.deepEqual(await res.json(), { error: { code: "service_unavailable", message: "the lobby is not available: its start-up failed" } });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
