import assert from "node:assert/strict";
import { seedRng, nextFloat, nextInt, shuffle, cloneRng } from "../../src/games/shared/prng.js";

describe("seeded PRNG", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = seedRng("seed-1");
    const b = seedRng("seed-1");
    const c = seedRng("seed-2");
    const seqA = Array.from({ length: 20 }, () => nextFloat(a));
    const seqB = Array.from({ length: 20 }, () => nextFloat(b));
    const seqC = Array.from({ length: 20 }, () => nextFloat(c));
    assert.deepEqual(seqA, seqB);
    assert.notDeepEqual(seqA, seqC);
  });

  it("survives a JSON round trip of its state", () => {
    const a = seedRng(42);
    nextFloat(a);
    const restored = JSON.parse(JSON.stringify(a));
    assert.equal(nextFloat(cloneRng(a)), nextFloat(restored));
  });

  it("draws integers in range, roughly uniformly", () => {
    const rng = seedRng("uniform");
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 80_000; i++) counts[nextInt(rng, 8)]++;
    for (const n of counts) assert.ok(n > 9_000 && n < 11_000, `bucket ${n}`);
  });

  it("shuffles into a permutation without touching the input", () => {
    const input = Array.from({ length: 32 }, (_, i) => i);
    const out = shuffle(seedRng(7), input);
    assert.deepEqual(input, Array.from({ length: 32 }, (_, i) => i));
    assert.deepEqual([...out].sort((x, y) => x - y), input);
    assert.notDeepEqual(out, input);
  });
});
