/**
 * What a room's record of its game (every accepted action and every replay
 * step, kept until the game is over) costs the JavaScript heap, kept as
 * objects (as the rooms did before: the actions and the steps, two lists) and
 * as the rooms keep it now (rooms/shared/game-record.ts: the steps packed,
 * full chunks deflated, the actions read back from them;
 * src/replay/packed-list.ts). Seeded medium-bot Liap Tui games are played
 * through the pure engine; each room records the first `steps` steps as the
 * room does (the step: its action, the sequence number, the time, the move
 * timer shared by the steps of one plan). Reports, per room, the heap bytes
 * the records keep (after full collections) and the bytes outside the heap:
 *   node --expose-gc --import tsx bench/replay-record.ts [rooms] [steps]   (default 250 rooms, 200 steps)
 */
import { applyAction, awaiting, botAction, createGame, type LiapTuiAction } from "../src/games/liap-tui/index.js";
import { seedRng } from "../src/games/shared/prng.js";
import { GameRecord } from "../rooms/shared/game-record.js";

const ROOMS = Number(process.argv[2] ?? 250);
const STEPS = Number(process.argv[3] ?? 200);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined || !Number.isInteger(ROOMS) || ROOMS <= 0 || !Number.isInteger(STEPS) || STEPS <= 0) {
  process.stderr.write("usage: node --expose-gc --import tsx bench/replay-record.ts [rooms > 0] [steps > 0]\n");
  process.exit(2);
}

/** The first `STEPS` actions of a seeded game (null first: the start step has no action). */
function gameActions(seed: string): Array<LiapTuiAction | null> {
  let state = createGame({ seed, options: { maxRounds: 20 } });
  const rng = seedRng(`${seed}:bots`);
  const actions: Array<LiapTuiAction | null> = [null];
  for (let wait = awaiting(state); wait.kind !== "none" && actions.length < STEPS; wait = awaiting(state)) {
    const action: LiapTuiAction = wait.kind === "advance" ? { type: "advance" } : botAction(state, wait.seats[0]!, "medium", rng);
    const outcome = applyAction(state, action);
    if (!outcome.ok) throw new Error(`bot action refused: ${outcome.error.code}`);
    state = outcome.state;
    actions.push(action);
  }
  return actions;
}

/** How a room keeps its record: a step with its action. */
interface Recorder {
  add(action: LiapTuiAction | null, step: () => unknown): void;
}

/** The rooms' earlier record: every action and every step as objects, in two lists. */
function objectRecorder(): Recorder {
  const actions: unknown[] = [];
  const steps: unknown[] = [];
  return {
    add(action, step) {
      if (action !== null) actions.push(action);
      steps.push(step());
    },
  };
}

/** Records every room's game as the room does, with recorders made by `make`; returns them (kept alive by the caller). */
function recordAll(games: Array<Array<LiapTuiAction | null>>, make: () => Recorder): Recorder[] {
  const records: Recorder[] = [];
  const start = 1_764_000_000_000;
  for (const game of games) {
    const record = make();
    let timer = { kind: "move", deadline: start + 30_000, timeoutSeconds: 30 };
    game.forEach((played, i) => {
      // a copy of the action as the gate parsed it; a new move timer every four steps (one per seat's move)
      const action = played === null ? null : (structuredClone(played) as LiapTuiAction);
      if (i % 4 === 0) timer = { kind: "move", deadline: start + i * 1_000 + 30_000, timeoutSeconds: 30 };
      record.add(action, () => ({ action, sequence: i * 3, at: start + i * 1_000, timer }));
    });
    records.push(record);
  }
  return records;
}

function measure(label: string, games: Array<Array<LiapTuiAction | null>>, make: () => Recorder): void {
  gc!();
  gc!();
  const before = process.memoryUsage();
  const records = recordAll(games, make);
  gc!();
  gc!();
  const after = process.memoryUsage();
  const perRoom = (bytes: number) => (bytes / games.length / 1024).toFixed(1);
  process.stdout.write(
    `${label}: ${perRoom(after.heapUsed - before.heapUsed)} KB of heap and ${perRoom(after.arrayBuffers - before.arrayBuffers)} KB outside it per room (${records.length} rooms, ${STEPS} steps each)\n`,
  );
}

const games = Array.from({ length: ROOMS }, (_, i) => gameActions(`record-${i}`));
measure("objects", games, objectRecorder);
measure("packed ", games, () => new GameRecord<LiapTuiAction>());
