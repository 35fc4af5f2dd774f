/**
 * A finished game's replay record as the room hands it over with the result:
 * what was applied to the rules engine, step by step, and what the wire
 * mapping needs beside it. Bounded: a record over MAX_REPLAY_STEPS is not
 * stored (the result is, as always), and its replay answers 404.
 */
import type { NewGameReplayRow } from "../../drizzle/schema/index.js";

/** Layout version of the records written now. */
export const REPLAY_FORMAT = 1;

/**
 * The most steps a stored replay holds. A Liap Tui round takes about 40
 * steps (declarations, plays, display pauses; more with redeals) and a card
 * battle at most its `maxTurns` (200 by default) plus surrenders; 20,000 keeps
 * games of a few hundred rounds and caps a record near 3 MB.
 */
export const MAX_REPLAY_STEPS = 20_000;

/** What a room records for its replay. */
export interface ReplayRecord {
  seed: string;
  options: Record<string, unknown>;
  /** Who held each seat when the game started (null: a bot), in seat order. */
  playerIds: Array<string | null>;
  /** What else the game's replay needs (by game). */
  context: Record<string, unknown>;
  /** The start, then every action the rules applied, in order, each with its room context. */
  steps: unknown[];
}

/** The row to store for a room's record, or undefined when the record is over the cap (then it is not stored). */
export function replayRow(roomId: string, gameRules: string, record: ReplayRecord): NewGameReplayRow | undefined {
  if (record.steps.length > MAX_REPLAY_STEPS) return undefined;
  return {
    roomId,
    gameRules,
    format: REPLAY_FORMAT,
    seed: record.seed,
    options: record.options,
    playerIds: record.playerIds,
    context: record.context,
    steps: record.steps,
    stepCount: record.steps.length,
  };
}
