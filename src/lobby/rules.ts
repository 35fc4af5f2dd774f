/**
 * The lobby's rules, free of I/O: which games a lobby game can target and how
 * many players each takes, race-name folding, and the status machine.
 */
import { LOBBY_GAME_STATUSES, type LobbyGameStatus } from "../../drizzle/schema/index.js";
import { GAME_RULES, GAMES, isGameRules, playerRangeText as registryRangeText, type GameRules } from "../games/registry.js";

/** The games lobby games can be of, with their player counts and the room type that runs them: the game registry. */
export const LOBBY_GAMES = GAMES;

/** Game rules a lobby game can target. */
export type LobbyGameRules = GameRules;

/** Engine versions every lobby starts with (enabled): each registered game at the version this server runs. */
export const DEFAULT_ENGINE_VERSIONS: ReadonlyArray<{ version: string; imageRef: string }> = GAME_RULES.map((rules) => ({
  version: `${rules}@${GAMES[rules].engineVersion}`,
  imageRef: `room:${GAMES[rules].room}`,
}));

const SEMVER = String.raw`(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;
const PLAIN_VERSION = new RegExp(`^${SEMVER}$`);
const QUALIFIED_VERSION = new RegExp(`^([a-z_]+)@(${SEMVER})$`);

/** Whether a string names one of the lobby's games. */
export function isLobbyGameRules(value: string): value is LobbyGameRules {
  return isGameRules(value);
}

/** A `target_engine_version` resolved: the game it targets and the `engine_versions` row that must be enabled to start it. */
export interface EngineTarget {
  gameRules: LobbyGameRules;
  /** `<game_rules>@<semver>`, the key of `engine_versions`. */
  engineVersion: string;
  /** Whether the label was the seed's plain semver (so the game is the lobby's default game). */
  plain: boolean;
}

/**
 * Resolves a `target_engine_version`: the seed's plain semver (`1.0.0`) means
 * `defaultGame` at that version; this server's `<game_rules>@<semver>` names
 * the game. Anything else is a reason for a 400. Whether the version is
 * available (an enabled `engine_versions` row) is a separate question, asked
 * at start.
 */
export function parseEngineVersion(label: string, defaultGame: LobbyGameRules): { ok: true; target: EngineTarget } | { ok: false; reason: string } {
  if (PLAIN_VERSION.test(label)) return { ok: true, target: { gameRules: defaultGame, engineVersion: `${defaultGame}@${label}`, plain: true } };
  const qualified = QUALIFIED_VERSION.exec(label);
  if (qualified === null) {
    return { ok: false, reason: 'must be a semver version such as "1.0.0" (the default game), or "<game_rules>@<semver>" such as "liap_tui@1.0.0"' };
  }
  const rules = qualified[1]!;
  if (!isLobbyGameRules(rules)) return { ok: false, reason: `unknown game rules "${rules}" (one of ${Object.keys(LOBBY_GAMES).join(", ")})` };
  return { ok: true, target: { gameRules: rules, engineVersion: label, plain: false } };
}

/** Why a `target_engine_version` is malformed whatever the default game, or undefined. */
export function engineVersionProblem(label: string): string | undefined {
  const parsed = parseEngineVersion(label, GAME_RULES[0]);
  return parsed.ok ? undefined : parsed.reason;
}

/** The player counts each game allows, in words ("2 to 4", "exactly 4"). */
export function playerRangeText(gameRules: LobbyGameRules): string {
  return registryRangeText(gameRules);
}

/**
 * Why these player bounds do not fit the targeted game, or undefined when they
 * do. The seed only asks for `min_players >= 1`; each game of this server has
 * its own limits, and the message names the game whose limit was broken (and,
 * for a plain semver, that it is the lobby's default game).
 */
export function playerBoundsProblem(target: EngineTarget, minPlayers: number, maxPlayers: number): string | undefined {
  if (minPlayers > maxPlayers) return `min_players (${minPlayers}) must not exceed max_players (${maxPlayers})`;
  const game = LOBBY_GAMES[target.gameRules];
  if (minPlayers >= game.minPlayers && maxPlayers <= game.maxPlayers) return undefined;
  const which = target.plain ? `${target.gameRules} (this lobby's default game, which a plain target_engine_version means)` : target.gameRules;
  const broken = minPlayers < game.minPlayers ? `min_players ${minPlayers} is below its minimum of ${game.minPlayers}` : `max_players ${maxPlayers} is above its maximum of ${game.maxPlayers}`;
  return `player limit of game ${which} broken: it is played by ${playerRangeText(target.gameRules)} players, and ${broken}`;
}

/** Longest race name (the rooms show it as the seat name). */
export const RACE_NAME_MAX = 32;

/** A race name as stored and shown: trimmed, inner whitespace runs made one space. */
export function displayRaceName(raw: string): string {
  return raw.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** Why a race name is unusable, or undefined. */
export function raceNameProblem(name: string): string | undefined {
  if (name.length === 0) return "race_name must not be empty";
  if ([...name].length > RACE_NAME_MAX) return `race_name must be at most ${RACE_NAME_MAX} characters`;
  if (/\p{Cc}/u.test(name)) return "race_name must not contain control characters";
  return undefined;
}

/** The canonical key two race names collide on: compatibility-normalised, lower-cased, without any whitespace. */
export function canonicalRaceName(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/**
 * How many race names one user may register. The seed ties it to the account's tier (`max_registered_race_names`:
 * free 1, paid 5); this server has no paid tiers, so every user has the free tier's one.
 */
export const MAX_REGISTERED_RACE_NAMES = 1;

/** How long after a game finishes its members may register the race names they finished it under. */
export const RACE_NAME_REGISTRATION_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** Statuses from which a game may still be cancelled (everything before it ends). */
export const CANCELLABLE: readonly LobbyGameStatus[] = LOBBY_GAME_STATUSES.filter((status) => status !== "finished" && status !== "cancelled");

/** Statuses in which a room exists or is being created for the game. */
export const WITH_ROOM: readonly LobbyGameStatus[] = ["starting", "running", "paused"];

/** The requested transitions and the statuses each may leave from. */
export const TRANSITIONS = {
  open_enrollment: { from: ["draft"], to: "enrollment_open" },
  ready_to_start: { from: ["enrollment_open"], to: "ready_to_start" },
  start: { from: ["ready_to_start"], to: "starting" },
  retry_start: { from: ["start_failed"], to: "starting" },
  force_start: { from: ["enrollment_open", "ready_to_start", "start_failed"], to: "starting" },
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  cancel: { from: CANCELLABLE, to: "cancelled" },
  force_stop: { from: CANCELLABLE, to: "cancelled" },
} as const satisfies Record<string, { from: readonly LobbyGameStatus[]; to: LobbyGameStatus }>;

/** A transition a caller can ask for. */
export type TransitionName = keyof typeof TRANSITIONS;

/** Statuses in which owners may still edit a game's settings. */
export const EDITABLE: readonly LobbyGameStatus[] = ["draft", "enrollment_open"];

/** Statuses in which the roster may still change (members removed or blocked). */
export const ROSTER_OPEN: readonly LobbyGameStatus[] = ["draft", "enrollment_open", "ready_to_start", "start_failed"];

/** Statuses in which invites may be issued. */
export const INVITABLE: readonly LobbyGameStatus[] = ["draft", "enrollment_open"];

/** How long an invite stays redeemable when the inviter gives no `expires_at`. */
export const DEFAULT_INVITE_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** Letters of invite codes: no 0/O or 1/I, so a code read aloud is unambiguous. */
export const INVITE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Length of invite codes. */
export const INVITE_CODE_LENGTH = 8;
