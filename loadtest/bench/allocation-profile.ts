/**
 * Where the bench server allocates (not what it keeps): V8's sampling heap
 * profiler with the objects that garbage collection already took counted
 * too, started by `BENCH_ALLOC_PROFILE=<file>` and written there on SIGUSR2
 * (the profile covers the time since the server was ready, or since the last
 * SIGUSR2). Open the `.heapprofile` in Chrome DevTools or sum it by function.
 * With `BENCH_ALLOC_PROFILE_SURVIVORS=1` it keeps only what the scavenger
 * did not free (what a minor GC copies and promotes), sampled finer. Beware:
 * V8's profiler keeps typed arrays (a `Uint8Array`, a `Buffer`) in that
 * view even when a scavenge frees them (BENCHMARKS.md, "Fewer new schema
 * objects per move"); read their share with `--trace-gc-nvp` instead.
 * For measurements only: sampling costs a little CPU per allocation.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export async function startAllocationProfile(file: string, survivorsOnly = false): Promise<void> {
  const session = new Session();
  session.connect();
  const start = () =>
    session.post("HeapProfiler.startSampling", {
      samplingInterval: survivorsOnly ? 2_048 : 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: !survivorsOnly,
    });
  await start();
  process.on("SIGUSR2", () => {
    void (async () => {
      const { profile } = await session.post("HeapProfiler.stopSampling");
      writeFileSync(file, JSON.stringify(profile));
      process.stderr.write(`allocation profile written to ${file}\n`);
      await start();
    })();
  });
}
