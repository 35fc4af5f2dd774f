/**
 * The database work of one managed game on embedded PGlite (in memory), the
 * way a card battle room and the internal create pay it: the create's lookup
 * of the id, `ready`, `started`, and `finished` with a result row of 44
 * actions and its replay record. Prints the process CPU per game of each
 * write, as a JSON line (CPU, not wall time: on PGlite every statement runs on
 * the server's own thread, so this is what each game takes from the rooms).
 *   npx tsx bench/db-per-game.ts [games]   (default 400, after 50 unmeasured)
 */
import { openDatabase } from "../src/db/database.js";
import { gamesArgument } from "./args.js";
import { recordGameFinished, recordRoomReady, recordRoomStarted } from "../src/db/lifecycle.js";
import { getRoom } from "../src/db/rooms.js";

const games = gamesArgument("bench/db-per-game.ts", 400);
const WARM_UP_GAMES = 50;
const ACTIONS = 44;

const handle = await openDatabase({ dataDir: ":memory:" });
const { db } = handle;
const cpu = new Map<string, number>();

async function timed<T>(step: string, write: () => Promise<T>): Promise<T> {
  const before = process.cpuUsage();
  const result = await write();
  const used = process.cpuUsage(before);
  cpu.set(step, (cpu.get(step) ?? 0) + used.user + used.system);
  return result;
}

const actions = Array.from({ length: ACTIONS }, (_, i) => ({ type: "play", playerId: `player-${i % 4}`, cardId: `c${i}`, targetId: `player-${(i + 1) % 4}` }));
const steps = [null, ...actions].map((action, i) => ({ action, sequence: i * 3, at: Date.now(), timedOut: false }));
const playerIds = ["player-0", "player-1", "player-2", "player-3"];

for (let g = -WARM_UP_GAMES; g < games; g++) {
  if (g === 0) cpu.clear();
  const id = `bench-${g}-${process.pid}`;
  await timed("lookup", () => getRoom(db, id));
  await timed("ready", () => recordRoomReady(db, { id, gameRules: "simple_card_battle", nodeName: "bench", managed: true, playerIds, config: { max_hp: 30 } }, { room_id: id, status: "ready" }));
  await timed("started", () => recordRoomStarted(db, id, { room_id: id, status: "started" }));
  const finishedAt = new Date();
  await timed("finished", () =>
    recordGameFinished(
      db,
      {
        roomId: id,
        gameRules: "simple_card_battle",
        winnerIds: ["player-1"],
        resultData: { winner_id: "player-1", players: playerIds.map((playerId, i) => ({ id: playerId, hp: i * 3, damage_dealt: 10 * i })) },
        seed: "bench",
        options: { max_hp: 30 },
        actions,
        turnsPlayed: ACTIONS,
        durationSeconds: 11,
        finishedAt,
      },
      { room_id: id, status: "finished", result: { winner_id: "player-1" } },
      { roomId: id, gameRules: "simple_card_battle", format: 1, seed: "bench", options: { max_hp: 30 }, playerIds, context: { names: playerIds }, steps, stepCount: steps.length },
    ),
  );
}
await handle.close();

const perGame = Object.fromEntries([...cpu].map(([step, micros]) => [step, Math.round(micros / games)]));
const total = Object.values(perGame).reduce((sum, micros) => sum + micros, 0);
process.stdout.write(`${JSON.stringify({ bench: "database work per managed game, PGlite in memory, CPU µs", games, ...perGame, total })}\n`);
