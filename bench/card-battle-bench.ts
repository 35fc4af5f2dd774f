/**
 * Throughput of the pure card battle rules: complete 4-player games between
 * medium bots, back to back. Run directly to print JSON:
 *   npx tsx bench/card-battle-bench.ts [durationMs]   (default 5000)
 */

import { applyAction, botAction, createGame, currentPlayer } from "../src/games/card-battle/index.js";
import { seedRng } from "../src/games/shared/prng.js";
import { benchGames, runIfMain, type BenchResult } from "./game-loop.js";

/** Result of one benchmark run. */
export type CardBattleBenchResult = BenchResult;

const PLAYERS = ["p1", "p2", "p3", "p4"];

/** Plays one complete game and returns how many actions it took. */
function playOne(seed: string, botRng: ReturnType<typeof seedRng>): number {
  let state = createGame({ seed, playerIds: PLAYERS });
  let actions = 0;
  for (let id = currentPlayer(state); id !== null; id = currentPlayer(state)) {
    const outcome = applyAction(state, botAction(state, id, "medium", botRng));
    if (!outcome.ok) throw new Error(`bench: bot move refused: ${outcome.error.code}: ${outcome.error.message}`);
    state = outcome.state;
    actions++;
  }
  return actions;
}

/** Plays complete 4-player medium-bot games for about `durationMs` (at least one game) and reports throughput. */
export async function benchCardBattle(durationMs: number): Promise<CardBattleBenchResult> {
  const botRng = seedRng("card-battle-bench");
  return benchGames(durationMs, (seed) => playOne(seed, botRng), 200);
}

await runIfMain(import.meta.url, benchCardBattle);
