/**
 * Where the bench server allocates (not what it keeps): V8's sampling heap
 * profiler with the objects that garbage collection already took counted
 * too, started by `BENCH_ALLOC_PROFILE=<file>` and written there on SIGUSR2
 * (the profile covers the time since the server was ready, or since the last
 * SIGUSR2). Open the `.heapprofile` in Chrome DevTools or sum it by function.
 * For measurements only: sampling costs a little CPU per allocation.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export async function startAllocationProfile(file: string): Promise<void> {
  const session = new Session();
  session.connect();
  const start = () =>
    session.post("HeapProfiler.startSampling", { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
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
