/**
 * The server's node flags (src/node-flags.ts) reach every way it is started:
 * `npm start`, `npm run start:prod`, docker/Dockerfile's CMD, and the room
 * benchmark's server (which must measure what production runs).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { serverNodeFlags } from "../../loadtest/bench/bench.js";
import { missingServerNodeFlags, ONE_CORE_NODE_FLAGS, SERVER_NODE_FLAGS, serverNodeFlagsFor } from "../../src/node-flags.js";

const ROOT = join(import.meta.dirname, "..", "..");

describe("the server's node flags", () => {
  it("sizes the young generation for a game server and holds the old generation to 1.5 times what is live", () => {
    assert.ok(SERVER_NODE_FLAGS.includes("--max-semi-space-size=64"));
    assert.ok(SERVER_NODE_FLAGS.includes("--heap-growing-percent=50"));
  });

  it("npm start, npm run start:prod, npm run dev and the Dockerfile's CMD pass them to node", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const name of ["start", "start:prod"]) {
      const words = scripts[name]!.split(/\s+/);
      assert.equal(words[0], "node", `${name} runs node itself: ${scripts[name]}`);
      for (const flag of SERVER_NODE_FLAGS) assert.ok(words.indexOf(flag) > 0 && words.indexOf(flag) < words.length - 1, `${name} passes ${flag}: ${scripts[name]}`);
    }
    // npm run dev: tsx watch hands the flags to the node it restarts
    const dev = scripts.dev!.split(/\s+/);
    assert.deepEqual(dev.slice(0, 2), ["tsx", "watch"], `dev runs tsx watch: ${scripts.dev}`);
    for (const flag of SERVER_NODE_FLAGS) assert.ok(dev.indexOf(flag) > 1 && dev.indexOf(flag) < dev.length - 1, `dev passes ${flag}: ${scripts.dev}`);
    const cmdLine = readFileSync(join(ROOT, "docker", "Dockerfile"), "utf8").split("\n").filter((line) => line.startsWith("CMD ")).at(-1)!;
    const cmd = JSON.parse(cmdLine.slice(4)) as string[];
    assert.equal(cmd[0], "node");
    for (const flag of SERVER_NODE_FLAGS) assert.ok(cmd.slice(1, -1).includes(flag), `the Dockerfile's CMD passes ${flag}: ${cmdLine}`);
  });

  it("a server that may use one core only also runs its garbage collector on its main thread", () => {
    assert.deepEqual(ONE_CORE_NODE_FLAGS, ["--single-threaded-gc"]);
    assert.deepEqual(serverNodeFlagsFor(1), [...SERVER_NODE_FLAGS, "--single-threaded-gc"]);
    assert.deepEqual(serverNodeFlagsFor(2), [...SERVER_NODE_FLAGS]);
    assert.deepEqual(serverNodeFlagsFor(64), [...SERVER_NODE_FLAGS]);
  });

  it("the benchmark's server gets them first (the one-core flags when pinned), so a run's own flag can override one", () => {
    assert.deepEqual(serverNodeFlags({ serverNodeArgs: ["--trace-gc"] }, true), [...SERVER_NODE_FLAGS, "--single-threaded-gc", "--trace-gc"]);
    assert.deepEqual(serverNodeFlags({ serverNodeArgs: [] }, false), [...serverNodeFlagsFor(availableParallelism())]);
  });

  it("names the flags a process was started without, from its command line and NODE_OPTIONS", () => {
    assert.deepEqual(missingServerNodeFlags([], undefined, 2), [...SERVER_NODE_FLAGS]);
    assert.deepEqual(missingServerNodeFlags([...SERVER_NODE_FLAGS, "--import", "tsx"], undefined, 2), []);
    assert.deepEqual(missingServerNodeFlags([], ` ${SERVER_NODE_FLAGS.join("  ")} --enable-source-maps`, 2), []);
    // node reads --max_semi_space_size=64 as the same flag
    assert.deepEqual(missingServerNodeFlags(SERVER_NODE_FLAGS.map((f) => f.replaceAll("-", "_").replace(/^__/, "--")), undefined, 2), []);
    assert.deepEqual(missingServerNodeFlags(["--max-semi-space-size=16"], undefined, 2), [...SERVER_NODE_FLAGS]);
    // on one core the single-threaded collector is owed too (node refuses it in NODE_OPTIONS: the command line carries it)
    assert.deepEqual(missingServerNodeFlags([...SERVER_NODE_FLAGS], undefined, 1), ["--single-threaded-gc"]);
    assert.deepEqual(missingServerNodeFlags([...SERVER_NODE_FLAGS, "--single_threaded_gc"], undefined, 1), []);
  });
});
