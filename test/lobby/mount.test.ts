/** `mountLobby` with the lobby settings of the server configuration: the first administrator, LOBBY_TRUST_USER_HEADER off, and bad settings stopping the start. */
import assert from "node:assert/strict";
import { mountLobby } from "../../src/http/lobby/index.js";
import { startTestServer } from "../support/server.js";
import { gameBody, JWT_SECRET, LobbyClient, newUser, tokenFor } from "./support/lobby-client.js";

describe("mountLobby with the lobby settings of the configuration", function () {
  this.timeout(30_000);

  it("creates the first administrator from ADMIN_USERNAME/ADMIN_PASSWORD and trusts only bearer tokens when LOBBY_TRUST_USER_HEADER is off", async () => {
    {
      const server = await startTestServer(
        { JWT_SECRET, LOBBY_TRUST_USER_HEADER: "false", ADMIN_USERNAME: "first", ADMIN_PASSWORD: "first-password" },
        { routers: [mountLobby] },
      );
      try {
        const api = new LobbyClient(server.url);
        assert.equal((await api.asAdmin({ user: "first", password: "first-password" }).get("/games")).status, 200);
        assert.equal((await api.asAdmin({ user: "first", password: "other-password" }).get("/games")).status, 401);

        const user = newUser();
        const headerOnly = await api.call("GET", "/api/v1/user/lobby/my/games", { user });
        assert.equal(headerOnly.status, 401, "X-User-ID alone is not trusted");
        const token = await tokenFor(user);
        assert.equal((await api.call("POST", "/api/v1/user/lobby/games", { bearer: token, body: gameBody() })).status, 201);
        assert.equal((await api.call("GET", "/api/v1/user/lobby/my/games", { bearer: token, user })).status, 200);
        assert.equal((await api.call("GET", "/api/v1/user/lobby/my/games", { bearer: token, user: newUser() })).status, 401);
      } finally {
        await server.stop();
      }
    }
  });

  it("stops the server from starting when a lobby variable is bad", async () => {
    await assert.rejects(startTestServer({ ADMIN_USERNAME: "lonely" }, { routers: [mountLobby] }), /ADMIN_PASSWORD/);
    await assert.rejects(startTestServer({ LOBBY_ROOM_CONFIG: "{not json" }, { routers: [mountLobby] }), /LOBBY_ROOM_CONFIG/);
  });
});
