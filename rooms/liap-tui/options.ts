/**
 * Options of a `liap_tui` room, from the client's `create` call (seed 003
 * create_room plus rule and timer options). Validated once; unknown option
 * names are refused so a typo never silently falls back to a default.
 */
import { z, ZodError } from "zod";
import { normalizeOptions, type BotDifficulty, type LiapTuiOptions } from "../../src/games/liap-tui/index.js";
import type { RoomOptionsPolicy } from "../../src/services/room-options.js";
import { allowSpectatorsProblem, notSpectating, SPECTATE_ON_CREATE, spectateOption } from "../shared/spectators.js";

const seconds = (max: number, fallback: number) => z.number().min(0).max(max).default(fallback);

const gameOptionsSchema = z
  .object({
    win_score: z.number().int().min(1).max(10_000).default(50),
    max_rounds: z.number().int().min(1).max(500).default(20),
    max_redeals: z.number().int().min(0).max(100).default(10),
    /** Timers in seconds; 0 disables (rules decision 7). */
    redeal_timeout: seconds(600, 30),
    declaration_timeout: seconds(600, 30),
    play_timeout: seconds(600, 30),
    /** Display pauses in seconds (0 in tests and load tests). */
    round_start_pause: seconds(60, 1),
    turn_result_pause: seconds(60, 1.5),
    scoring_pause: seconds(60, 3),
    /** How long a bot "thinks" before acting, in milliseconds. */
    bot_delay_ms: z.number().int().min(0).max(10_000).default(600),
    /** Seconds a dropped player keeps the seat (rules decision 10). */
    reconnection_window: seconds(3600, 60),
    /** Seconds the room stays open once no human is left in a running game. */
    empty_room_timeout: seconds(3600, 30),
    /** Seconds the room stays open after GAME_OVER. */
    game_over_linger: seconds(3600, 30),
    /** Makes the deal reproducible. */
    seed: z.union([z.string().min(1).max(128), z.number().int()]).optional(),
  })
  .strict();

/** `create("liap_tui", {...})` options. */
export const createOptionsSchema = z.object({
  room_name: z.string().trim().min(1).max(64).optional(),
  player_name: z.string().trim().min(1).max(32).optional(),
  is_public: z.boolean().default(true),
  bot_difficulty: z.enum(["easy", "medium"]).default("medium"),
  options: gameOptionsSchema.default(gameOptionsSchema.parse({})),
});

/** Everything the room runs with, normalised. */
export interface LiapTuiRoomSettings {
  roomName?: string;
  isPublic: boolean;
  botDifficulty: BotDifficulty;
  rules: LiapTuiOptions;
  /** Milliseconds; 0 = no timer. */
  timeouts: { redeal_decision: number; declare: number; play: number };
  /** Milliseconds. */
  pauses: { round_start: number; turn_result: number; scoring: number };
  botDelayMs: number;
  reconnectionSeconds: number;
  emptyRoomMs: number;
  gameOverLingerMs: number;
  seed?: string | number;
}

/** Room options keys a matchmaking `config` may carry for Liap Tui (the rest of `config` is the contract's own). */
const MANAGED_PASSTHROUGH = [
  "win_score",
  "max_rounds",
  "max_redeals",
  "redeal_timeout",
  "declaration_timeout",
  "play_timeout",
  "round_start_pause",
  "turn_result_pause",
  "scoring_pause",
  "bot_delay_ms",
  "reconnection_window",
  "empty_room_timeout",
  "game_over_linger",
] as const;

/**
 * Create options for a room the matchmaking service asked for: `turn_time_limit`
 * sets every move timer, known Liap Tui options pass through, the seed comes from the request.
 */
export function managedCreateOptions(roomId: string, config: Record<string, unknown>, seed: string | undefined) {
  const options: Record<string, unknown> = {};
  if (typeof config.turn_time_limit === "number") {
    options.redeal_timeout = options.declaration_timeout = options.play_timeout = config.turn_time_limit;
  }
  for (const key of MANAGED_PASSTHROUGH) if (config[key] !== undefined) options[key] = config[key];
  if (seed !== undefined) options.seed = seed;
  return { room_name: `Match ${roomId}`, is_public: false, options };
}

/** Parses create options; throws a zod error describing what is wrong. */
export function parseRoomSettings(raw: unknown): LiapTuiRoomSettings {
  const parsed = createOptionsSchema.parse(raw ?? {});
  const o = parsed.options;
  return {
    roomName: parsed.room_name,
    isPublic: parsed.is_public,
    botDifficulty: parsed.bot_difficulty,
    rules: normalizeOptions({ winScore: o.win_score, maxRounds: o.max_rounds, maxRedeals: o.max_redeals }),
    timeouts: { redeal_decision: o.redeal_timeout * 1000, declare: o.declaration_timeout * 1000, play: o.play_timeout * 1000 },
    pauses: { round_start: o.round_start_pause * 1000, turn_result: o.turn_result_pause * 1000, scoring: o.scoring_pause * 1000 },
    botDelayMs: o.bot_delay_ms,
    reconnectionSeconds: o.reconnection_window,
    emptyRoomMs: o.empty_room_timeout * 1000,
    gameOverLingerMs: o.game_over_linger * 1000,
    seed: o.seed,
  };
}

/** Options a client may pass to join a room: a seat name, its wire profile, in guest mode the player id of a managed room, or to spectate. */
const clientJoinSchema = z
  .object({
    player_name: z.string().max(64).optional(),
    player_id: z.string().min(1).max(128).optional(),
    protocol: z.enum(["native", "seed003"]).optional(),
    /** Watch the room without a seat (rooms/shared/spectators.ts). */
    spectate: spectateOption,
  })
  .strict();

/** Options a client may pass to `create`/`joinOrCreate`: the create options plus the join options (a creator plays: no `spectate: true`). */
const clientCreateSchema = createOptionsSchema.extend(clientJoinSchema.shape).strict().refine(notSpectating, SPECTATE_ON_CREATE);

/**
 * The allow-list of a client's matchmaking options for `liap_tui` (`create` and `joinOrCreate` may create a
 * room; other methods only join). Returns a fresh null-prototype copy; throws a zod error for anything else.
 */
export function parseClientOptions(method: string, raw: unknown): Record<string, unknown> {
  const creates = method === "create" || method === "joinOrCreate";
  const parsed = (creates ? clientCreateSchema : clientJoinSchema).parse(raw ?? {});
  return Object.assign(Object.create(null) as Record<string, unknown>, parsed);
}

/** The `liap_tui` room's option rules, for the matchmaking guard and the internal API. */
export const liapTuiOptionsPolicy: RoomOptionsPolicy = {
  clientOptions: parseClientOptions,
  managedConfigProblem({ roomId, config }) {
    const spectators = allowSpectatorsProblem(config);
    if (spectators !== undefined) return spectators;
    try {
      parseRoomSettings(managedCreateOptions(roomId, config, undefined));
      return undefined;
    } catch (error) {
      // paths start at the room's `options`, which a managed `config` holds flat
      if (error instanceof ZodError) return error.issues.map((issue) => `${issue.path.slice(1).map(String).join(".") || "config"}: ${issue.message}`).join("; ");
      throw error;
    }
  },
};

/** A zod error as one readable line (`path: message; ...`), for a refused create. */
export function describeZodError(error: unknown): string {
  if (typeof error === "object" && error !== null && "issues" in error && Array.isArray(error.issues)) {
    return (error.issues as Array<{ path: PropertyKey[]; message: string }>)
      .map((issue) => `${issue.path.map(String).join(".") || "options"}: ${issue.message}`)
      .join("; ");
  }
  return String(error);
}
