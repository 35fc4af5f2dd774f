/** The timing loop both engine benchmarks share: play whole games back to back for a while and report throughput. */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

/** Result of one benchmark run. */
export interface BenchResult {
  games: number;
  seconds: number;
  gamesPerSecond: number;
  actionsPerSecond: number;
}

/**
 * Calls `playOne(seed)` (which plays one complete game and returns its number of actions)
 * for about `durationMs`, at least once, yielding to the event loop every `yieldEvery` games.
 */
export async function benchGames(durationMs: number, playOne: (seed: string) => number, yieldEvery: number): Promise<BenchResult> {
  const start = performance.now();
  let games = 0;
  let actions = 0;
  do {
    actions += playOne(`bench-${games}`);
    games++;
    if (games % yieldEvery === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  } while (performance.now() - start < durationMs);
  const seconds = (performance.now() - start) / 1000;
  return {
    games,
    seconds: Math.round(seconds * 1000) / 1000,
    gamesPerSecond: Math.round(games / seconds),
    actionsPerSecond: Math.round(actions / seconds),
  };
}

/** When `moduleUrl` is the script run directly: runs `bench(durationMs from argv, default 5000)` and prints JSON. */
export async function runIfMain(moduleUrl: string, bench: (durationMs: number) => Promise<BenchResult>): Promise<void> {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const durationMs = Number(process.argv[2] ?? 5000);
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw new RangeError("durationMs must be a positive number");
  process.stdout.write(`${JSON.stringify(await bench(durationMs))}\n`);
}
