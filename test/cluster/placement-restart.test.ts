/**
 * A server started right after another one in the same process (tests, or an
 * embedding that restarts its server) can place rooms at once: its own load
 * counts as live before Colyseus first persists it (its persist is throttled
 * to about once a second across servers of one process).
 */
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { liveProcessLoads } from "../../src/cluster/placement.js";
import { startTestServer } from "../support/server.js";

describe("room placement right after a restart in the same process", function () {
  this.timeout(30_000);

  it("counts this process as live at once, so the first create does not answer capacity_exceeded", async () => {
    const first = await startTestServer();
    await matchMaker.createRoom("liap_tui", {});
    await first.stop();

    const second = await startTestServer();
    try {
      // the state a restarted server is in until its throttled first persist: no record of this process yet
      await matchMaker.stats.excludeProcess(matchMaker.processId);
      const loads = await liveProcessLoads();
      const own = loads.find((load) => load.processId === matchMaker.processId);
      assert.ok(own !== undefined, `this process is among the live loads: ${JSON.stringify(loads)}`);
      assert.equal(own.roomCount, 0, "the new server's own count, not the old one's");
      const room = await matchMaker.createRoom("liap_tui", {});
      assert.ok(room.roomId.length > 0);
    } finally {
      await second.stop();
    }
  });
});
