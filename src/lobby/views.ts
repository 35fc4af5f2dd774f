/** The lobby's wire shapes (seed 004 schemas) and the mapping from stored rows to them. */
import type { LobbyApplicationRow, LobbyGameRow, LobbyInviteRow, LobbyMembershipRow, RegisteredRaceNameRow } from "../../drizzle/schema/index.js";

/** `GameSummary`. */
export interface GameSummary {
  game_id: string;
  game_name: string;
  game_type: "public" | "private";
  status: LobbyGameRow["status"];
  owner_user_id: string | null;
  min_players: number;
  max_players: number;
  enrollment_ends_at: string;
  created_at: string;
  updated_at: string;
  current_turn: number;
}

/** `LobbyGameDetail`: the summary and the rest of the game's settings and runtime. */
export interface LobbyGameDetail extends GameSummary {
  visibility: "public" | "private";
  description: string;
  turn_schedule: string;
  target_engine_version: string;
  start_gap_hours: number;
  start_gap_players: number;
  runtime_status: string;
  engine_health?: string;
  started_at: string | null;
  finished_at: string | null;
}

/** `LobbyGameStateChange`. */
export interface LobbyGameStateChange {
  game_id: string;
  status: string;
  runtime_status: string;
}

/** `LobbyApplicationDetail`. */
export interface LobbyApplicationDetail {
  application_id: string;
  game_id: string;
  applicant_user_id: string;
  race_name: string;
  status: LobbyApplicationRow["status"];
  created_at: string;
  decided_at: string | null;
}

/** `LobbyInviteDetail`. */
export interface LobbyInviteDetail {
  invite_id: string;
  game_id: string;
  inviter_user_id: string;
  invited_user_id: string | null;
  code: string | null;
  race_name: string;
  status: LobbyInviteRow["status"];
  created_at: string;
  expires_at: string;
  decided_at: string | null;
}

/** `LobbyMembershipDetail`. */
export interface LobbyMembershipDetail {
  membership_id: string;
  game_id: string;
  user_id: string;
  race_name: string;
  canonical_key: string;
  status: LobbyMembershipRow["status"];
  joined_at: string;
  removed_at: string | null;
}

/** `RaceNameDetail`: a registered race name, a reservation in a game under way, or a name a finished game lets its owner register. */
export interface RaceNameDetail {
  name: string;
  canonical: string;
  status: "registered" | "reservation" | "pending_registration";
  owner_user_id: string;
  /** The game a reservation holds the name in. */
  game_id: string | null;
  /** The finished game a pending or registered name was earned in. */
  source_game_id: string | null;
  reserved_at: string | null;
  /** Until when a pending registration may be registered. */
  expires_at: string | null;
  registered_at: string | null;
}

/** A page of items with the seed's paging fields. */
export interface PageView<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

/** A game as `GameSummary`. */
export function gameSummary(row: LobbyGameRow): GameSummary {
  return {
    game_id: row.id,
    game_name: row.name,
    game_type: row.visibility,
    status: row.status,
    owner_user_id: row.ownerUserId,
    min_players: row.minPlayers,
    max_players: row.maxPlayers,
    enrollment_ends_at: iso(row.enrollmentEndsAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    current_turn: row.currentTurn,
  };
}

/** A game as `LobbyGameDetail`. */
export function gameDetail(row: LobbyGameRow): LobbyGameDetail {
  return {
    ...gameSummary(row),
    visibility: row.visibility,
    description: row.description,
    turn_schedule: row.turnSchedule,
    target_engine_version: row.targetEngineVersion,
    start_gap_hours: row.startGapHours,
    start_gap_players: row.startGapPlayers,
    runtime_status: row.runtimeStatus,
    ...(row.engineHealth === null ? {} : { engine_health: row.engineHealth }),
    started_at: isoOrNull(row.startedAt),
    finished_at: isoOrNull(row.finishedAt),
  };
}

/** A game as `LobbyGameStateChange`. */
export function gameStateChange(row: LobbyGameRow): LobbyGameStateChange {
  return { game_id: row.id, status: row.status, runtime_status: row.runtimeStatus };
}

/** An application as `LobbyApplicationDetail`. */
export function applicationDetail(row: LobbyApplicationRow): LobbyApplicationDetail {
  return {
    application_id: row.id,
    game_id: row.gameId,
    applicant_user_id: row.applicantUserId,
    race_name: row.raceName,
    status: row.status,
    created_at: iso(row.createdAt),
    decided_at: isoOrNull(row.decidedAt),
  };
}

/** An invite as `LobbyInviteDetail`; its code is shown to the inviter only. */
export function inviteDetail(row: LobbyInviteRow, viewerUserId: string | null): LobbyInviteDetail {
  return {
    invite_id: row.id,
    game_id: row.gameId,
    inviter_user_id: row.inviterUserId,
    invited_user_id: row.invitedUserId,
    code: viewerUserId === row.inviterUserId ? row.code : null,
    race_name: row.raceName,
    status: row.status,
    created_at: iso(row.createdAt),
    expires_at: iso(row.expiresAt),
    decided_at: isoOrNull(row.decidedAt),
  };
}

/** A membership as `LobbyMembershipDetail`. */
export function membershipDetail(row: LobbyMembershipRow): LobbyMembershipDetail {
  return {
    membership_id: row.id,
    game_id: row.gameId,
    user_id: row.userId,
    race_name: row.raceName,
    canonical_key: row.canonicalKey,
    status: row.status,
    joined_at: iso(row.joinedAt),
    removed_at: isoOrNull(row.removedAt),
  };
}

/** A registered race name as `RaceNameDetail`. */
export function registeredRaceName(row: RegisteredRaceNameRow): RaceNameDetail {
  return {
    name: row.name,
    canonical: row.canonicalKey,
    status: "registered",
    owner_user_id: row.ownerUserId,
    game_id: null,
    source_game_id: row.sourceGameId,
    reserved_at: isoOrNull(row.reservedAt),
    expires_at: null,
    registered_at: iso(row.registeredAt),
  };
}

/** An active membership of a game under way as a `reservation`. */
export function reservedRaceName(membership: LobbyMembershipRow): RaceNameDetail {
  return {
    name: membership.raceName,
    canonical: membership.canonicalKey,
    status: "reservation",
    owner_user_id: membership.userId,
    game_id: membership.gameId,
    source_game_id: null,
    reserved_at: iso(membership.joinedAt),
    expires_at: null,
    registered_at: null,
  };
}

/** An active membership of a finished game as a `pending_registration`, registrable until `expiresAt`. */
export function pendingRaceName(membership: LobbyMembershipRow, expiresAt: Date): RaceNameDetail {
  return {
    name: membership.raceName,
    canonical: membership.canonicalKey,
    status: "pending_registration",
    owner_user_id: membership.userId,
    game_id: null,
    source_game_id: membership.gameId,
    reserved_at: iso(membership.joinedAt),
    expires_at: iso(expiresAt),
    registered_at: null,
  };
}
