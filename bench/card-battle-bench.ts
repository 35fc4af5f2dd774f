/**
 * Throughput of the pure card battle rules: complete 4-player games between
 * medium bots, back to back. Run directly to print JSON:
 *   npx tsx bench/card-battle-bench.ts [durationMs]   (default 5000)
 */

import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { applyAction, botAction, createGame, currentPlayer } from "../src/games/card-battle/index.js";
import { seedRng } from "../src/games/shared/prng.js";

/** Result of one benchmark run. */
export interface CardBattleBenchResult {
  games: number;
  seconds: number;
  gamesPerSecond: number;
  actionsPerSecond: number;
}

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
  const start = performance.now();
  let games = 0;
  let actions = 0;
  do {
    actions += playOne(`bench-${games}`, botRng);
    games++;
    // let other work on the event loop run between batches
    if (games % 200 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
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
  const outcome = await benchCardBattle(durationMs);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
