/**
 * Throughput of the pure Liap Tui rules: complete 4-player games between
 * medium bots with default options, back to back (display pauses are ended
 * with `advance` at once and count as actions). Run directly to print JSON:
 *   npx tsx bench/liap-tui-bench.ts [durationMs]   (default 5000)
 */

import { applyAction, awaiting, botAction, createGame, type LiapTuiAction } from "../src/games/liap-tui/index.js";
import { seedRng, type RngState } from "../src/games/shared/prng.js";
import { benchGames, runIfMain, type BenchResult } from "./game-loop.js";

/** Result of one benchmark run. */
export type LiapTuiBenchResult = BenchResult;

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
  return benchGames(durationMs, (seed) => playOne(seed, botRng), 50);
}

await runIfMain(import.meta.url, benchLiapTui);
