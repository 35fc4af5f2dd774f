/**
 * The bench's allocation count (loadtest/bench/heap-allocation.ts): the sum
 * of the used heap's growth between collections, from V8's per-GC figures.
 */
import assert from "node:assert/strict";
import { AllocationMeter, type HeapSource } from "../../loadtest/bench/heap-allocation.js";
import { ratiosToStock, type PhaseResult } from "../../loadtest/bench/bench.js";

/** A heap whose used size and collections the test writes. */
function scriptedHeap() {
  let used = 0;
  let collections: Array<{ before: number; after: number }> = [];
  let recording = false;
  const heap: HeapSource = {
    usedHeapSize: () => used,
    start: () => {
      recording = true;
    },
    stop: () => {
      assert.ok(recording, "stop() only after start()");
      recording = false;
      const done = collections;
      collections = [];
      return done;
    },
  };
  return {
    heap,
    allocate(bytes: number) {
      used += bytes;
    },
    collect(after: number) {
      collections.push({ before: used, after });
      used = after;
    },
  };
}

describe("heap allocation meter", () => {
  it("adds the growth before each collection and since the last one, never counting a collection twice", () => {
    const h = scriptedHeap();
    h.allocate(1_000);
    const meter = new AllocationMeter(h.heap);
    h.allocate(500);
    h.collect(1_200); // 1,500 → 1,200: 500 allocated before it
    h.allocate(300);
    assert.equal(meter.read(), 800);
    h.allocate(100);
    h.collect(400);
    h.allocate(50);
    h.collect(420);
    assert.equal(meter.read(), 800 + 100 + 50 + 0);
    assert.equal(meter.read(), 950, "nothing allocated, nothing counted");
  });

  it("does not count memory the sweeper gives back between collections as allocation", () => {
    const h = scriptedHeap();
    h.allocate(1_000);
    const meter = new AllocationMeter(h.heap);
    h.allocate(-200); // swept after the last collection
    h.allocate(100);
    assert.equal(meter.read(), 0);
    h.allocate(300);
    assert.equal(meter.read(), 300);
  });

  it("counts what real V8 allocates, through the collections it causes", () => {
    const meter = new AllocationMeter();
    const before = meter.read();
    // a million six-number arrays (about 96 bytes each with their elements), kept in a ring so that none is optimized away: several scavenges
    const ring: number[][] = new Array<number[]>(1024);
    for (let i = 0; i < 1_000_000; i++) ring[i & 1023] = [i, i + 1, i + 2, i + 3, i + 4, i + 5];
    const counted = meter.read() - before;
    assert.equal(ring[1023]![0], 999_423);
    assert.ok(counted > 60e6 && counted < 400e6, `counted ${(counted / 1e6).toFixed(1)} MB for about 96 MB of arrays`);
  });
});

describe("ratios to the stock room", () => {
  const phase = (scenario: PhaseResult["scenario"], cpu: number, kb: number | null) =>
    ({ scenario, server_cpu_us_per_action: cpu, server_heap_allocated_kb_per_action: kb }) as PhaseResult;

  it("divides each room type's mean by the stock phases' mean, and leaves out what was not measured", () => {
    const phases = [phase("stock", 100, 8), phase("liap_tui", 250, 36), phase("stock", 120, 10), phase("liap_tui", 290, null), phase("card_battle", Number.NaN, null)];
    assert.deepEqual(ratiosToStock(phases, (p) => p.server_cpu_us_per_action), { liap_tui: 2.45 });
    assert.deepEqual(ratiosToStock(phases, (p) => p.server_heap_allocated_kb_per_action ?? Number.NaN), { liap_tui: 4 });
    assert.deepEqual(ratiosToStock([phase("liap_tui", 250, 36)], (p) => p.server_cpu_us_per_action), {}, "no stock phase, no ratio");
  });
});
