/**
 * rooms/shared/deadline-timer.ts on real timers: due at its deadline, moved
 * later without a new native timer, moved earlier or cleared at once.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { DeadlineTimer } from "../../rooms/shared/deadline-timer.js";

/** Counts the native timers set and cleared while `work` runs. */
async function countingTimers<T>(work: () => Promise<T>): Promise<{ result: T; set: number; cleared: number }> {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  let set = 0;
  let cleared = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof realSet>) => {
    set++;
    return realSet(...args);
  }) as typeof realSet;
  globalThis.clearTimeout = ((handle: Parameters<typeof realClear>[0]) => {
    cleared++;
    realClear(handle);
  }) as typeof realClear;
  try {
    return { result: await work(), set, cleared };
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
}

describe("DeadlineTimer", () => {
  it("runs once at its deadline, not before", async () => {
    const fired: number[] = [];
    const timer = new DeadlineTimer(() => fired.push(Date.now()));
    const deadline = Date.now() + 40;
    timer.armAt(deadline);
    assert.ok(timer.armed);
    await sleep(20);
    assert.equal(fired.length, 0);
    await sleep(60);
    assert.equal(fired.length, 1);
    assert.ok(fired[0]! >= deadline, `fired ${deadline - fired[0]!} ms early`);
    assert.equal(timer.armed, false);
  });

  it("moves its deadline later without setting a native timer per move, and still runs at the last deadline", async () => {
    const fired: number[] = [];
    let last = 0;
    let movesMs = 0;
    const { set, cleared } = await countingTimers(async () => {
      const timer = new DeadlineTimer(() => fired.push(Date.now()));
      const start = Date.now();
      for (let move = 0; move < 10; move++) {
        last = Date.now() + 30;
        timer.armAt(last);
        await sleep(5);
      }
      movesMs = Date.now() - start;
      await sleep(80);
    });
    assert.equal(fired.length, 1);
    assert.ok(fired[0]! >= last, `fired ${last - fired[0]!} ms before the last deadline`);
    // the first timer, then one each time it woke (every 30 ms at most) before the moved deadline; timers/promises' sleeps are not counted
    assert.ok(set >= 2 && set <= 2 + Math.ceil(movesMs / 30) && set < 10, `${set} native timers for 10 moves in ${movesMs} ms`);
    assert.equal(cleared, 0);
  });

  it("runs at once at an earlier deadline, and not at all once cleared", async () => {
    const fired: string[] = [];
    const timer = new DeadlineTimer(() => fired.push("due"));
    timer.armAt(Date.now() + 10_000);
    timer.armAt(Date.now() + 20);
    await sleep(60);
    assert.deepEqual(fired, ["due"], "the earlier deadline");

    timer.armAt(Date.now() + 20);
    timer.clear();
    assert.equal(timer.armed, false);
    await sleep(60);
    assert.deepEqual(fired, ["due"], "cleared: nothing more");
  });

  it("can be armed again after it ran, from inside its own callback", async () => {
    let runs = 0;
    const timer: DeadlineTimer = new DeadlineTimer(() => {
      runs++;
      if (runs < 3) timer.armAt(Date.now() + 10);
    });
    timer.armAt(Date.now() + 10);
    await sleep(120);
    assert.equal(runs, 3);
  });
});
