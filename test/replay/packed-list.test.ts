/**
 * The rooms' record of actions and replay steps, kept packed outside the heap
 * (src/replay/packed-list.ts): every item comes back in order, as a copy,
 * across chunk boundaries (items split between two chunks too), and as plain
 * data; full chunks are kept deflated.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Packr } from "msgpackr";
import { PackedList } from "../../src/replay/packed-list.js";

interface Step {
  action: { type: string; pieces?: number[] } | null;
  sequence: number;
  at: number;
  timer: { kind: string; deadline: number } | null;
}

function step(i: number): Step {
  return {
    action: i === 0 ? null : { type: i % 3 === 0 ? "declare" : "play", pieces: [i % 32, (i * 7) % 32] },
    sequence: i * 2,
    at: 1_764_000_000_000 + i,
    timer: i % 5 === 0 ? null : { kind: "move", deadline: 1_764_000_030_000 + i },
  };
}

describe("PackedList (actions and replay steps kept packed outside the heap)", () => {
  it("is empty until something is pushed", () => {
    const list = new PackedList<Step>();
    assert.equal(list.length, 0);
    assert.deepEqual(list.toArray(), []);
  });

  for (const count of [1, 40, 60, 61, 120, 1_000, 5_000]) {
    it(`gives back ${count} items in order, across its chunks`, () => {
      const list = new PackedList<Step>();
      const pushed: Step[] = [];
      for (let i = 0; i < count; i++) {
        const item = step(i);
        pushed.push(structuredClone(item));
        list.push(item);
      }
      assert.equal(list.length, count);
      assert.deepEqual(list.toArray(), pushed);
    });
  }

  it("keeps each item as it was when pushed, and every read is a fresh copy", () => {
    const list = new PackedList<Step>();
    const item = step(1);
    list.push(item);
    item.action!.pieces!.push(31);
    item.sequence = 999;
    const first = list.toArray();
    assert.deepEqual(first, [step(1)]);
    first[0]!.sequence = 5;
    assert.deepEqual(list.toArray(), [step(1)], "a change to what was read is not in the next read");
    assert.notEqual(list.toArray()[0], list.toArray()[0]);
  });

  it("gives back plain data: null-prototype objects, big epoch numbers, fractions, unicode, an item larger than a chunk", () => {
    const list = new PackedList<Record<string, unknown>>();
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { type: "play", pieces: [3, 17] });
    const long = "é".repeat(3_000);
    list.push(nullProto);
    list.push({ at: 1_764_241_234_567, deadline: 2 ** 53 - 1, timeoutSeconds: 7.5, negative: -40_000, zero: 0, no: false, none: null });
    list.push({ text: long, nested: { list: [1, null, "x", { deep: [true] }] } });
    list.push({ after: "the long one" });
    const back = list.toArray();
    assert.deepEqual(back, [
      { type: "play", pieces: [3, 17] },
      { at: 1_764_241_234_567, deadline: 2 ** 53 - 1, timeoutSeconds: 7.5, negative: -40_000, zero: 0, no: false, none: null },
      { text: long, nested: { list: [1, null, "x", { deep: [true] }] } },
      { after: "the long one" },
    ]);
    assert.equal(Object.getPrototypeOf(back[0]), Object.prototype, "plain objects come back");
  });

  it("keeps its full chunks deflated: a game's steps take a fraction of their packed size", () => {
    const list = new PackedList<Step>();
    const packr = new Packr({ useRecords: false });
    let packed = 0;
    for (let i = 0; i < 1_000; i++) {
      packed += packr.pack(step(i)).length;
      list.push(step(i));
    }
    assert.ok(list.heldBytes < packed / 3, `holds ${list.heldBytes} bytes of ${packed} packed`);
    assert.deepEqual(list.toArray(), Array.from({ length: 1_000 }, (_, i) => step(i)));
  });

  it("gives back incompressible items exactly (chunks that deflate does not shrink)", () => {
    const list = new PackedList<{ noise: string }>();
    const items = Array.from({ length: 50 }, () => ({ noise: randomBytes(700).toString("latin1") }));
    for (const item of items) list.push(item);
    assert.ok(list.heldBytes > 50 * 700, "random bytes do not compress");
    assert.deepEqual(list.toArray(), items);
  });
});
