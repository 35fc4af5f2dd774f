/**
 * The CPU of Liap Tui's schema work per step, without sockets or rules:
 * seeded games of four medium bots are played through the pure engine
 * first; then each game's states are replayed into a fresh schema state with
 * the room's own `syncSchema()` (rooms/liap-tui/schema-sync.ts), and every
 * step is encoded by @colyseus/core's `SchemaSerializer` for four clients,
 * each with the StateView the room gives it (its seat and hand); after each
 * patch the removed plays go back to the schema pool, as in the
 * room (rooms/shared/schema-pool.ts). Reports CPU
 * µs per step for the sync and for the encode separately (each game's CPU
 * time, read once, split between them by their shares of the wall clock), so a change to
 * either can be measured in isolation: `taskset -c 1 npx tsx bench/schema-sync.ts [games]`.
 */
import { ClientState, SchemaSerializer } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { applyAction, awaiting, botAction, createGame, playerView, type LiapTuiState as GameState } from "../src/games/liap-tui/index.js";
import { seedRng } from "../src/games/shared/prng.js";
import { LiapTuiState } from "../schema/liap-tui.js";
import { syncSchema } from "../rooms/liap-tui/schema-sync.js";
import { SeatTable } from "../rooms/liap-tui/seating.js";
import { RetiredSchemas } from "../rooms/shared/schema-pool.js";
import { gamesArgument } from "./args.js";

const GAMES = gamesArgument("bench/schema-sync.ts", 40);
const NAMES = ["Player 1", "Player 2", "Player 3", "Player 4"];

/** The states of one seeded medium-bot game, from the deal to the end. */
function playGame(seed: string): GameState[] {
  let game = createGame({ seed, options: { maxRounds: 20 } });
  const rng = seedRng(`${seed}:bots`);
  const states = [game];
  for (let guard = 0; guard < 100_000; guard++) {
    const wait = awaiting(game);
    if (wait.kind === "none") break;
    const action = wait.kind === "advance" ? ({ type: "advance" } as const) : botAction(game, wait.seats[0]!, "medium", rng);
    const result = applyAction(game, action);
    if (!result.ok) throw new Error(`bot action refused: ${JSON.stringify(result.error)}`);
    game = result.state;
    states.push(game);
  }
  return states;
}

/** Replays one game's states into a fresh schema; returns CPU µs spent syncing and encoding. */
function replay(states: readonly GameState[]): { sync: number; encode: number } {
  const state = new LiapTuiState();
  const table = new SeatTable();
  const serializer = new SchemaSerializer();
  serializer.reset(state);
  const retired = new RetiredSchemas();
  const clients = NAMES.map((name, i) => {
    const seat = table.placeFor(`player-${i}`, false);
    if (typeof seat === "string") throw new Error(`seat refused: ${seat}`);
    table.seatHuman(seat, `player-${i}`, name, true);
    syncSchema(state, null, table);
    const view = new StateView();
    view.add(state.players[seat.position]!);
    return { state: ClientState.JOINED, view, sessionId: `s${i}`, raw: () => undefined, enqueueRaw: () => undefined };
  });
  serializer.applyPatches(clients as never, state);
  // The CPU clock (process.cpuUsage) is a system call: read per step, it cost more than the work measured. So the
  // game's CPU time is read once, and split between sync and encode by their shares of the (cheap) wall clock.
  let syncWall = 0;
  let encodeWall = 0;
  const cpu0 = process.cpuUsage();
  for (const game of states) {
    const t0 = performance.now();
    syncSchema(state, game, table, playerView(game, null), retired);
    const t1 = performance.now();
    serializer.applyPatches(clients as never, state);
    // as the room does after every patch (GameRoom.broadcastPatch): removed plays go back to the pool
    retired.release();
    const t2 = performance.now();
    syncWall += t1 - t0;
    encodeWall += t2 - t1;
  }
  const spent = process.cpuUsage(cpu0);
  const cpu = spent.user + spent.system;
  const wall = syncWall + encodeWall;
  return { sync: (cpu * syncWall) / wall, encode: (cpu * encodeWall) / wall };
}

const games = Array.from({ length: GAMES }, (_, i) => playGame(`schema-sync-${i}`));
const steps = games.reduce((n, g) => n + g.length, 0);
// one unmeasured pass: the first run of a code path is spent compiling it
for (const states of games) replay(states);
let sync = 0;
let encode = 0;
for (const states of games) {
  const spent = replay(states);
  sync += spent.sync;
  encode += spent.encode;
}
const round = (us: number) => Math.round((us / steps) * 10) / 10;
process.stdout.write(`${GAMES} games, ${steps} steps: syncSchema ${round(sync)} µs/step, encode (4 views) ${round(encode)} µs/step\n`);
