/** client/examples/liap-tui-bot.mjs, run as a user would, plays a whole Liap Tui game against server bots. */
import assert from "node:assert/strict";
import { startTestServer } from "../support/server.js";
import { playerToken } from "../support/card-battle-client.js";
import { QUICK_GAME, runExample } from "./run-example.js";

const SECRET = "js-example-secret-js-example-secret-0123";

describe("client/examples/liap-tui-bot.mjs", function () {
  this.timeout(90_000);

  it("creates a room, fills it with bots and plays to game_over (guest mode)", async () => {
    const server = await startTestServer();
    try {
      const { code, output } = await runExample(["client/examples/liap-tui-bot.mjs", server.url], { ROOM_OPTIONS: JSON.stringify(QUICK_GAME) });
      assert.equal(code, 0, output);
      assert.match(output, /^room \S+$/m);
      assert.match(output, /^game over: \{"js-bot":-?\d+,"Bot 2":-?\d+,"Bot 3":-?\d+,"Bot 4":-?\d+\}$/m, output);
    } finally {
      await server.stop();
    }
  });

  it("plays with a JWT from TOKEN when the server verifies players", async () => {
    const server = await startTestServer({ JWT_SECRET: SECRET });
    try {
      const refused = await runExample(["client/examples/liap-tui-bot.mjs", server.url], { ROOM_OPTIONS: JSON.stringify(QUICK_GAME) });
      assert.notEqual(refused.code, 0, "without a token the server refuses to create the room");
      const token = await playerToken(SECRET, "player-js-example");
      const { code, output } = await runExample(["client/examples/liap-tui-bot.mjs", server.url], { ROOM_OPTIONS: JSON.stringify(QUICK_GAME), TOKEN: token });
      assert.equal(code, 0, output);
      assert.match(output, /^game over: /m);
    } finally {
      await server.stop();
    }
  });
});
