import assert from "node:assert/strict";
import { LocalDriver, initializeRoomCache, type IRoomCache } from "@colyseus/core";
import { IndexedLocalDriver } from "../../src/indexed-local-driver.js";
import { createPresence } from "../../src/presence.js";
import { nextFloat, seedRng } from "../../src/games/shared/prng.js";

function seededRandom(seed: number): () => number {
  const rng = seedRng(seed);
  return () => nextFloat(rng);
}

const NAMES = ["liap_tui", "card_battle", "chat"];

function listing(roomId: string, random: () => number): IRoomCache {
  return initializeRoomCache({
    roomId,
    name: NAMES[Math.floor(random() * NAMES.length)],
    processId: "node-a",
    clients: Math.floor(random() * 5),
    maxClients: 4,
    locked: random() < 0.5,
    private: random() < 0.2,
    ...(random() < 0.6 ? { metadata: { mode: random() < 0.5 ? "ranked" : "casual", tier: Math.floor(random() * 3) } } : {}),
  });
}

/** Conditions as Colyseus and our services write them: by id alone, by id and more, and without an id. */
function someConditions(ids: string[], random: () => number): Record<string, unknown> {
  const roomId = random() < 0.9 ? ids[Math.floor(random() * ids.length)] : "missing";
  switch (Math.floor(random() * 6)) {
    case 0:
      return { roomId };
    case 1:
      return { roomId, locked: false };
    case 2:
      return { roomId, mode: "ranked" };
    case 3:
      return { roomId, name: "card_battle", private: false, tier: 1 };
    case 4:
      return { locked: false, name: NAMES[Math.floor(random() * NAMES.length)], private: false };
    default:
      return { mode: "casual" };
  }
}

const idsOf = (listings: IRoomCache[]) => listings.map((l) => l.roomId);

describe("the indexed local matchmaking driver", () => {
  it("answers every lookup as Colyseus's LocalDriver does, through inserts, updates and removals", async () => {
    const random = seededRandom(20261127);
    const ours = new IndexedLocalDriver();
    const theirs = new LocalDriver();
    const ids: string[] = [];
    for (let step = 0; step < 4000; step++) {
      const roll = random();
      if (roll < 0.2 || ids.length === 0) {
        const roomId = `room${step}`;
        ids.push(roomId);
        const fresh = listing(roomId, random);
        const viaPersist = random() < 0.3;
        const a = viaPersist ? ours.persist({ ...fresh }, true) : await ours.insert({ ...fresh });
        const b = viaPersist ? theirs.persist({ ...fresh }, true) : await theirs.insert({ ...fresh });
        assert.equal(a, b);
      } else if (roll < 0.3) {
        // Colyseus removes a disposed room more than once; unknown ids too
        const roomId = random() < 0.8 ? ids[Math.floor(random() * ids.length)] : "missing";
        assert.equal(ours.remove(roomId), theirs.remove(roomId), `remove ${roomId}`);
      } else if (roll < 0.4) {
        const roomId = ids[Math.floor(random() * ids.length)];
        const [a] = ours.query({ roomId });
        const [b] = theirs.query({ roomId });
        if (a !== undefined && b !== undefined) {
          const change = { $set: { locked: random() < 0.5, clients: Math.floor(random() * 5) } };
          ours.update(a, change);
          theirs.update(b, change);
        }
      } else {
        const conditions = someConditions(ids, random);
        const sort = random() < 0.3 ? ({ clients: -1 } as const) : undefined;
        assert.deepEqual((await ours.findOne(conditions, sort))?.roomId, (await theirs.findOne(conditions, sort))?.roomId, JSON.stringify(conditions));
        assert.deepEqual(idsOf(ours.query(conditions, sort)), idsOf(theirs.query(conditions, sort)), JSON.stringify(conditions));
        const batch = [ids[Math.floor(random() * ids.length)], "missing", ids[Math.floor(random() * ids.length)]];
        // a map: the order of its keys is not part of the answer
        assert.deepEqual([...(await ours.findByIds(batch)).keys()].sort(), [...(await theirs.findByIds(batch)).keys()].sort());
      }
    }
    assert.deepEqual(idsOf(ours.query({})), idsOf(theirs.query({})));
    ours.clear();
    assert.equal(await ours.findOne({ roomId: ids[ids.length - 1] }), undefined);
  });

  it("finds a room by id, and ignores a repeated removal, without reading the list of rooms", async () => {
    const random = seededRandom(7);
    const driver = new IndexedLocalDriver();
    for (let i = 0; i < 100; i++) await driver.insert(listing(`room${i}`, random));
    await driver.insert({ ...listing("target", random), locked: false, metadata: { mode: "ranked" } });
    let listReads = 0;
    let list = driver.rooms;
    Object.defineProperty(driver, "rooms", {
      get: () => {
        listReads++;
        return list;
      },
      set: (value: IRoomCache[]) => {
        list = value;
      },
    });
    assert.equal((await driver.findOne({ roomId: "target" }))?.roomId, "target");
    assert.equal((await driver.findOne({ roomId: "target", locked: true })), undefined);
    assert.deepEqual(idsOf(driver.query({ roomId: "target", mode: "ranked" } as Partial<IRoomCache>)), ["target"]);
    assert.deepEqual([...(await driver.findByIds(["target", "nope"])).keys()], ["target"]);
    assert.equal(listReads, 0, "a lookup by id read the whole list");
    assert.equal(driver.remove("target"), true);
    const afterRemoval = listReads;
    assert.equal(driver.remove("target"), false);
    assert.equal(driver.remove("target"), false);
    assert.equal(listReads, afterRemoval, "a repeated removal scanned the list");
    assert.equal(await driver.findOne({ roomId: "target" }), undefined);
  });

  it("is the driver of a single node", () => {
    assert.ok(createPresence({}).driver instanceof IndexedLocalDriver);
  });
});
