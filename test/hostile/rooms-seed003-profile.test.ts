/**
 * The `seed003` wire profile (join option `protocol: "seed003"`) sends every
 * event exactly as the room did before the native profile existed: the
 * recorded game of test/hostile/fixtures/liap-tui-seed003-game.json (recorded
 * from the room before that change) replays to the same JSON text, message
 * for message (times and generated ids replaced by placeholders).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { recordSeed003Game } from "./support-liap-record.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/liap-tui-seed003-game.json", import.meta.url), "utf8")) as { alice: string[]; bob: string[] };

describe("hostile/rooms: the seed003 profile is byte-for-byte the recorded protocol", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.stop());

  it("replays the recorded seeded game to the same JSON for both humans", async () => {
    const now = await recordSeed003Game(`ws://127.0.0.1:${server.port}`);
    for (const who of ["alice", "bob"] as const) {
      const first = now[who].findIndex((line, i) => line !== fixture[who][i]);
      assert.equal(first, -1, `${who}: message ${first} differs:\n got      ${now[who][first]}\n recorded ${fixture[who][first]}`);
      assert.equal(now[who].length, fixture[who].length, `${who}: as many messages as recorded`);
    }
  });
});
