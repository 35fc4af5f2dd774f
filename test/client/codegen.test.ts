/**
 * `npm run codegen` output is committed in client/generated (and the play page's piece table in public/play):
 * regenerating must give exactly the same files.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./run-example.js";

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe("client/generated (npm run codegen)", function () {
  this.timeout(60_000);

  it("is what schema-codegen makes of schema/ today, with the rules' piece table (run `npm run codegen` after changing either)", () => {
    const scratch = mkdtempSync(join(tmpdir(), "codegen-"));
    const page = mkdtempSync(join(tmpdir(), "codegen-page-"));
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/codegen.mjs", scratch, page], { cwd: ROOT, encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const committed = join(ROOT, "client/generated");
      assert.deepEqual(files(committed), files(scratch), "the committed files are not the generated set");
      for (const file of files(scratch)) {
        assert.equal(readFileSync(join(committed, file), "utf8"), readFileSync(join(scratch, file), "utf8"), `client/generated/${file} is stale`);
      }
      assert.deepEqual(files(page), ["liap-tui-pieces.js"]);
      assert.equal(readFileSync(join(ROOT, "public/play/liap-tui-pieces.js"), "utf8"), readFileSync(join(page, "liap-tui-pieces.js"), "utf8"), "public/play/liap-tui-pieces.js is stale");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      rmSync(page, { recursive: true, force: true });
    }
  });

  it("gives integer fields integer types: exact in Dart, `number` in TypeScript", () => {
    const dart = readFileSync(join(ROOT, "client/generated/dart/LiapTuiPlayerState.dart"), "utf8");
    assert.match(dart, /int get score => /);
    assert.match(dart, /int get declared => /);
    const state = readFileSync(join(ROOT, "client/generated/dart/LiapTuiState.dart"), "utf8");
    assert.match(state, /int get deadline => /, "timer deadlines are whole epoch milliseconds");
    // the one fractional number: a timer's length in seconds (the display pauses last e.g. 1.5 s)
    const fractional = [...(state + dart).matchAll(/double get (\w+) => /g)].map((m) => m[1]);
    assert.deepEqual(fractional, ["timeout_seconds"], "no other numeric field of Liap Tui is fractional");
  });
});

describe("the generated Liap Tui piece table", () => {
  it("names every piece of the rules' deck by its id, with its rank, colour and points", async () => {
    // imported by path: the server's type check (the Docker image's check stage) runs without client/
    const table = pathToFileURL(join(ROOT, "client/generated/ts/LiapTuiPieces.ts")).href;
    const { LIAP_TUI_PIECES } = (await import(table)) as { LIAP_TUI_PIECES: Record<string, unknown> };
    const { DECK } = await import("../../src/games/liap-tui/index.js");
    assert.deepEqual(Object.values(LIAP_TUI_PIECES), DECK.map((p) => ({ ...p })));
    assert.equal(Object.keys(LIAP_TUI_PIECES).length, 32);
  });
});
