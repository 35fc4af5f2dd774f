/**
 * Queries of the race-name registry: registered names (their own table), and
 * reservations and pending registrations, which are read from memberships
 * (an active member's race name in a game under way, or in a game finished
 * within the registration window). Plain functions taking the database first.
 */
import { and, asc, desc, eq, gt, inArray, notExists, notInArray, sql, type SQL } from "drizzle-orm";
import {
  lobbyGames,
  lobbyMemberships,
  lobbyRegisteredRaceNames,
  type LobbyGameRow,
  type LobbyMembershipRow,
  type RegisteredRaceNameRow,
} from "../../../drizzle/schema/index.js";
import type { Database } from "../../db/database.js";

/** A membership with the game it is in. */
export interface MembershipInGame {
  membership: LobbyMembershipRow;
  game: LobbyGameRow;
}

/** The registration of a canonical race-name key, if any. */
export async function getRegistration(db: Database, canonicalKey: string): Promise<RegisteredRaceNameRow | undefined> {
  const [row] = await db.select().from(lobbyRegisteredRaceNames).where(eq(lobbyRegisteredRaceNames.canonicalKey, canonicalKey)).limit(1);
  return row;
}

/** Who registered each of these canonical keys (keys nobody registered are absent). */
export async function registrantsOf(db: Database, canonicalKeys: string[]): Promise<Map<string, string>> {
  if (canonicalKeys.length === 0) return new Map();
  const rows = await db
    .select({ key: lobbyRegisteredRaceNames.canonicalKey, owner: lobbyRegisteredRaceNames.ownerUserId })
    .from(lobbyRegisteredRaceNames)
    .where(inArray(lobbyRegisteredRaceNames.canonicalKey, canonicalKeys));
  return new Map(rows.map((r) => [r.key, r.owner]));
}

/** Stores a registration and returns it. */
export async function insertRegistration(
  db: Database,
  values: { ownerUserId: string; name: string; canonicalKey: string; sourceGameId: string; reservedAt: Date; registeredAt: Date },
): Promise<RegisteredRaceNameRow> {
  const [row] = await db.insert(lobbyRegisteredRaceNames).values(values).returning();
  return row!;
}

/** How many race names a user has registered. */
export async function countRegistrationsOf(db: Database, userId: string): Promise<number> {
  return db.$count(lobbyRegisteredRaceNames, eq(lobbyRegisteredRaceNames.ownerUserId, userId));
}

/** Serialises a user's registrations until the transaction ends (so two at once cannot pass the limit together). */
export async function lockRegistrationsOf(tx: Database, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"lobby_race_names:" + userId}))`);
}

/** Where the three kinds of a user's race names come from, each countable and pageable on its own. */
export interface RaceNameSource<T> {
  count(): Promise<number>;
  rows(offset: number, limit: number): Promise<T[]>;
}

/** A user's registered race names, oldest first. */
export function registeredSource(db: Database, userId: string): RaceNameSource<RegisteredRaceNameRow> {
  const where = eq(lobbyRegisteredRaceNames.ownerUserId, userId);
  return {
    count: () => db.$count(lobbyRegisteredRaceNames, where),
    rows: (offset, limit) =>
      db.select().from(lobbyRegisteredRaceNames).where(where).orderBy(asc(lobbyRegisteredRaceNames.registeredAt), asc(lobbyRegisteredRaceNames.id)).limit(limit).offset(offset),
  };
}

/** A user's reservations: active memberships of games not yet ended, in the order they were made. */
export function reservationSource(db: Database, userId: string): RaceNameSource<MembershipInGame> {
  const where = and(eq(lobbyMemberships.userId, userId), eq(lobbyMemberships.status, "active"), notInArray(lobbyGames.status, ["finished", "cancelled"]));
  return membershipsInGames(db, where, [asc(lobbyMemberships.joinedAt), asc(lobbyMemberships.id)]);
}

/** Memberships with their games matching `where`, counted and paged in `order`. */
function membershipsInGames(db: Database, where: SQL | undefined, order: SQL[]): RaceNameSource<MembershipInGame> {
  return {
    count: async () => {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(lobbyMemberships).innerJoin(lobbyGames, eq(lobbyGames.id, lobbyMemberships.gameId)).where(where);
      return row?.n ?? 0;
    },
    rows: (offset, limit) =>
      db
        .select({ membership: lobbyMemberships, game: lobbyGames })
        .from(lobbyMemberships)
        .innerJoin(lobbyGames, eq(lobbyGames.id, lobbyMemberships.gameId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
  };
}

/**
 * What a user may still register: their active memberships of games that finished after `since` (the registration window),
 * under race names nobody has registered; the most recently finished first. `canonicalKey` narrows to one name.
 */
export function pendingSource(db: Database, userId: string, since: Date, canonicalKey?: string): RaceNameSource<MembershipInGame> {
  const unregistered = notExists(
    db.select({ one: sql`1` }).from(lobbyRegisteredRaceNames).where(eq(lobbyRegisteredRaceNames.canonicalKey, lobbyMemberships.canonicalKey)),
  );
  const where = and(
    eq(lobbyMemberships.userId, userId),
    eq(lobbyMemberships.status, "active"),
    eq(lobbyGames.status, "finished"),
    gt(lobbyGames.finishedAt, since),
    canonicalKey === undefined ? undefined : eq(lobbyMemberships.canonicalKey, canonicalKey),
    unregistered,
  );
  return membershipsInGames(db, where, [desc(lobbyGames.finishedAt), asc(lobbyMemberships.id)]);
}

/**
 * The user's latest active membership under this canonical key in a game that finished after `since`, whether or not
 * anyone registered the name since (so registering tells "never earned" (404) from "taken" (409)).
 */
export async function latestFinishedUnder(db: Database, userId: string, canonicalKey: string, since: Date): Promise<MembershipInGame | undefined> {
  const [row] = await db
    .select({ membership: lobbyMemberships, game: lobbyGames })
    .from(lobbyMemberships)
    .innerJoin(lobbyGames, eq(lobbyGames.id, lobbyMemberships.gameId))
    .where(
      and(
        eq(lobbyMemberships.userId, userId),
        eq(lobbyMemberships.status, "active"),
        eq(lobbyMemberships.canonicalKey, canonicalKey),
        eq(lobbyGames.status, "finished"),
        gt(lobbyGames.finishedAt, since),
      ),
    )
    .orderBy(desc(lobbyGames.finishedAt), asc(lobbyMemberships.id))
    .limit(1);
  return row;
}

/** The oldest race name a user registered, if any. */
export async function firstRegisteredNameOf(db: Database, userId: string): Promise<string | undefined> {
  const [row] = await registeredSource(db, userId).rows(0, 1);
  return row?.name;
}
