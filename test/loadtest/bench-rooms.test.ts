/**
 * `npm run bench:rooms` at CI size: the bench server and generator processes
 * for real (pinned where taskset exists), the stock minimal room, then Liap
 * Tui. A loose guard against regressions on a noisy machine: the run fails
 * when our server CPU per action passes 3x the stock room's. The measured
 * figures live in BENCHMARKS.md.
 */
import assert from "node:assert/strict";
import { Protocol } from "@colyseus/core";
import { runBench, formatBench } from "../../loadtest/bench/bench.js";
import { WIRE_PROTOCOL } from "../../loadtest/wire-client.js";

/** Our CPU per action may be at most this many times the stock room's. */
const MAX_CPU_RATIO = 3;

describe("bench:rooms (CI size)", function () {
  this.timeout(90_000);

  it("the light client speaks the protocol codes of @colyseus/core", () => {
    for (const name of ["JOIN_ROOM", "ERROR", "LEAVE_ROOM", "ROOM_DATA", "ROOM_STATE", "ROOM_STATE_PATCH"] as const) {
      assert.equal(WIRE_PROTOCOL[name], Protocol[name], name);
    }
  });

  it(`measures the stock room and Liap Tui in one run, without errors, and our CPU per action stays within ${MAX_CPU_RATIO}x the stock room's`, async () => {
    const report = await runBench({
      scenarios: ["stock", "liap_tui"],
      clients: 80,
      rate: 2,
      rampUpSeconds: 1,
      durationSeconds: 5,
      port: 0,
      serverNodeArgs: [],
      serverEnv: {},
      pin: true,
      seed: "ci",
      log: () => undefined,
    });
    const summary = formatBench(report);
    const [stock, liap] = report.phases;
    for (const phase of [stock!, liap!]) {
      assert.equal(phase.errors, 0, `${phase.scenario}: ${JSON.stringify(phase.errors_by_category)} ${phase.error_samples.join("; ")}`);
      assert.equal(phase.disconnects, 0, phase.scenario);
      assert.equal(phase.clients, 80, phase.scenario);
      assert.ok(phase.actions_in_window > 0 && phase.action_to_patch_ms.count > 0, `${phase.scenario} acted and saw its actions in patches`);
      assert.ok(phase.server_cpu_us_per_action > 0, phase.scenario);
    }
    const ratio = report.cpu_ratio_to_stock.liap_tui!;
    assert.ok(ratio <= MAX_CPU_RATIO, `Liap Tui costs ${ratio}x the stock room's server CPU per action (limit ${MAX_CPU_RATIO}x)\n${summary}`);
  });
});
