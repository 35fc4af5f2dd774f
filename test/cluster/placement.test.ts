import assert from "node:assert/strict";
import { leastLoadedPlacement, pickProcess, type ProcessLoad } from "../../src/cluster/placement.js";

const load = (processId: string, roomCount: number, ccu: number): ProcessLoad => ({ processId, roomCount, ccu });

describe("room placement", () => {
  it("picks the live process with the fewest players, then the fewest rooms, below MAX_ROOMS", () => {
    const loads = [load("a", 1, 8), load("b", 5, 2), load("c", 3, 2), load("d", 10, 0)];
    assert.equal(pickProcess(loads, 10)?.processId, "c", "d is full; b and c tie on players, c has fewer rooms");
    assert.equal(pickProcess(loads, 100)?.processId, "d");
    assert.equal(pickProcess(loads, 1), undefined, "every process full");
    assert.equal(pickProcess([], 10), undefined);
  });
});

describe("placing a burst of rooms", () => {
  /** The hook on process "a", over recorded loads that do not change; a's own room count is live, as in `liveProcessLoads`. */
  const hook = (loads: ProcessLoad[], clock: { now: number }, maxRooms = 100) => {
    let ownRooms = 0;
    const place = leastLoadedPlacement(maxRooms, {
      loads: async () => loads.map((l) => (l.processId === "a" ? { ...l, roomCount: l.roomCount + ownRooms } : { ...l })),
      now: () => clock.now,
      ownProcessId: () => "a",
    });
    return async (roomName: string) => {
      const chosen = await place(roomName);
      if (chosen === "a") ownRooms++;
      return chosen;
    };
  };

  it("counts the seats of rooms it just placed as players, so a burst reaches the node that has a few players already", async () => {
    const clock = { now: 1_000_000 };
    // players of an earlier game are still connected on c; the record does not yet hold the burst's rooms
    const place = hook([load("a", 0, 0), load("b", 0, 0), load("c", 1, 4)], clock);
    const chosen: string[] = [];
    for (let i = 0; i < 9; i++) chosen.push(await place("liap_tui"));
    assert.ok(chosen.slice(0, 5).includes("c"), `c gets one of the first five: ${chosen.join(", ")}`);
    // players once everyone is seated: c's 4 plus 4 per room placed
    const players = ["a", "b", "c"].map((id) => (id === "c" ? 4 : 0) + 4 * chosen.filter((c) => c === id).length);
    assert.ok(Math.max(...players) - Math.min(...players) <= 4, `players per node ${players.join(", ")} (${chosen.join(", ")})`);
  });

  it("stops counting those seats once their players had time to connect", async () => {
    const clock = { now: 1_000_000 };
    const place = hook([load("a", 0, 0), load("b", 0, 2)], clock);
    assert.equal(await place("card_battle"), "a");
    assert.equal(await place("card_battle"), "b", "a's new room will bring 4 players");
    clock.now += 10_000;
    assert.equal(await place("card_battle"), "a", "the record is what counts again");
  });

  it("adds no seats for rooms that run no game", async () => {
    const clock = { now: 1_000_000 };
    const place = hook([load("a", 0, 0), load("b", 0, 1)], clock);
    assert.equal(await place("chat"), "a");
    assert.equal(await place("chat"), "a");
  });

  it("spreads creates that run at the same time", async () => {
    const clock = { now: 1_000_000 };
    const place = hook([load("a", 0, 0), load("b", 0, 0), load("c", 0, 0)], clock);
    const chosen = await Promise.all([place("liap_tui"), place("liap_tui"), place("liap_tui")]);
    assert.deepEqual([...chosen].sort(), ["a", "b", "c"]);
  });

  it("refuses with 503 when rooms just placed fill the last node", async () => {
    const clock = { now: 1_000_000 };
    const place = hook([load("b", 1, 0)], clock, 2);
    assert.equal(await place("liap_tui"), "b");
    await assert.rejects(place("liap_tui"), (error: { code?: number; message?: string }) => error.code === 503 && /capacity_exceeded/.test(error.message ?? ""));
  });
});
