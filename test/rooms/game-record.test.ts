/**
 * rooms/shared/game-record.ts: a room's record of its game gives back its
 * steps and, read from them, every accepted action in order; past its cap it
 * keeps only the actions (the result still lists them all) and does not build
 * the steps it would not keep.
 */
import assert from "node:assert/strict";
import { GameRecord } from "../../rooms/shared/game-record.js";

type Action = { type: "play"; n: number };

const step = (action: Action | null, i: number) => ({ action, sequence: i, at: 1_764_000_000_000 + i, timer: { deadline: i } });

describe("GameRecord (a room's steps, and its actions read from them)", () => {
  it("gives back the steps and the accepted actions in order (the start is no action)", () => {
    const record = new GameRecord<Action>();
    record.add(null, () => step(null, 0));
    for (let i = 1; i <= 100; i++) record.add({ type: "play", n: i }, () => step({ type: "play", n: i }, i));
    const { steps, actions } = record.read();
    assert.equal(steps.length, 101);
    assert.deepEqual(steps[7], step({ type: "play", n: 7 }, 7));
    assert.deepEqual(actions, Array.from({ length: 100 }, (_, i) => ({ type: "play", n: i + 1 })));
  });

  it("past its cap keeps the actions only, and builds no more steps", () => {
    const record = new GameRecord<Action>(10);
    let built = 0;
    record.add(null, () => (built++, step(null, 0)));
    for (let i = 1; i <= 30; i++) record.add({ type: "play", n: i }, () => (built++, step({ type: "play", n: i }, i)));
    const { steps, actions } = record.read();
    assert.equal(steps.length, 11, "the cap and one: a record over the cap, which is not stored");
    assert.equal(built, 11);
    assert.deepEqual(actions.map((a) => a.n), Array.from({ length: 30 }, (_, i) => i + 1), "every action, those past the cap too");
  });
});
