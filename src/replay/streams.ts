/** Each game's replayer: a stored record in, every event its room sent out (src/games/<game>/replay-stream.ts). */
import type { GameReplayRow } from "../../drizzle/schema/index.js";
import type { GameRules } from "../games/registry.js";
import { replayLiapTuiSteps, type LiapTuiReplayStep } from "../games/liap-tui/replay-stream.js";
import { replayCardBattleSteps, type CardBattleReplayStep } from "../games/card-battle/replay-stream.js";
import type { ReplayedEvent } from "../games/shared/replay-events.js";

/** A game's replayer and how many seats a record of it has. */
export interface Replayer {
  seats(row: GameReplayRow): number;
  /** The events, step by step. */
  steps(row: GameReplayRow): Iterable<ReplayedEvent[]>;
}

const REPLAYERS: Record<GameRules, Replayer> = {
  liap_tui: {
    seats: () => 4,
    steps: (row) =>
      replayLiapTuiSteps({
        seed: row.seed,
        options: row.options,
        steps: row.steps as LiapTuiReplayStep[],
        durationSeconds: Number(row.context.durationSeconds ?? 0),
      }),
  },
  simple_card_battle: {
    seats: (row) => row.playerIds.length,
    steps: (row) =>
      replayCardBattleSteps({
        seed: row.seed,
        options: row.options,
        // the game's own ids (bots' included); `row.playerIds` are the seats' owners
        playerIds: (row.context.playerIds as string[] | undefined) ?? row.playerIds.map((id) => id ?? ""),
        names: (row.context.names ?? {}) as Record<string, string>,
        steps: row.steps as CardBattleReplayStep[],
        resultData: (row.context.resultData ?? {}) as Record<string, unknown>,
      }),
  },
};

/** Labels results are stored under that are not a `game_rules` name: a practice room's game is a card battle. */
const ALIASES: Readonly<Record<string, GameRules>> = { card_battle_practice: "simple_card_battle" };

/** The replayer of a stored record's game, or undefined for a game this server no longer runs. */
export function replayerOf(gameRules: string): Replayer | undefined {
  const rules = Object.hasOwn(ALIASES, gameRules) ? ALIASES[gameRules]! : gameRules;
  return Object.hasOwn(REPLAYERS, rules) ? REPLAYERS[rules as GameRules] : undefined;
}
