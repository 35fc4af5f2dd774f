/**
 * The rooms' record of actions and replay steps, kept as JSON text
 * (src/replay/json-list.ts): every item comes back in order, as a copy, across
 * chunk boundaries, and as a jsonb column would return it.
 */
import assert from "node:assert/strict";
import { JsonList } from "../../src/replay/json-list.js";

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

describe("JsonList (actions and replay steps kept as JSON text)", () => {
  it("is empty until something is pushed", () => {
    const list = new JsonList<Step>();
    assert.equal(list.length, 0);
    assert.deepEqual(list.toArray(), []);
  });

  for (const count of [1, 63, 64, 65, 128, 129, 1_000]) {
    it(`gives back ${count} items in order, across its chunks`, () => {
      const list = new JsonList<Step>();
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
    const list = new JsonList<Step>();
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

  it("returns what a jsonb column would: undefined keys dropped, strings escaped and restored", () => {
    const list = new JsonList<Record<string, unknown>>();
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { type: "play", piece: 3 });
    list.push({ type: "chat", text: 'quote " comma , bracket ] brace } \u2028 é', skipped: undefined });
    list.push(nullProto);
    list.push({ nested: { list: [1, null, "x"] } });
    assert.deepEqual(list.toArray(), [{ type: "chat", text: 'quote " comma , bracket ] brace } \u2028 é' }, { type: "play", piece: 3 }, { nested: { list: [1, null, "x"] } }]);
  });
});
