/**
 * Bytes the JavaScript heap allocated, counted from V8's own per-GC heap
 * statistics (`v8.GCProfiler`): between two collections the used heap grows
 * only by allocation, and each collection reports the used heap before and
 * after it. Unlike CPU time, an allocation count per action does not drift
 * with what else the machine runs, so the bench prints it beside CPU: it is
 * what drives the scavenges whose pauses make the latency tail.
 */
import { GCProfiler, getHeapStatistics } from "node:v8";

/** The bench server's metric of the meter's total, read by the bench at the edges of each phase's window. */
export const ALLOCATED_METRIC = "bench_heap_allocated_bytes";

/** What the meter needs of V8 (injected in tests). */
export interface HeapSource {
  usedHeapSize(): number;
  /** Starts recording collections. */
  start(): void;
  /** Stops recording; the collections since `start`, each with the used heap before and after it. */
  stop(): Array<{ before: number; after: number }>;
}

/** V8 itself. */
export function v8HeapSource(): HeapSource {
  let profiler: GCProfiler | undefined;
  return {
    usedHeapSize: () => getHeapStatistics().used_heap_size,
    start: () => {
      profiler = new GCProfiler();
      profiler.start();
    },
    stop: () => {
      const result = profiler?.stop();
      profiler = undefined;
      return (result?.statistics ?? []).map((gc) => ({ before: gc.beforeGC.heapStatistics.usedHeapSize, after: gc.afterGC.heapStatistics.usedHeapSize }));
    },
  };
}

/** A running total of the bytes allocated since the meter was made. */
export class AllocationMeter {
  private total = 0;
  private lastUsed: number;

  constructor(private readonly heap: HeapSource = v8HeapSource()) {
    this.lastUsed = heap.usedHeapSize();
    heap.start();
  }

  /** Bytes allocated since the meter was made (each read restarts the recording, so no collection is counted twice). */
  read(): number {
    for (const gc of this.heap.stop()) {
      // a drop between collections is the sweeper returning memory, not an allocation
      this.total += Math.max(0, gc.before - this.lastUsed);
      this.lastUsed = gc.after;
    }
    const used = this.heap.usedHeapSize();
    this.total += Math.max(0, used - this.lastUsed);
    this.lastUsed = used;
    this.heap.start();
    return this.total;
  }
}
