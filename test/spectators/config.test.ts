/** SPECTATOR_LIMIT: default, range, and a bad value named at start. */
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("spectators: SPECTATOR_LIMIT", () => {
  it("defaults to 16 and reads 0 to 1000", () => {
    assert.equal(loadConfig({}).spectatorLimit, 16);
    assert.equal(loadConfig({ SPECTATOR_LIMIT: "0" }).spectatorLimit, 0);
    assert.equal(loadConfig({ SPECTATOR_LIMIT: "1000" }).spectatorLimit, 1000);
  });

  for (const bad of ["-1", "1001", "2.5", "many"]) {
    it(`refuses SPECTATOR_LIMIT="${bad}" naming the variable`, () => {
      assert.throws(() => loadConfig({ SPECTATOR_LIMIT: bad }), (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.variable === "SPECTATOR_LIMIT"));
    });
  }
});
