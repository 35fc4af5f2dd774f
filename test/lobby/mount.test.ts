/** `mountLobby` from the environment: the first administrator, LOBBY_TRUST_USER_HEADER off, and bad settings stopping the start. */
import assert from "node:assert/strict";
import { mountLobby } from "../../src/http/lobby/index.js";
import { startTestServer } from "../support/server.js";
import { gameBody, JWT_SECRET, LobbyClient, newUser, tokenFor } from "./support/lobby-client.js";

const VARIABLES = ["LOBBY_TRUST_USER_HEADER", "ADMIN_USERNAME", "ADMIN_PASSWORD", "LOBBY_ROOM_CONFIG"] as const;

/** Runs `work` with the lobby variables set as given (and the others unset), restoring them after. */
async function withEnv<T>(values: Partial<Record<(typeof VARIABLES)[number], string>>, work: () => Promise<T>): Promise<T> {
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe("mountLobby with settings from the environment", function () {
  this.timeout(30_000);

  it("creates the first administrator from ADMIN_USERNAME/ADMIN_PASSWORD and trusts only bearer tokens when LOBBY_TRUST_USER_HEADER is off", async () => {
    await withEnv({ LOBBY_TRUST_USER_HEADER: "false", ADMIN_USERNAME: "first", ADMIN_PASSWORD: "first-password" }, async () => {
      const server = await startTestServer({ JWT_SECRET }, { routers: [mountLobby] });
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
    });
  });

  it("stops the server from starting when a lobby variable is bad", async () => {
    await withEnv({ ADMIN_USERNAME: "lonely" }, async () => {
      await assert.rejects(startTestServer({}, { routers: [mountLobby] }), /ADMIN_PASSWORD/);
    });
  });
});
