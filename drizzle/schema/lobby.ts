/** The lobby (seed 004): games players gather for, applications, invites, memberships, engine versions and administrators. */
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.js";

/** Where a lobby game is in its life (`GameSummary.status`). */
export const LOBBY_GAME_STATUSES = [
  "draft",
  "enrollment_open",
  "ready_to_start",
  "starting",
  "start_failed",
  "running",
  "paused",
  "finished",
  "cancelled",
] as const;
/** A lobby game status. */
export type LobbyGameStatus = (typeof LOBBY_GAME_STATUSES)[number];

/** Who may see a lobby game in listings: admin-created public games or user-owned private ones. */
export const LOBBY_VISIBILITIES = ["public", "private"] as const;
/** A lobby game visibility. */
export type LobbyVisibility = (typeof LOBBY_VISIBILITIES)[number];

/** What the room behind a lobby game is doing (`LobbyGameDetail.runtime_status`). */
export const LOBBY_RUNTIME_STATUSES = [
  "not_started",
  "creating",
  "waiting_for_players",
  "running",
  "paused",
  "finished",
  "aborted",
  "stopped",
  "start_failed",
] as const;
/** A runtime status. */
export type LobbyRuntimeStatus = (typeof LOBBY_RUNTIME_STATUSES)[number];

/** States of an application. */
export const APPLICATION_STATUSES = ["pending", "approved", "rejected"] as const;
/** An application status. */
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** States of an invite. */
export const INVITE_STATUSES = ["pending", "redeemed", "declined", "revoked", "expired"] as const;
/** An invite status. */
export type InviteStatus = (typeof INVITE_STATUSES)[number];

/** States of a membership. */
export const MEMBERSHIP_STATUSES = ["active", "removed", "blocked"] as const;
/** A membership status. */
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** The `lobby_games` table: one row per lobby game; its id is also the id of the room that runs it. */
export const lobbyGames = pgTable(
  "lobby_games",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    visibility: text("visibility", { enum: LOBBY_VISIBILITIES }).notNull(),
    /** Null for public games, which administrators own collectively. */
    ownerUserId: uuid("owner_user_id"),
    status: text("status", { enum: LOBBY_GAME_STATUSES }).notNull().default("draft"),
    minPlayers: integer("min_players").notNull(),
    maxPlayers: integer("max_players").notNull(),
    startGapHours: integer("start_gap_hours").notNull(),
    startGapPlayers: integer("start_gap_players").notNull(),
    enrollmentEndsAt: timestampTz("enrollment_ends_at").notNull(),
    turnSchedule: text("turn_schedule").notNull(),
    /** `<game_rules>@<semver>`, an `engine_versions.version`. */
    targetEngineVersion: text("target_engine_version").notNull(),
    runtimeStatus: text("runtime_status", { enum: LOBBY_RUNTIME_STATUSES }).notNull().default("not_started"),
    /** Why the room could not be created or why it ended abnormally. */
    engineHealth: text("engine_health"),
    currentTurn: integer("current_turn").notNull().default(0),
    /** The node the room was placed on. */
    nodeName: text("node_name"),
    createdAt: createdAt(),
    updatedAt: timestampTz("updated_at").notNull().defaultNow(),
    startedAt: timestampTz("started_at"),
    finishedAt: timestampTz("finished_at"),
  },
  (table) => [
    index("lobby_games_visibility_created_idx").on(table.visibility, table.createdAt, table.id),
    index("lobby_games_owner_idx").on(table.ownerUserId),
    index("lobby_games_enrollment_due_idx").on(table.enrollmentEndsAt).where(sql`${table.status} = 'enrollment_open'`),
  ],
);

/** A row of `lobby_games` as read. */
export type LobbyGameRow = typeof lobbyGames.$inferSelect;
/** A row of `lobby_games` as written. */
export type NewLobbyGameRow = typeof lobbyGames.$inferInsert;

/** The `lobby_applications` table: a user asking to join a game under a race name. */
export const lobbyApplications = pgTable(
  "lobby_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gameId: uuid("game_id")
      .notNull()
      .references(() => lobbyGames.id, { onDelete: "cascade" }),
    applicantUserId: uuid("applicant_user_id").notNull(),
    raceName: text("race_name").notNull(),
    canonicalKey: text("canonical_key").notNull(),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    decidedAt: timestampTz("decided_at"),
  },
  (table) => [
    uniqueIndex("lobby_applications_one_pending_idx").on(table.gameId, table.applicantUserId).where(sql`${table.status} = 'pending'`),
    index("lobby_applications_game_idx").on(table.gameId, table.createdAt, table.id),
    index("lobby_applications_applicant_idx").on(table.applicantUserId, table.createdAt, table.id),
  ],
);

/** A row of `lobby_applications` as read. */
export type LobbyApplicationRow = typeof lobbyApplications.$inferSelect;

/** The `lobby_invites` table: user-bound invites, or one-shot code-based invites with a server-generated code. */
export const lobbyInvites = pgTable(
  "lobby_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gameId: uuid("game_id")
      .notNull()
      .references(() => lobbyGames.id, { onDelete: "cascade" }),
    inviterUserId: uuid("inviter_user_id").notNull(),
    /** Set at issue for user-bound invites; set at redemption for code-based ones. */
    invitedUserId: uuid("invited_user_id"),
    code: text("code").unique(),
    /** Empty when the inviter left the choice to the invitee (who names it when redeeming). */
    raceName: text("race_name").notNull().default(""),
    status: text("status", { enum: INVITE_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    expiresAt: timestampTz("expires_at").notNull(),
    decidedAt: timestampTz("decided_at"),
  },
  (table) => [
    index("lobby_invites_game_idx").on(table.gameId, table.createdAt, table.id),
    index("lobby_invites_invited_idx").on(table.invitedUserId),
    index("lobby_invites_inviter_idx").on(table.inviterUserId),
    index("lobby_invites_pending_expiry_idx").on(table.expiresAt).where(sql`${table.status} = 'pending'`),
  ],
);

/** A row of `lobby_invites` as read. */
export type LobbyInviteRow = typeof lobbyInvites.$inferSelect;

/** The `lobby_memberships` table: who plays a game, under which race name. */
export const lobbyMemberships = pgTable(
  "lobby_memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gameId: uuid("game_id")
      .notNull()
      .references(() => lobbyGames.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull(),
    raceName: text("race_name").notNull(),
    /** The race name case- and space-folded; unique among a game's active members. */
    canonicalKey: text("canonical_key").notNull(),
    status: text("status", { enum: MEMBERSHIP_STATUSES }).notNull().default("active"),
    joinedAt: timestampTz("joined_at").notNull().defaultNow(),
    removedAt: timestampTz("removed_at"),
    /** Why an administrator banned the member. */
    banReason: text("ban_reason"),
  },
  (table) => [
    uniqueIndex("lobby_memberships_active_user_idx").on(table.gameId, table.userId).where(sql`${table.status} = 'active'`),
    uniqueIndex("lobby_memberships_active_race_idx").on(table.gameId, table.canonicalKey).where(sql`${table.status} = 'active'`),
    index("lobby_memberships_game_idx").on(table.gameId, table.joinedAt, table.id),
    index("lobby_memberships_user_idx").on(table.userId),
  ],
);

/** A row of `lobby_memberships` as read. */
export type LobbyMembershipRow = typeof lobbyMemberships.$inferSelect;

/** The `engine_versions` table: game rules versions lobby games may target (`<game_rules>@<semver>`). */
export const engineVersions = pgTable("engine_versions", {
  version: text("version").primaryKey(),
  /** What runs the version; here the room type that plays it. */
  imageRef: text("image_ref").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: createdAt(),
});

/** A row of `engine_versions` as read. */
export type EngineVersionRow = typeof engineVersions.$inferSelect;

/** The `admin_accounts` table: administrators of the admin surface, with bcrypt password hashes. */
export const adminAccounts = pgTable("admin_accounts", {
  username: text("username").primaryKey(),
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
  lastUsedAt: timestampTz("last_used_at"),
  disabledAt: timestampTz("disabled_at"),
});

/** A row of `admin_accounts` as read. */
export type AdminAccountRow = typeof adminAccounts.$inferSelect;
