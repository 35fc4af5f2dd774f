/** `npm run codegen` output is committed in client/generated: regenerating must give exactly the same files. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./run-example.js";

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe("client/generated (npm run codegen)", function () {
  this.timeout(60_000);

  it("is what schema-codegen makes of schema/ today (run `npm run codegen` after changing a schema)", () => {
    const scratch = mkdtempSync(join(tmpdir(), "codegen-"));
    try {
      const run = spawnSync(process.execPath, ["scripts/codegen.mjs", scratch], { cwd: ROOT, encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const committed = join(ROOT, "client/generated");
      assert.deepEqual(files(committed), files(scratch), "the committed files are not the generated set");
      for (const file of files(scratch)) {
        assert.equal(readFileSync(join(committed, file), "utf8"), readFileSync(join(scratch, file), "utf8"), `client/generated/${file} is stale`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
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
