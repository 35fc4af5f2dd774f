/**
 * The one game registry: every game this server runs, by its `game_rules`
 * name, with the room type that runs it, its player counts and its engine
 * version. Every place that maps `game_rules` to a room (the internal API,
 * the managed-room service, the lobby, the matchmaking guard, the room
 * definitions, the load generator) reads it here. Pure data: no imports.
 */

/** One game as the rest of the server sees it. */
export interface GameEntry {
  /** The `game_rules` name (matchmaking `config.game_rules`, lobby `target_engine_version`). */
  readonly rules: string;
  /** The Colyseus room type that runs it. */
  readonly room: string;
  readonly minPlayers: number;
  readonly maxPlayers: number;
  /** The engine version this server runs (`<rules>@<engineVersion>` in the lobby's `engine_versions`). */
  readonly engineVersion: string;
  /** Whether clients may create rooms of it through matchmaking (false: only the matchmaking service does). */
  readonly clientCreatable: boolean;
}

/** Every game, by `game_rules` name. */
export const GAMES = {
  liap_tui: { rules: "liap_tui", room: "liap_tui", minPlayers: 4, maxPlayers: 4, engineVersion: "1.0.0", clientCreatable: true },
  simple_card_battle: { rules: "simple_card_battle", room: "card_battle", minPlayers: 2, maxPlayers: 4, engineVersion: "1.0.0", clientCreatable: false },
} as const satisfies Record<string, GameEntry>;

/** A `game_rules` name this server runs. */
export type GameRules = keyof typeof GAMES;

/** A room type that runs a game. */
export type GameRoomName = (typeof GAMES)[GameRules]["room"];

/** Every `game_rules` name, in registry order (a non-empty tuple, for enum schemas). */
export const GAME_RULES = Object.keys(GAMES) as [GameRules, ...GameRules[]];

/** Every game room name, in registry order. */
export const GAME_ROOM_NAMES: readonly GameRoomName[] = GAME_RULES.map((rules) => GAMES[rules].room);

/** Whether a string is a registered `game_rules` name (own keys only). */
export function isGameRules(value: string): value is GameRules {
  return Object.hasOwn(GAMES, value);
}

/** The game a room type runs, or undefined for a room type that runs none (e.g. `lobby`). */
export function gameOfRoom(roomName: string): GameEntry | undefined {
  return GAME_RULES.map((rules) => GAMES[rules] as GameEntry).find((game) => game.room === roomName);
}

/** The player counts a game allows, in words ("2 to 4", "exactly 4"). */
export function playerRangeText(rules: GameRules): string {
  const game = GAMES[rules];
  return game.minPlayers === game.maxPlayers ? `exactly ${game.minPlayers}` : `${game.minPlayers} to ${game.maxPlayers}`;
}

/** The most players any game takes. */
export const MAX_PLAYERS = Math.max(...GAME_RULES.map((rules) => GAMES[rules].maxPlayers));
