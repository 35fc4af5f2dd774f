/**
 * rooms/shared/msgpack-scan.ts: what it says decodes, msgpackr decodes (the
 * frame guard then lets Colyseus decode it instead of decoding it twice);
 * everything else it leaves to msgpackr.
 */
import assert from "node:assert/strict";
import { pack, unpack } from "msgpackr";
import { scanMsgpack } from "../../rooms/shared/msgpack-scan.js";
import { seedRng, nextFloat } from "../../src/games/shared/prng.js";

const scan = (bytes: Uint8Array) => scanMsgpack(bytes, 0, bytes.length);
const decodes = (bytes: Uint8Array) => {
  try {
    unpack(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Random plain data: what clients send (numbers, strings, lists, objects), nested a few levels. */
function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 7 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor(random() * 300) - 150;
    case 3:
      return Math.floor(random() * 2 ** 40) * (random() < 0.5 ? -1 : 1);
    case 4:
      return random() * 1e6;
    case 5:
      return "é😀x".repeat(Math.floor(random() * 40));
    case 6:
      return "p" + Math.floor(random() * 32);
    case 7:
      return Array.from({ length: Math.floor(random() * 20) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 20) }, (_, i) => [`k${i}${"_".repeat(Math.floor(random() * 40))}`, randomValue(random, depth + 1)]));
  }
}

describe("msgpack scan", () => {
  const rng = seedRng("msgpack-scan");
  const random = () => nextFloat(rng);

  it("says every packed plain value decodes, and each does", () => {
    for (let i = 0; i < 2_000; i++) {
      const bytes = pack(randomValue(random));
      assert.equal(scan(bytes), "decodes", `value ${i}: ${Buffer.from(bytes).toString("hex").slice(0, 80)}`);
      assert.ok(decodes(bytes));
    }
    // the seed-003 payloads themselves
    for (const payload of [{ piece_ids: ["p1", "p2"] }, { declaration: 3, player_name: "Alice" }, { last_sequence: 12 }, {}, [], 0, "", null]) {
      assert.equal(scan(pack(payload)), "decodes", JSON.stringify(payload));
    }
  });

  it("never says decodes for bytes msgpackr refuses: cut, extended, mutated or random", () => {
    let refused = 0;
    for (let i = 0; i < 4_000; i++) {
      const packed = pack(randomValue(random));
      const variants: Uint8Array[] = [
        packed.subarray(0, Math.floor(random() * packed.length)), // cut short
        Buffer.concat([packed, Buffer.from([Math.floor(random() * 256)])]), // a byte left over
        Uint8Array.from(Array.from({ length: 1 + Math.floor(random() * 24) }, () => Math.floor(random() * 256))), // noise
      ];
      const mutated = Uint8Array.from(packed);
      for (let m = 0; m < 3; m++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      variants.push(mutated);
      for (const bytes of variants) {
        if (bytes.length === 0) continue;
        const ok = decodes(bytes);
        if (!ok) refused++;
        if (scan(bytes) === "decodes") assert.ok(ok, `said decodes, msgpackr refused: ${Buffer.from(bytes).toString("hex").slice(0, 120)}`);
      }
    }
    assert.ok(refused > 1_000, `the variants exercised refusals (${refused})`);
  });

  it("leaves extensions, non-scalar map keys, the unused byte, deep nesting and leftovers to msgpackr", () => {
    const cases: Array<[string, Uint8Array]> = [
      ["a timestamp extension", pack(new Date(0))],
      ["fixext 1", Uint8Array.from([0xd4, 0x01, 0x00])],
      ["a map keyed by a list", Uint8Array.from([0x81, 0x91, 0x01, 0x02])],
      ["a map keyed by a map", Uint8Array.from([0x81, 0x80, 0x02])],
      ["a map keyed by binary", Uint8Array.from([0x81, 0xc4, 0x01, 0x61, 0x02])],
      ["0xc1", Uint8Array.from([0xc1])],
      ["100 nested lists", Uint8Array.from([...Array.from({ length: 100 }, () => 0x91), 0x01])],
      ["two values", Uint8Array.from([0x01, 0x02])],
      ["a string cut short", Uint8Array.from([0xa5, 0x61, 0x62])],
      ["an array32 claiming 2^32-1 items", Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01])],
    ];
    for (const [name, bytes] of cases) assert.equal(scan(bytes), "ask-msgpackr", name);
    assert.equal(decodes(Uint8Array.from([0x81, 0x91, 0x01, 0x02])), false, "msgpackr does refuse a list as an object key");
  });

  it("scans a window of a larger buffer (the payload after a frame's type)", () => {
    const payload = pack({ piece_ids: ["p3"] });
    const frame = Buffer.concat([Buffer.from([0x0d, 0xa4, 0x70, 0x6c, 0x61, 0x79]), payload]);
    assert.equal(scanMsgpack(frame, 6, frame.length), "decodes");
    assert.equal(scanMsgpack(frame, 6, frame.length - 1), "ask-msgpackr");
  });
});
