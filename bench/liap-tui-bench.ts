/**
 * Throughput of the pure Liap Tui rules: complete 4-player games between
 * medium bots with default options, back to back (display pauses are ended
 * with `advance` at once and count as actions). Run directly to print JSON:
 *   npx tsx bench/liap-tui-bench.ts [durationMs]   (default 5000)
 */

import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { applyAction, awaiting, botAction, createGame, type LiapTuiAction } from "../src/games/liap-tui/index.js";
import { seedRng, type RngState } from "../src/games/shared/prng.js";

/** Result of one benchmark run. */
export interface LiapTuiBenchResult {
  games: number;
  seconds: number;
  gamesPerSecond: number;
  actionsPerSecond: number;
}

/** Plays one complete game and returns how many actions it took. */
function playOne(seed: string, botRng: RngState): number {
  let state = createGame({ seed });
  let actions = 0;
  for (let wait = awaiting(state); wait.kind !== "none"; wait = awaiting(state)) {
    const action: LiapTuiAction =
      wait.kind === "advance" ? { type: "advance" } : botAction(state, wait.seats[0]!, "medium", botRng);
    const outcome = applyAction(state, action);
    if (!outcome.ok) throw new Error(`bench: action refused: ${outcome.error.code}: ${outcome.error.message}`);
    state = outcome.state;
    actions++;
  }
  return actions;
}

/** Plays complete medium-bot games for about `durationMs` (at least one game) and reports throughput. */
export async function benchLiapTui(durationMs: number): Promise<LiapTuiBenchResult> {
  const botRng = seedRng("liap-tui-bench");
  const start = performance.now();
  let games = 0;
  let actions = 0;
  do {
    actions += playOne(`bench-${games}`, botRng);
    games++;
    // let other work on the event loop run between batches
    if (games % 50 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  } while (performance.now() - start < durationMs);
  const seconds = (performance.now() - start) / 1000;
  return {
    games,
    seconds: Math.round(seconds * 1000) / 1000,
    gamesPerSecond: Math.round(games / seconds),
    actionsPerSecond: Math.round(actions / seconds),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const durationMs = Number(process.argv[2] ?? 5000);
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw new RangeError("durationMs must be a positive number");
  const outcome = await benchLiapTui(durationMs);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
