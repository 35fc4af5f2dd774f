/**
 * The generated TypeScript state classes against @colyseus/sdk: client/examples/typed-liap-tui-bot.ts type-checks
 * with them (`tsc -p client`), and, run, decodes the live state through them and plays a game to game_over.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { startTestServer } from "../support/server.js";
import { QUICK_GAME, ROOT, runExample } from "./run-example.js";

describe("typed TypeScript client (client/generated/ts + @colyseus/sdk)", function () {
  this.timeout(120_000);

  it("type-checks against @colyseus/sdk (tsc -p client)", () => {
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "client"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
  });

  it("decodes the room's state through the generated classes and plays to game_over", async () => {
    const server = await startTestServer();
    try {
      // run from client/ so tsx compiles with client/tsconfig.json (decorators as the generated classes need)
      const { code, output } = await runExample(["--import", "tsx", "examples/typed-liap-tui-bot.ts", server.url], { ROOM_OPTIONS: JSON.stringify(QUICK_GAME) }, join(ROOT, "client"));
      assert.equal(code, 0, output);
      assert.match(output, /^game over after [12] rounds: \{"ts-bot":/m, output);
      // the hand's ids resolve through the generated piece table (every round, each seat plays its whole hand)
      const plays = output.split("\n").filter((line) => line.startsWith("plays "));
      assert.ok(plays.length >= 2, output);
      const piece = "(GENERAL|ADVISOR|ELEPHANT|CHARIOT|HORSE|CANNON|SOLDIER) (RED|BLACK) \\(\\d+ points\\)";
      for (const line of plays) assert.match(line, new RegExp(`^plays ${piece}(, ${piece})*$`), line);
    } finally {
      await server.stop();
    }
  });
});
