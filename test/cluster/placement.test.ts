import assert from "node:assert/strict";
import { pickProcess } from "../../src/cluster/placement.js";

describe("room placement", () => {
  it("picks the live process with the fewest players, then the fewest rooms, below MAX_ROOMS", () => {
    const loads = [
      { processId: "a", roomCount: 1, ccu: 8 },
      { processId: "b", roomCount: 5, ccu: 2 },
      { processId: "c", roomCount: 3, ccu: 2 },
      { processId: "d", roomCount: 10, ccu: 0 },
    ];
    assert.equal(pickProcess(loads, 10)?.processId, "c", "d is full; b and c tie on players, c has fewer rooms");
    assert.equal(pickProcess(loads, 100)?.processId, "d");
    assert.equal(pickProcess(loads, 1), undefined, "every process full");
    assert.equal(pickProcess([], 10), undefined);
  });
});
