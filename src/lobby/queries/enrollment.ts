/** Queries on applications, invites and memberships: plain functions taking the database (or a transaction) first. */
import { and, asc, desc, eq, inArray, lte, or } from "drizzle-orm";
import {
  lobbyApplications,
  lobbyInvites,
  lobbyMemberships,
  type ApplicationStatus,
  type InviteStatus,
  type LobbyApplicationRow,
  type LobbyInviteRow,
  type LobbyMembershipRow,
  type MembershipStatus,
} from "../../../drizzle/schema/index.js";
import type { Database } from "../../db/database.js";
import type { Paging } from "../requests.js";
import type { PageOf } from "./games.js";

const offsetOf = (paging: Paging) => (paging.page - 1) * paging.page_size;

// ------------------------------------------------------------------ memberships

/** Stores a new active membership and returns it. */
export async function insertMembership(
  db: Database,
  values: { gameId: string; userId: string; raceName: string; canonicalKey: string; joinedAt: Date },
): Promise<LobbyMembershipRow> {
  const [row] = await db.insert(lobbyMemberships).values({ ...values, status: "active" }).returning();
  return row!;
}

/** One membership by id, or undefined. */
export async function getMembership(db: Database, id: string): Promise<LobbyMembershipRow | undefined> {
  const [row] = await db.select().from(lobbyMemberships).where(eq(lobbyMemberships.id, id)).limit(1);
  return row;
}

/** Changes a membership's status (stamping `removed_at` when it leaves `active`) and returns it. */
export async function setMembershipStatus(
  db: Database,
  id: string,
  status: MembershipStatus,
  at: Date,
  banReason?: string,
): Promise<LobbyMembershipRow> {
  const [row] = await db
    .update(lobbyMemberships)
    .set({ status, removedAt: at, ...(banReason === undefined ? {} : { banReason }) })
    .where(eq(lobbyMemberships.id, id))
    .returning();
  return row!;
}

/** A user's active membership of a game, if any. */
export async function findActiveMembership(db: Database, gameId: string, userId: string): Promise<LobbyMembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(lobbyMemberships)
    .where(and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.userId, userId), eq(lobbyMemberships.status, "active")))
    .limit(1);
  return row;
}

/** A user's most recent membership of a game in any status, if any. */
export async function findLatestMembership(db: Database, gameId: string, userId: string): Promise<LobbyMembershipRow | undefined> {
  const rows = await db
    .select()
    .from(lobbyMemberships)
    .where(and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.userId, userId)))
    .orderBy(asc(lobbyMemberships.joinedAt), asc(lobbyMemberships.id));
  return rows.find((r) => r.status === "active") ?? rows.find((r) => r.status === "blocked") ?? rows.at(-1);
}

/** The race name a user joined their most recent game under (any game, any membership status), if any. */
export async function latestRaceNameOfUser(db: Database, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ raceName: lobbyMemberships.raceName })
    .from(lobbyMemberships)
    .where(eq(lobbyMemberships.userId, userId))
    .orderBy(desc(lobbyMemberships.joinedAt), desc(lobbyMemberships.id))
    .limit(1);
  return row?.raceName;
}

/** Whether a user is blocked from a game (owner block or administrator ban). */
export async function isBlocked(db: Database, gameId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: lobbyMemberships.id })
    .from(lobbyMemberships)
    .where(and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.userId, userId), eq(lobbyMemberships.status, "blocked")))
    .limit(1);
  return row !== undefined;
}

/** The active members of a game in the order they joined (their seat order). */
export async function activeMembers(db: Database, gameId: string): Promise<LobbyMembershipRow[]> {
  return db
    .select()
    .from(lobbyMemberships)
    .where(and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.status, "active")))
    .orderBy(asc(lobbyMemberships.joinedAt), asc(lobbyMemberships.id));
}

/** How many active members a game has. */
export async function countActiveMembers(db: Database, gameId: string): Promise<number> {
  return db.$count(lobbyMemberships, and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.status, "active")));
}

/** A page of a game's memberships in every status, in the order they were made. */
export async function listMemberships(db: Database, gameId: string, paging: Paging): Promise<PageOf<LobbyMembershipRow>> {
  const where = eq(lobbyMemberships.gameId, gameId);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(lobbyMemberships)
      .where(where)
      .orderBy(asc(lobbyMemberships.joinedAt), asc(lobbyMemberships.id))
      .limit(paging.page_size)
      .offset(offsetOf(paging)),
    db.$count(lobbyMemberships, where),
  ]);
  return { rows, total };
}

// ------------------------------------------------------------------ applications

/** Stores a new application and returns it. */
export async function insertApplication(
  db: Database,
  values: { gameId: string; applicantUserId: string; raceName: string; canonicalKey: string; status: ApplicationStatus; createdAt: Date; decidedAt?: Date },
): Promise<LobbyApplicationRow> {
  const [row] = await db.insert(lobbyApplications).values(values).returning();
  return row!;
}

/** One application by id, or undefined. */
export async function getApplication(db: Database, id: string): Promise<LobbyApplicationRow | undefined> {
  const [row] = await db.select().from(lobbyApplications).where(eq(lobbyApplications.id, id)).limit(1);
  return row;
}

/** Decides a pending application; returns it, or undefined when it was no longer pending. */
export async function decideApplication(
  db: Database,
  id: string,
  status: "approved" | "rejected",
  at: Date,
): Promise<LobbyApplicationRow | undefined> {
  const [row] = await db
    .update(lobbyApplications)
    .set({ status, decidedAt: at })
    .where(and(eq(lobbyApplications.id, id), eq(lobbyApplications.status, "pending")))
    .returning();
  return row;
}

/** A user's pending application to a game, if any. */
export async function findPendingApplication(db: Database, gameId: string, userId: string): Promise<LobbyApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(lobbyApplications)
    .where(and(eq(lobbyApplications.gameId, gameId), eq(lobbyApplications.applicantUserId, userId), eq(lobbyApplications.status, "pending")))
    .limit(1);
  return row;
}

/** A page of a user's applications in every status, oldest first. */
export async function listApplicationsOfUser(db: Database, userId: string, paging: Paging): Promise<PageOf<LobbyApplicationRow>> {
  const where = eq(lobbyApplications.applicantUserId, userId);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(lobbyApplications)
      .where(where)
      .orderBy(asc(lobbyApplications.createdAt), asc(lobbyApplications.id))
      .limit(paging.page_size)
      .offset(offsetOf(paging)),
    db.$count(lobbyApplications, where),
  ]);
  return { rows, total };
}

/** Rejects a user's pending applications to a game (they were blocked). */
export async function rejectPendingApplicationsOf(db: Database, gameId: string, userId: string, at: Date): Promise<void> {
  await db
    .update(lobbyApplications)
    .set({ status: "rejected", decidedAt: at })
    .where(and(eq(lobbyApplications.gameId, gameId), eq(lobbyApplications.applicantUserId, userId), eq(lobbyApplications.status, "pending")));
}

// ------------------------------------------------------------------ invites

/** Stores a new invite and returns it. */
export async function insertInvite(
  db: Database,
  values: { gameId: string; inviterUserId: string; invitedUserId: string | null; code: string | null; raceName: string; createdAt: Date; expiresAt: Date },
): Promise<LobbyInviteRow> {
  const [row] = await db.insert(lobbyInvites).values({ ...values, status: "pending" }).returning();
  return row!;
}

/** One invite by id, or undefined. */
export async function getInvite(db: Database, id: string): Promise<LobbyInviteRow | undefined> {
  const [row] = await db.select().from(lobbyInvites).where(eq(lobbyInvites.id, id)).limit(1);
  return row;
}

/** Decides a pending invite; returns it, or undefined when it was no longer pending. */
export async function decideInvite(
  db: Database,
  id: string,
  status: Exclude<InviteStatus, "pending">,
  at: Date,
  redeemed?: { userId: string; raceName: string },
): Promise<LobbyInviteRow | undefined> {
  const [row] = await db
    .update(lobbyInvites)
    .set({ status, decidedAt: at, ...(redeemed === undefined ? {} : { invitedUserId: redeemed.userId, raceName: redeemed.raceName }) })
    .where(and(eq(lobbyInvites.id, id), eq(lobbyInvites.status, "pending")))
    .returning();
  return row;
}

/** A pending invite bound to this user for a game, if any. */
export async function findPendingInviteFor(db: Database, gameId: string, userId: string): Promise<LobbyInviteRow | undefined> {
  const [row] = await db
    .select()
    .from(lobbyInvites)
    .where(and(eq(lobbyInvites.gameId, gameId), eq(lobbyInvites.invitedUserId, userId), eq(lobbyInvites.status, "pending")))
    .limit(1);
  return row;
}

/** A page of the invites a user received or issued, in every status, oldest first. */
export async function listInvitesOfUser(db: Database, userId: string, paging: Paging): Promise<PageOf<LobbyInviteRow>> {
  const where = or(eq(lobbyInvites.invitedUserId, userId), eq(lobbyInvites.inviterUserId, userId));
  const [rows, total] = await Promise.all([
    db.select().from(lobbyInvites).where(where).orderBy(asc(lobbyInvites.createdAt), asc(lobbyInvites.id)).limit(paging.page_size).offset(offsetOf(paging)),
    db.$count(lobbyInvites, where),
  ]);
  return { rows, total };
}

/** Revokes the pending invites bound to a user for a game (they were blocked). */
export async function revokePendingInvitesFor(db: Database, gameId: string, userId: string, at: Date): Promise<void> {
  await db
    .update(lobbyInvites)
    .set({ status: "revoked", decidedAt: at })
    .where(and(eq(lobbyInvites.gameId, gameId), eq(lobbyInvites.invitedUserId, userId), eq(lobbyInvites.status, "pending")));
}

/** Marks every pending invite past its `expires_at` as expired. */
export async function expireDueInvites(db: Database, now: Date): Promise<void> {
  await db
    .update(lobbyInvites)
    .set({ status: "expired", decidedAt: now })
    .where(and(eq(lobbyInvites.status, "pending"), lte(lobbyInvites.expiresAt, now)));
}

// ------------------------------------------------------------------ across tables

/** Closes what was still open when a game's enrollment ended: pending applications are rejected, pending invites revoked. */
export async function closePendingOfGames(db: Database, gameIds: string[], at: Date): Promise<void> {
  if (gameIds.length === 0) return;
  await db
    .update(lobbyApplications)
    .set({ status: "rejected", decidedAt: at })
    .where(and(inArray(lobbyApplications.gameId, gameIds), eq(lobbyApplications.status, "pending")));
  await db
    .update(lobbyInvites)
    .set({ status: "revoked", decidedAt: at })
    .where(and(inArray(lobbyInvites.gameId, gameIds), eq(lobbyInvites.status, "pending")));
}

/** Whether the user has anything to do with a game: a membership, an application, or an invite bound to them. */
export async function isParticipant(db: Database, gameId: string, userId: string): Promise<boolean> {
  const [membership, application, invite] = await Promise.all([
    db
      .select({ id: lobbyMemberships.id })
      .from(lobbyMemberships)
      .where(and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.userId, userId)))
      .limit(1),
    db
      .select({ id: lobbyApplications.id })
      .from(lobbyApplications)
      .where(and(eq(lobbyApplications.gameId, gameId), eq(lobbyApplications.applicantUserId, userId)))
      .limit(1),
    db
      .select({ id: lobbyInvites.id })
      .from(lobbyInvites)
      .where(and(eq(lobbyInvites.gameId, gameId), eq(lobbyInvites.invitedUserId, userId)))
      .limit(1),
  ]);
  return membership.length > 0 || application.length > 0 || invite.length > 0;
}

/** Canonical race-name keys held in a game: by active members, pending applications and pending named invites. */
export async function heldRaceNames(
  db: Database,
  gameId: string,
): Promise<{ members: Array<{ key: string; userId: string }>; applications: Array<{ key: string; id: string; userId: string }>; invites: Array<{ name: string; id: string }> }> {
  const [members, applications, invites] = await Promise.all([
    db
      .select({ key: lobbyMemberships.canonicalKey, userId: lobbyMemberships.userId })
      .from(lobbyMemberships)
      .where(and(eq(lobbyMemberships.gameId, gameId), eq(lobbyMemberships.status, "active"))),
    db
      .select({ key: lobbyApplications.canonicalKey, id: lobbyApplications.id, userId: lobbyApplications.applicantUserId })
      .from(lobbyApplications)
      .where(and(eq(lobbyApplications.gameId, gameId), eq(lobbyApplications.status, "pending"))),
    db
      .select({ name: lobbyInvites.raceName, id: lobbyInvites.id })
      .from(lobbyInvites)
      .where(and(eq(lobbyInvites.gameId, gameId), eq(lobbyInvites.status, "pending"))),
  ]);
  return { members, applications, invites };
}
