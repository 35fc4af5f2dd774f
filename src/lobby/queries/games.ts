/** Queries on `lobby_games` and `engine_versions`: plain functions taking the database (or a transaction) first. */
import { and, asc, count, eq, inArray, lte, or, sql } from "drizzle-orm";
import {
  engineVersions,
  lobbyGames,
  lobbyMemberships,
  type LobbyGameRow,
  type LobbyGameStatus,
  type LobbyRuntimeStatus,
  type NewLobbyGameRow,
} from "../../../drizzle/schema/index.js";
import type { Database } from "../../db/database.js";
import type { Paging } from "../requests.js";

/** One page of rows and how many there are in all. */
export interface PageOf<T> {
  rows: T[];
  total: number;
}

const offsetOf = (paging: Paging) => (paging.page - 1) * paging.page_size;

/** Stores a new game and returns it. */
export async function insertGame(db: Database, game: NewLobbyGameRow): Promise<LobbyGameRow> {
  const [row] = await db.insert(lobbyGames).values(game).returning();
  return row!;
}

/** One game by id, or undefined. */
export async function getGame(db: Database, id: string): Promise<LobbyGameRow | undefined> {
  const [row] = await db.select().from(lobbyGames).where(eq(lobbyGames.id, id)).limit(1);
  return row;
}

/** One game by id, locked until the transaction ends (serialises writes that depend on its status or roster). */
export async function lockGame(tx: Database, id: string): Promise<LobbyGameRow | undefined> {
  const [row] = await tx.select().from(lobbyGames).where(eq(lobbyGames.id, id)).limit(1).for("update");
  return row;
}

/** Changes a game's fields (stamping `updated_at`) and returns the new row. */
export async function updateGame(db: Database, id: string, patch: Partial<NewLobbyGameRow>, at: Date = new Date()): Promise<LobbyGameRow> {
  const [row] = await db
    .update(lobbyGames)
    .set({ ...patch, updatedAt: at })
    .where(eq(lobbyGames.id, id))
    .returning();
  return row!;
}

/** A page of games, oldest first (ties broken by id), optionally only of one visibility. */
export async function listGames(db: Database, paging: Paging, visibility?: "public" | "private"): Promise<PageOf<LobbyGameRow>> {
  const where = visibility === undefined ? undefined : eq(lobbyGames.visibility, visibility);
  const [rows, total] = await Promise.all([
    db.select().from(lobbyGames).where(where).orderBy(asc(lobbyGames.createdAt), asc(lobbyGames.id)).limit(paging.page_size).offset(offsetOf(paging)),
    db.$count(lobbyGames, where),
  ]);
  return { rows, total };
}

/** A page of the games a user owns or is an active member of, oldest first. */
export async function listGamesOfUser(db: Database, userId: string, paging: Paging): Promise<PageOf<LobbyGameRow>> {
  const memberOf = db
    .select({ id: lobbyMemberships.gameId })
    .from(lobbyMemberships)
    .where(and(eq(lobbyMemberships.userId, userId), eq(lobbyMemberships.status, "active")));
  const where = or(eq(lobbyGames.ownerUserId, userId), inArray(lobbyGames.id, memberOf));
  const [rows, total] = await Promise.all([
    db.select().from(lobbyGames).where(where).orderBy(asc(lobbyGames.createdAt), asc(lobbyGames.id)).limit(paging.page_size).offset(offsetOf(paging)),
    db.$count(lobbyGames, where),
  ]);
  return { rows, total };
}

/**
 * Moves every game whose enrollment has ended and that has at least
 * `min_players` active members to `ready_to_start`; returns their ids.
 */
export async function closeDueEnrollments(db: Database, now: Date): Promise<string[]> {
  const active = db
    .select({ n: count() })
    .from(lobbyMemberships)
    .where(and(eq(lobbyMemberships.gameId, lobbyGames.id), eq(lobbyMemberships.status, "active")));
  const rows = await db
    .update(lobbyGames)
    .set({ status: "ready_to_start", updatedAt: now })
    .where(and(eq(lobbyGames.status, "enrollment_open"), lte(lobbyGames.enrollmentEndsAt, now), sql`(${active}) >= ${lobbyGames.minPlayers}`))
    .returning({ id: lobbyGames.id });
  return rows.map((r) => r.id);
}

/** Runtime fields a room event or a start attempt sets. */
export interface RuntimePatch {
  status?: LobbyGameStatus;
  runtimeStatus?: LobbyRuntimeStatus;
  engineHealth?: string | null;
  currentTurn?: number;
  nodeName?: string | null;
  startedAt?: Date;
  finishedAt?: Date;
}

/** Applies a runtime patch only while the game is in one of `statuses` (and, if given, its runtime in one of `runtime`); true if it applied. */
export async function updateRuntime(
  db: Database,
  id: string,
  statuses: readonly LobbyGameStatus[],
  patch: RuntimePatch,
  at: Date = new Date(),
  runtime?: readonly LobbyRuntimeStatus[],
): Promise<boolean> {
  const rows = await db
    .update(lobbyGames)
    .set({ ...patch, updatedAt: at })
    .where(
      and(
        eq(lobbyGames.id, id),
        inArray(lobbyGames.status, [...statuses]),
        runtime === undefined ? undefined : inArray(lobbyGames.runtimeStatus, [...runtime]),
      ),
    )
    .returning({ id: lobbyGames.id });
  return rows.length > 0;
}

/** Raises a started game's current turn (never lowers it: turn events may arrive out of order, even before `started` is applied). */
export async function raiseCurrentTurn(db: Database, id: string, turn: number, at: Date = new Date()): Promise<void> {
  await db
    .update(lobbyGames)
    .set({ currentTurn: sql`greatest(${lobbyGames.currentTurn}, ${turn})`, updatedAt: at })
    .where(and(eq(lobbyGames.id, id), inArray(lobbyGames.status, ["starting", "running", "paused"])));
}

/** Adds the given engine versions, enabled, leaving existing rows as they are. */
export async function seedEngineVersions(db: Database, versions: ReadonlyArray<{ version: string; imageRef: string }>): Promise<void> {
  await db
    .insert(engineVersions)
    .values(versions.map((v) => ({ version: v.version, imageRef: v.imageRef, enabled: true })))
    .onConflictDoNothing({ target: engineVersions.version });
}

/** Whether `version` is a row of `engine_versions` that is enabled. */
export async function isEngineVersionEnabled(db: Database, version: string): Promise<boolean> {
  const [row] = await db.select({ enabled: engineVersions.enabled }).from(engineVersions).where(eq(engineVersions.version, version)).limit(1);
  return row?.enabled === true;
}

/** Enables or disables an engine version (operators, and tests). */
export async function setEngineVersionEnabled(db: Database, version: string, enabled: boolean): Promise<void> {
  await db.update(engineVersions).set({ enabled }).where(eq(engineVersions.version, version));
}
