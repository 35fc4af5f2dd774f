/**
 * Settings of a `card_battle` room, read from the `config` of the matchmaking
 * service's create request (seed 000): the player count, the turn timer, the
 * rules options under their snake_case names, and the room's own timings.
 * Builds a normalised copy; the caller's object is never touched.
 */
import { z } from "zod";
import { normalizeOptions, type CardBattleOptions, type CardBattleOptionsInput } from "../../src/games/card-battle/index.js";
import { ManagedOnlyError, type RoomOptionsPolicy } from "../../src/services/room-options.js";
import { ALLOW_SPECTATORS_KEY, allowSpectatorsProblem, managedAllowsSpectators, spectateOption } from "../shared/spectators.js";

/** Config keys that name a rules option, and the rules engine's name for each. */
const RULE_KEYS = {
  max_hp: "maxHp",
  max_turns: "maxTurns",
  starting_hand: "startingHand",
  max_consecutive_timeouts: "maxConsecutiveTimeouts",
  deck: "deck",
  strike_damage: "strikeDamage",
  heavy_strike_damage: "heavyStrikeDamage",
  guard_shield: "guardShield",
  heal_amount: "healAmount",
  draw_two_count: "drawTwoCount",
} as const satisfies Record<string, keyof CardBattleOptions>;

/** Keys the room reads itself, or that belong to the create request rather than to the game. */
const ROOM_KEYS = new Set(["player_count", "turn_time_limit", "game_over_linger", "reconnection_window", "game_rules", "seed", ALLOW_SPECTATORS_KEY]);

/** Defaults of the room's own settings. */
export const ROOM_DEFAULTS = Object.freeze({ turnTimeLimitSeconds: 60, gameOverLingerSeconds: 10, reconnectionSeconds: 60 });

/** A card battle room's settings. */
export interface CardBattleRoomSettings {
  playerCount: number;
  /** Turn timer in milliseconds; 0 disables it. */
  turnTimeMs: number;
  /** Rules options with every default filled in (what `createGame` and replays take). */
  rules: CardBattleOptions;
  /** How long the room stays open after `game_over` (ms). */
  gameOverLingerMs: number;
  /** How long a dropped player's seat waits for a reconnection (seconds). */
  reconnectionSeconds: number;
  /** Config keys this room does not know (ignored). */
  ignoredKeys: string[];
  /** Whether spectators may watch (`allow_spectators: true`). */
  allowSpectators: boolean;
}

/** A create request the room refuses; the message says which setting is wrong. */
export class RoomSettingsError extends Error {
  override name = "RoomSettingsError";
}

/** Reads and checks the settings; throws a `RoomSettingsError` naming the bad setting. */
export function parseCardBattleSettings(config: Readonly<Record<string, unknown>>, playerIds: readonly string[]): CardBattleRoomSettings {
  if (playerIds.length < 2 || playerIds.length > 4) {
    throw new RoomSettingsError(`card_battle needs 2 to 4 players, got ${playerIds.length}`);
  }
  if (new Set(playerIds).size !== playerIds.length) throw new RoomSettingsError("player ids must be distinct");
  const playerCount = config.player_count ?? playerIds.length;
  if (playerCount !== playerIds.length) {
    throw new RoomSettingsError(`player_count (${String(playerCount)}) must equal the number of player ids (${playerIds.length})`);
  }

  const spectators = allowSpectatorsProblem(config);
  if (spectators !== undefined) throw new RoomSettingsError(spectators);

  const rules: Record<string, unknown> = {};
  const ignoredKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (Object.hasOwn(RULE_KEYS, key)) rules[RULE_KEYS[key as keyof typeof RULE_KEYS]] = value;
    else if (!ROOM_KEYS.has(key)) ignoredKeys.push(key);
  }
  let normalized: CardBattleOptions;
  try {
    normalized = normalizeOptions(rules as CardBattleOptionsInput);
  } catch (error) {
    throw new RoomSettingsError(toConfigNames(error instanceof Error ? error.message : String(error)));
  }

  return {
    playerCount: playerIds.length,
    turnTimeMs: seconds(config, "turn_time_limit", ROOM_DEFAULTS.turnTimeLimitSeconds, 3_600) * 1000,
    rules: normalized,
    gameOverLingerMs: seconds(config, "game_over_linger", ROOM_DEFAULTS.gameOverLingerSeconds, 600) * 1000,
    reconnectionSeconds: seconds(config, "reconnection_window", ROOM_DEFAULTS.reconnectionSeconds, 3_600),
    ignoredKeys,
    allowSpectators: managedAllowsSpectators(config),
  };
}

/** A duration in seconds from 0 to `max` (fractions allowed). */
function seconds(config: Readonly<Record<string, unknown>>, key: string, fallback: number, max: number): number {
  const value = config[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
    throw new RoomSettingsError(`${key} must be a number of seconds from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Rewrites the rules engine's option names in a message to the config's names. */
function toConfigNames(message: string): string {
  let out = message;
  for (const [configName, ruleName] of Object.entries(RULE_KEYS)) {
    if (configName !== ruleName) out = out.replace(new RegExp(`\\b${ruleName}\\b`, "g"), configName);
  }
  return out;
}

/** Options a client may pass to join a card battle room: its wire profile, in guest mode its player id, or to spectate. */
const clientJoinSchema = z
  .object({ player_id: z.string().min(1).max(128).optional(), protocol: z.enum(["native", "seed003"]).optional(), spectate: spectateOption })
  .strict();

/**
 * The allow-list of a client's matchmaking options for `card_battle`: rooms are created by the matchmaking
 * service only, so `create`/`joinOrCreate` are refused; joins carry at most a guest player id.
 * Returns a fresh null-prototype copy; throws a zod error for other options.
 */
export function parseClientOptions(method: string, raw: unknown): Record<string, unknown> {
  if (method === "create" || method === "joinOrCreate") throw new ManagedOnlyError("card_battle rooms are created by the matchmaking service");
  return Object.assign(Object.create(null) as Record<string, unknown>, clientJoinSchema.parse(raw ?? {}));
}

/** The `card_battle` room's option rules, for the matchmaking guard and the internal API. */
export const cardBattleOptionsPolicy: RoomOptionsPolicy = {
  clientOptions: parseClientOptions,
  managedConfigProblem({ playerIds, config }) {
    try {
      parseCardBattleSettings(config, playerIds);
      return undefined;
    } catch (error) {
      if (error instanceof RoomSettingsError) return error.message;
      throw error;
    }
  },
};
