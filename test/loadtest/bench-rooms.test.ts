/**
 * `npm run bench:rooms` at CI size: the bench server and generator processes
 * for real (pinned where taskset exists), the stock minimal room, then Liap
 * Tui, each after 5 s of unmeasured warm-up (a cold code path's compilation
 * is not a cost per action). A loose guard against regressions on a noisy machine: the run fails
 * when our server CPU per action passes 3x the stock room's. At this size one
 * run's ratio moves between about 1.9x and 3.2x on this machine, so a run over
 * the limit is measured once more, and the test fails only when both are over
 * it (a regression is over it every time). The measured figures live in
 * BENCHMARKS.md.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Protocol } from "@colyseus/core";
import { benchDatabase, runBench, formatBench, sentAt } from "../../loadtest/bench/bench.js";
import { WIRE_PROTOCOL } from "../../loadtest/wire-client.js";

/** Our CPU per action may be at most this many times the stock room's. */
const MAX_CPU_RATIO = 3;

/** The bench runs' data directories now in the temporary folder. */
function benchDataDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("bench-pglite-")).sort();
}

describe("bench:rooms (CI size)", function () {
  this.timeout(150_000);

  it("the light client speaks the protocol codes of @colyseus/core", () => {
    for (const name of ["JOIN_ROOM", "ERROR", "LEAVE_ROOM", "ROOM_DATA", "ROOM_STATE", "ROOM_STATE_PATCH"] as const) {
      assert.equal(WIRE_PROTOCOL[name], Protocol[name], name);
    }
  });

  it("counts the actions sent at the window's own edges, between the once-a-second readings", () => {
    const series = [
      { at: 1_000, sent: 0 },
      { at: 2_000, sent: 160 },
      { at: 3_000, sent: 320 },
    ];
    assert.equal(sentAt(series, 1_500), 80);
    assert.equal(sentAt(series, 2_750), 280);
    assert.equal(sentAt(series, 500), 0, "before the first reading");
    assert.equal(sentAt(series, 3_500), 320, "after the last reading");
    assert.equal(sentAt([], 1_000), 0);
  });

  it("runs the server on the embedded default (PGlite on disk) unless told otherwise", () => {
    assert.equal(benchDatabase({ serverEnv: {} }), "embedded (PGlite on disk)");
    assert.equal(benchDatabase({ serverEnv: {}, dataDir: ":memory:" }), "embedded (PGlite in memory)");
    assert.equal(benchDatabase({ serverEnv: { DATABASE_URL: "postgres://x@127.0.0.1/db" }, dataDir: ":memory:" }), "postgresql");
  });

  it("a bench stopped by SIGINT or SIGTERM mid-run stops its server and removes its data directory", async function () {
    this.timeout(240_000);
    const benchServers = () => (spawnSync("pgrep", ["-f", "bench-server.js"], { encoding: "utf8" }).stdout ?? "").split("\n").filter((line) => line !== "");
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const dirsBefore = benchDataDirs();
      const serversBefore = benchServers();
      const bench = spawn(process.execPath, ["--import", "tsx", "loadtest/bench/cli.ts", "--rooms", "stock", "--clients", "8", "--rate", "1", "--ramp-up", "1", "--duration", "120", "--warm-up", "0"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => bench.once("exit", (code) => resolve(code)));
      // the phase has begun once the bench names it: the server is up and its directory exists
      await new Promise<void>((resolve, reject) => {
        let log = "";
        bench.stderr!.on("data", (chunk: Buffer) => {
          log += chunk.toString();
          if (log.includes("bench: stock: 8 clients")) resolve();
        });
        void exited.then((code) => reject(new Error(`the bench exited (${code}) before its phase began:\n${log}`)));
      });
      assert.equal(benchDataDirs().length, dirsBefore.length + 1, "the run has a data directory of its own");
      bench.kill(signal);
      assert.equal(await exited, signal === "SIGINT" ? 130 : 143);
      assert.deepEqual(benchDataDirs(), dirsBefore, `${signal}: the run's data directory is removed`);
      assert.deepEqual(benchServers(), serversBefore, `${signal}: the bench server is stopped`);
    }
  });

  it(`measures the stock room and Liap Tui in one run, without errors, and our CPU per action stays within ${MAX_CPU_RATIO}x the stock room's`, async function () {
    this.timeout(300_000);
    const measure = async () => {
      const dataDirsBefore = benchDataDirs();
      // a DATABASE_URL this process exports must not reach the bench server (it names no reachable server here)
      const exported = process.env.DATABASE_URL;
      process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/unreachable";
      const report = await runBench({
        scenarios: ["stock", "liap_tui"],
        clients: 80,
        rate: 2,
        thinkJitter: 0.5,
        rampUpSeconds: 1,
        // a 12 s window: at this size a 5 s one put the ratio anywhere from 1.9x to 3.1x from run to run
        durationSeconds: 12,
        warmUpSeconds: 5,
        port: 0,
        serverNodeArgs: [],
        serverEnv: {},
        pin: true,
        seed: "ci",
        log: () => undefined,
      }).finally(() => {
        if (exported === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = exported;
      });
      const [stock, liap] = report.phases;
      assert.deepEqual(report.warm_up_phases.map((p) => p.scenario), ["stock", "liap_tui"]);
      // the server measured is the compiled JavaScript production runs, not tsx's transpilation
      assert.equal(report.server.script, join("dist-bench", "loadtest", "bench", "bench-server.js"));
      // stored as npm start stores (on disk, in a directory of the run's own, gone with the server)
      assert.equal(report.server.database, "embedded (PGlite on disk)");
      assert.deepEqual(benchDataDirs(), dataDirsBefore, "the run's data directory is removed");
      for (const phase of [...report.warm_up_phases, stock!, liap!]) {
        assert.equal(phase.errors, 0, `${phase.scenario}: ${JSON.stringify(phase.errors_by_category)} ${phase.error_samples.join("; ")}`);
        assert.equal(phase.disconnects, 0, phase.scenario);
        assert.equal(phase.clients, 80, phase.scenario);
        assert.ok(phase.actions_in_window > 0 && phase.action_to_patch_ms.count > 0, `${phase.scenario} acted and saw its actions in patches`);
        assert.ok(phase.server_cpu_us_per_action > 0, phase.scenario);
      }
      // the allocation count is read for the measured phases (not the warm-ups' windows), and a game allocates more per action than one field's change
      for (const phase of [stock!, liap!]) assert.ok((phase.server_heap_allocated_kb_per_action ?? 0) > 0, `${phase.scenario} heap allocation read`);
      assert.ok((report.allocation_ratio_to_stock.liap_tui ?? 0) > 1, `Liap Tui allocates more per action than the stock room: ${formatBench(report)}`);
      return { ratio: report.cpu_ratio_to_stock.liap_tui!, summary: formatBench(report) };
    };
    const first = await measure();
    if (first.ratio <= MAX_CPU_RATIO) return;
    // over the limit once: measured again, so that one noisy run does not fail the build, and a regression still does
    const second = await measure();
    assert.ok(
      second.ratio <= MAX_CPU_RATIO,
      `Liap Tui costs ${first.ratio}x and then ${second.ratio}x the stock room's server CPU per action (limit ${MAX_CPU_RATIO}x)\n${first.summary}\n${second.summary}`,
    );
  });
});
