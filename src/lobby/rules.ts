/**
 * The lobby's rules, free of I/O: which games a lobby game can target and how
 * many players each takes, race-name folding, and the status machine.
 */
import { LOBBY_GAME_STATUSES, type LobbyGameStatus } from "../../drizzle/schema/index.js";

/** The games lobby games can be of, with their player counts and the room type that runs them. */
export const LOBBY_GAMES = {
  liap_tui: { minPlayers: 4, maxPlayers: 4, room: "liap_tui" },
  simple_card_battle: { minPlayers: 2, maxPlayers: 4, room: "card_battle" },
} as const;

/** Game rules a lobby game can target. */
export type LobbyGameRules = keyof typeof LOBBY_GAMES;

/** Engine versions every lobby starts with (enabled). */
export const DEFAULT_ENGINE_VERSIONS: ReadonlyArray<{ version: string; imageRef: string }> = [
  { version: "liap_tui@1.0.0", imageRef: "room:liap_tui" },
  { version: "simple_card_battle@1.0.0", imageRef: "room:card_battle" },
];

const ENGINE_VERSION = /^([a-z_]+)@(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The game rules named by `<game_rules>@<semver>`, or a reason it names none. */
export function parseEngineVersion(label: string): { ok: true; gameRules: LobbyGameRules } | { ok: false; reason: string } {
  const match = ENGINE_VERSION.exec(label);
  if (match === null) return { ok: false, reason: 'must be "<game_rules>@<semver>", e.g. "liap_tui@1.0.0"' };
  const rules = match[1]!;
  if (!(rules in LOBBY_GAMES)) return { ok: false, reason: `unknown game rules "${rules}" (one of ${Object.keys(LOBBY_GAMES).join(", ")})` };
  return { ok: true, gameRules: rules as LobbyGameRules };
}

/** Why these player bounds do not fit the game, or undefined when they do. */
export function playerBoundsProblem(gameRules: LobbyGameRules, minPlayers: number, maxPlayers: number): string | undefined {
  const game = LOBBY_GAMES[gameRules];
  if (minPlayers > maxPlayers) return "min_players must not exceed max_players";
  if (minPlayers < game.minPlayers || maxPlayers > game.maxPlayers) {
    return game.minPlayers === game.maxPlayers
      ? `${gameRules} is played by exactly ${game.minPlayers} players: min_players and max_players must both be ${game.minPlayers}`
      : `${gameRules} is played by ${game.minPlayers} to ${game.maxPlayers} players: min_players and max_players must lie in that range`;
  }
  return undefined;
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
