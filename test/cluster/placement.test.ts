import assert from "node:assert/strict";
import { leastLoadedPlacement, pickProcess, type ProcessLoad } from "../../src/cluster/placement.js";
import { RecentPlacements } from "../../src/cluster/recent-placements.js";

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

describe("the rooms a node placed in the last moments", () => {
  /** What the placement hook used to compute: a scan of every placement still in the seat window. */
  const scan = (placed: ReadonlyArray<{ processId: string; at: number; seats: number }>, now: number) => {
    const sums = new Map<string, { rooms: number; seats: number }>();
    for (const p of placed) {
      if (p.at < now - 5_000) continue;
      const sum = sums.get(p.processId) ?? { rooms: 0, seats: 0 };
      if (p.at >= now - 2_000) sum.rooms++;
      sum.seats += p.seats;
      sums.set(p.processId, sum);
    }
    return sums;
  };

  it("counts each process's rooms of the last 2 s and seats of the last 5 s, as a scan of every placement would", () => {
    // a seeded walk: bursts and pauses, rooms with and without seats, on three processes
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const recent = new RecentPlacements(2_000, 5_000);
    const placed: Array<{ processId: string; at: number; seats: number }> = [];
    let now = 1_000_000;
    for (let i = 0; i < 20_000; i++) {
      now += random() < 0.01 ? Math.floor(random() * 8_000) : Math.floor(random() * 40);
      if (random() < 0.7) {
        const placement = { processId: ["a", "b", "c"][Math.floor(random() * 3)]!, at: now, seats: random() < 0.2 ? 0 : 4 };
        recent.add(placement.processId, placement.at, placement.seats);
        placed.push(placement);
      } else {
        const expected = scan(placed, now);
        const got = recent.pendingAt(now);
        for (const id of ["a", "b", "c"]) {
          const sum = got.get(id) ?? { rooms: 0, seats: 0 };
          assert.deepEqual({ rooms: sum.rooms, seats: sum.seats }, expected.get(id) ?? { rooms: 0, seats: 0 }, `${id} at step ${i}`);
        }
      }
    }
  });

  it("keeps only the placements still pending (and a bounded number of expired ones)", () => {
    const recent = new RecentPlacements(2_000, 5_000);
    let now = 0;
    for (let i = 0; i < 100_000; i++) {
      now += 10; // 100 creates a second: 500 in the seat window
      recent.add(i % 2 === 0 ? "a" : "b", now, 4);
      recent.pendingAt(now);
    }
    assert.ok(recent.size <= 500 + 1024 + 1, `kept ${recent.size}`);
    const a = recent.pendingAt(now).get("a")!;
    assert.deepEqual({ rooms: a.rooms, seats: a.seats }, { rooms: 100, seats: 1_000 });
    assert.equal(recent.pendingAt(now + 5_001).size, 0, "nothing pending once the seat window has passed");
  });
});
