/**
 * Who plays a lobby game: applications, invites (user-bound or by code) and
 * memberships, with race names unique per game by their canonical key (and a
 * name someone registered usable by its registrant only, see race-names.ts). Every
 * change that can add a member locks the game row first, so concurrent
 * approvals and redemptions never take a game past `max_players`.
 */
import { randomInt } from "node:crypto";
import type { LobbyGameRow, LobbyInviteRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import { requireOwner, userIdOf, visibleGame, type Actor } from "./access.js";
import { isUniqueViolation } from "./db-errors.js";
import { conflict, forbidden, invalid, notFound } from "./errors.js";
import type { LobbyDeps } from "./games.js";
import {
  countActiveMembers,
  decideApplication,
  decideInvite,
  findActiveMembership,
  findLatestMembership,
  findPendingApplication,
  findPendingInviteFor,
  getApplication,
  getInvite,
  getMembership,
  heldRaceNames,
  insertApplication,
  insertInvite,
  insertMembership,
  isBlocked,
  latestRaceNameOfUser,
  listApplicationsOfUser,
  listInvitesOfUser,
  listMemberships,
  rejectPendingApplicationsOf,
  revokePendingInvitesFor,
  setMembershipStatus,
} from "./queries/enrollment.js";
import { getGame, lockGame } from "./queries/games.js";
import { firstRegisteredNameOf } from "./queries/race-names.js";
import { RaceNameGuard } from "./race-names.js";
import { applicationSubmitSchema, banMemberSchema, inviteAnswerSchema, inviteIssueSchema, parseOrThrow, type Paging } from "./requests.js";
import {
  canonicalRaceName,
  DEFAULT_INVITE_LIFETIME_MS,
  displayRaceName,
  INVITABLE,
  INVITE_CODE_ALPHABET,
  INVITE_CODE_LENGTH,
  RACE_NAME_MAX,
  raceNameProblem,
  ROSTER_OPEN,
} from "./rules.js";
import {
  applicationDetail,
  inviteDetail,
  membershipDetail,
  type LobbyApplicationDetail,
  type LobbyInviteDetail,
  type LobbyMembershipDetail,
} from "./views.js";

/** What a race name must not collide with (the request's own application or invite is left out). */
interface RaceNameExclusions {
  applicationId?: string;
  inviteId?: string;
}

/** Applications, invites and memberships. */
export class EnrollmentService {
  private readonly now: () => Date;

  constructor(private readonly deps: LobbyDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  // ---------------------------------------------------------------- applications

  /** A user applies under a race name; applications to public games are approved at once (they have no owner to decide). */
  async submitApplication(userId: string, gameId: string, body: unknown): Promise<LobbyApplicationDetail> {
    const actor: Actor = { kind: "user", userId };
    await visibleGame(this.deps.db, gameId, actor);
    if (await isBlocked(this.deps.db, gameId, userId)) throw forbidden("you are blocked from this game");
    const { race_name } = parseOrThrow(applicationSubmitSchema, body);
    const raceName = checkedRaceName(race_name);
    const key = canonicalRaceName(raceName);
    const now = this.now();
    return this.withUniqueGuard(() =>
      this.deps.db.transaction(async (tx) => {
        const game = await this.lockedGame(tx, gameId);
        if (game.status !== "enrollment_open") throw conflict(`the game is not open for enrollment (status ${game.status})`);
        if ((await findActiveMembership(tx, gameId, userId)) !== undefined) throw conflict("you are already a member of this game");
        if ((await findPendingApplication(tx, gameId, userId)) !== undefined) throw conflict("you already have a pending application to this game");
        await this.requireRoom(tx, game);
        await this.requireFreeRaceName(tx, gameId, key, {}, userId);
        if (game.visibility === "public") {
          const row = await insertApplication(tx, { gameId, applicantUserId: userId, raceName, canonicalKey: key, status: "approved", createdAt: now, decidedAt: now });
          await insertMembership(tx, { gameId, userId, raceName, canonicalKey: key, joinedAt: now });
          return applicationDetail(row);
        }
        const row = await insertApplication(tx, { gameId, applicantUserId: userId, raceName, canonicalKey: key, status: "pending", createdAt: now });
        return applicationDetail(row);
      }),
    );
  }

  /** The owner approves a pending application: the applicant becomes an active member. */
  async approveApplication(actor: Actor, gameId: string, applicationId: string): Promise<LobbyApplicationDetail> {
    const game = await visibleGame(this.deps.db, gameId, actor);
    requireOwner(game, actor, "approving applications");
    await this.applicationOf(gameId, applicationId);
    const now = this.now();
    return this.withUniqueGuard(() =>
      this.deps.db.transaction(async (tx) => {
        const locked = await this.lockedGame(tx, gameId);
        const application = (await getApplication(tx, applicationId))!;
        if (application.status !== "pending") throw conflict(`the application is already ${application.status}`);
        if (locked.status !== "enrollment_open") throw conflict(`the game is not open for enrollment (status ${locked.status})`);
        if (await isBlocked(tx, gameId, application.applicantUserId)) throw conflict("the applicant is blocked from this game");
        if ((await findActiveMembership(tx, gameId, application.applicantUserId)) !== undefined) {
          throw conflict("the applicant is already a member of this game");
        }
        await this.requireRoom(tx, locked);
        await this.requireFreeRaceName(tx, gameId, application.canonicalKey, { applicationId }, application.applicantUserId);
        const decided = (await decideApplication(tx, applicationId, "approved", now))!;
        await insertMembership(tx, {
          gameId,
          userId: application.applicantUserId,
          raceName: application.raceName,
          canonicalKey: application.canonicalKey,
          joinedAt: now,
        });
        return applicationDetail(decided);
      }),
    );
  }

  /** The owner rejects a pending application. */
  async rejectApplication(actor: Actor, gameId: string, applicationId: string): Promise<LobbyApplicationDetail> {
    const game = await visibleGame(this.deps.db, gameId, actor);
    requireOwner(game, actor, "rejecting applications");
    const application = await this.applicationOf(gameId, applicationId);
    const decided = await decideApplication(this.deps.db, applicationId, "rejected", this.now());
    if (decided === undefined) throw conflict(`the application is already ${application.status === "pending" ? "decided" : application.status}`);
    return applicationDetail(decided);
  }

  /** A page of the user's applications. */
  async listMyApplications(userId: string, paging: Paging): Promise<{ items: LobbyApplicationDetail[]; total: number }> {
    const page = await listApplicationsOfUser(this.deps.db, userId, paging);
    return { items: page.rows.map(applicationDetail), total: page.total };
  }

  // ---------------------------------------------------------------- invites

  /** The owner invites a given user, or (without `invited_user_id`) issues a one-shot code anyone may redeem. */
  async issueInvite(actor: Actor, gameId: string, body: unknown): Promise<LobbyInviteDetail> {
    const game = await visibleGame(this.deps.db, gameId, actor);
    requireOwner(game, actor, "issuing invites");
    const input = parseOrThrow(inviteIssueSchema, body);
    const now = this.now();
    const raceName = input.race_name === undefined ? "" : checkedRaceName(input.race_name);
    const expiresAt = input.expires_at ?? new Date(now.getTime() + DEFAULT_INVITE_LIFETIME_MS);
    if (expiresAt.getTime() <= now.getTime()) throw invalid("expires_at must be in the future");
    const inviter = userIdOf(actor);
    if (inviter === null) throw forbidden("invites are issued by the game's owner");
    const invited = input.invited_user_id ?? null;
    return this.withUniqueGuard(() =>
      this.deps.db.transaction(async (tx) => {
        const locked = await this.lockedGame(tx, gameId);
        if (!INVITABLE.includes(locked.status)) throw conflict(`invites cannot be issued while the game is ${locked.status}`);
        if (invited !== null) {
          if (await isBlocked(tx, gameId, invited)) throw conflict("that user is blocked from this game");
          if ((await findActiveMembership(tx, gameId, invited)) !== undefined) throw conflict("that user is already a member of this game");
          if ((await findPendingInviteFor(tx, gameId, invited)) !== undefined) throw conflict("that user already has a pending invite to this game");
        }
        await this.requireRoom(tx, locked);
        if (raceName !== "") await this.requireFreeRaceName(tx, gameId, canonicalRaceName(raceName), {}, invited);
        const row = await insertInvite(tx, {
          gameId,
          inviterUserId: inviter,
          invitedUserId: invited,
          code: invited === null ? newInviteCode() : null,
          raceName,
          createdAt: now,
          expiresAt,
        });
        return inviteDetail(row, inviter);
      }),
    );
  }

  /**
   * The invitee joins the game. A user-bound invite is for its user only; a code-based invite may be redeemed by
   * whoever holds its id (the seed's redeem has no body: the unguessable invite id, handed out with the code, is the
   * capability). A body is optional: `code`, when given, must match; `race_name` names the member when the invite
   * carries none, and otherwise the invitee gets a default race name (`defaultRaceName`).
   */
  async redeemInvite(userId: string, gameId: string, inviteId: string, body: unknown): Promise<LobbyInviteDetail> {
    const actor: Actor = { kind: "user", userId };
    await visibleGame(this.deps.db, gameId, actor);
    const invite = await this.inviteOf(gameId, inviteId);
    const answer = parseOrThrow(inviteAnswerSchema, body ?? {});
    requireInvitee(invite, userId, answer.code);
    if (await isBlocked(this.deps.db, gameId, userId)) throw forbidden("you are blocked from this game");
    if (invite.status !== "pending") throw conflict(`the invite is ${invite.status}`);
    const chosen = raceNameForRedeem(invite, answer.race_name);
    const now = this.now();
    return this.withUniqueGuard(() =>
      this.deps.db.transaction(async (tx) => {
        const game = await this.lockedGame(tx, gameId);
        const current = (await getInvite(tx, inviteId))!;
        if (current.status !== "pending") throw conflict(`the invite is ${current.status}`);
        if (current.expiresAt.getTime() <= now.getTime()) throw conflict("the invite is expired");
        if (game.status !== "enrollment_open") throw conflict(`the game is not open for enrollment (status ${game.status})`);
        if ((await findActiveMembership(tx, gameId, userId)) !== undefined) throw conflict("you are already a member of this game");
        await this.requireRoom(tx, game);
        const raceName = chosen ?? (await this.defaultRaceName(tx, gameId, userId, inviteId));
        const key = canonicalRaceName(raceName);
        await this.requireFreeRaceName(tx, gameId, key, { inviteId }, userId);
        const redeemed = (await decideInvite(tx, inviteId, "redeemed", now, { userId, raceName }))!;
        await insertMembership(tx, { gameId, userId, raceName, canonicalKey: key, joinedAt: now });
        return inviteDetail(redeemed, userId);
      }),
    );
  }

  /** The invitee (or whoever holds a code-based invite's id; its `code`, when given, must match) declines a pending invite. */
  async declineInvite(userId: string, gameId: string, inviteId: string, body: unknown): Promise<LobbyInviteDetail> {
    await visibleGame(this.deps.db, gameId, { kind: "user", userId });
    const invite = await this.inviteOf(gameId, inviteId);
    const answer = parseOrThrow(inviteAnswerSchema, body ?? {});
    requireInvitee(invite, userId, answer.code);
    const decided = await decideInvite(this.deps.db, inviteId, "declined", this.now());
    if (decided === undefined) throw conflict(`the invite is ${invite.status === "pending" ? "already decided" : invite.status}`);
    return inviteDetail(decided, userId);
  }

  /** The issuer revokes a pending invite. */
  async revokeInvite(userId: string, gameId: string, inviteId: string): Promise<LobbyInviteDetail> {
    await visibleGame(this.deps.db, gameId, { kind: "user", userId });
    const invite = await this.inviteOf(gameId, inviteId);
    if (invite.inviterUserId !== userId) throw forbidden("only the user who issued the invite may revoke it");
    const decided = await decideInvite(this.deps.db, inviteId, "revoked", this.now());
    if (decided === undefined) throw conflict(`the invite is ${invite.status === "pending" ? "already decided" : invite.status}`);
    return inviteDetail(decided, userId);
  }

  /** A page of the invites the user received or issued. */
  async listMyInvites(userId: string, paging: Paging): Promise<{ items: LobbyInviteDetail[]; total: number }> {
    const page = await listInvitesOfUser(this.deps.db, userId, paging);
    return { items: page.rows.map((row) => inviteDetail(row, userId)), total: page.total };
  }

  // ---------------------------------------------------------------- memberships

  /** A page of a game's memberships, in every status. */
  async listMemberships(actor: Actor, gameId: string, paging: Paging): Promise<{ items: LobbyMembershipDetail[]; total: number }> {
    await visibleGame(this.deps.db, gameId, actor);
    const page = await listMemberships(this.deps.db, gameId, paging);
    return { items: page.rows.map(membershipDetail), total: page.total };
  }

  /** The owner removes a member, or a member leaves, before the game starts; they may apply again. */
  async removeMembership(actor: Actor, gameId: string, membershipId: string): Promise<LobbyMembershipDetail> {
    const game = await visibleGame(this.deps.db, gameId, actor);
    const membership = await this.membershipOf(gameId, membershipId);
    if (actor.kind === "user" && membership.userId !== actor.userId) requireOwner(game, actor, "removing another member");
    const row = await this.deps.db.transaction(async (tx) => {
      const locked = await this.lockedGame(tx, gameId);
      if (!ROSTER_OPEN.includes(locked.status)) throw conflict(`members cannot be removed while the game is ${locked.status}`);
      const current = (await getMembership(tx, membershipId))!;
      if (current.status !== "active") throw conflict(`the membership is already ${current.status}`);
      return setMembershipStatus(tx, membershipId, "removed", this.now());
    });
    return membershipDetail(row);
  }

  /** The owner blocks a member before the game starts: the user can neither apply nor be invited again. */
  async blockMembership(actor: Actor, gameId: string, membershipId: string): Promise<LobbyMembershipDetail> {
    const game = await visibleGame(this.deps.db, gameId, actor);
    requireOwner(game, actor, "blocking members");
    await this.membershipOf(gameId, membershipId);
    const now = this.now();
    const row = await this.deps.db.transaction(async (tx) => {
      const locked = await this.lockedGame(tx, gameId);
      if (!ROSTER_OPEN.includes(locked.status)) throw conflict(`members cannot be blocked while the game is ${locked.status}`);
      const current = (await getMembership(tx, membershipId))!;
      if (current.status === "blocked") throw conflict("the membership is already blocked");
      return this.block(tx, current.id, gameId, current.userId, now);
    });
    return membershipDetail(row);
  }

  /** An administrator bans a user from a game, whatever its status; the room of a running game is not changed. */
  async banMember(gameId: string, body: unknown): Promise<LobbyMembershipDetail> {
    if ((await getGame(this.deps.db, gameId)) === undefined) throw notFound("no such game");
    const input = parseOrThrow(banMemberSchema, body);
    const now = this.now();
    const row = await this.deps.db.transaction(async (tx) => {
      await this.lockedGame(tx, gameId);
      const membership = await findLatestMembership(tx, gameId, input.user_id);
      if (membership === undefined) throw notFound("that user has no membership in this game");
      if (membership.status === "blocked") throw conflict("that user is already banned from this game");
      return this.block(tx, membership.id, gameId, membership.userId, now, input.reason);
    });
    return membershipDetail(row);
  }

  // ---------------------------------------------------------------- helpers

  private async block(tx: Database, membershipId: string, gameId: string, userId: string, at: Date, reason?: string) {
    const row = await setMembershipStatus(tx, membershipId, "blocked", at, reason);
    await rejectPendingApplicationsOf(tx, gameId, userId, at);
    await revokePendingInvitesFor(tx, gameId, userId, at);
    return row;
  }

  private async lockedGame(tx: Database, gameId: string): Promise<LobbyGameRow> {
    const game = await lockGame(tx, gameId);
    if (game === undefined) throw notFound("no such game");
    return game;
  }

  /** Enrollment closes once `max_players` members are active. */
  private async requireRoom(tx: Database, game: LobbyGameRow): Promise<void> {
    const members = await countActiveMembers(tx, game.id);
    if (members >= game.maxPlayers) throw conflict(`enrollment is closed: the game is full (${members} of ${game.maxPlayers})`);
  }

  /** A race name free in this game (no member, pending application or other named invite holds its key) and not registered by anyone but `claimant`. */
  private async requireFreeRaceName(tx: Database, gameId: string, key: string, except: RaceNameExclusions, claimant: string | null): Promise<void> {
    const held = await heldRaceNames(tx, gameId);
    const taken =
      held.members.some((m) => m.key === key) ||
      held.applications.some((a) => a.key === key && a.id !== except.applicationId) ||
      held.invites.some((i) => i.name !== "" && i.id !== except.inviteId && canonicalRaceName(i.name) === key);
    if (taken) throw conflict("that race name is already taken in this game");
    await RaceNameGuard.requireUsableBy(tx, key, claimant);
  }

  /**
   * The race name of an invitee whose invite names none and who gave none: the race name they registered, else the
   * name they joined their latest game under (unless someone else has registered it since), else
   * `Player <first 8 characters of their user id>`; made unique in this game by appending " 2", " 3", ..., skipping
   * names another player registered.
   */
  private async defaultRaceName(tx: Database, gameId: string, userId: string, inviteId: string): Promise<string> {
    const fallback = `Player ${userId.slice(0, 8)}`;
    const latest = await latestRaceNameOfUser(tx, userId);
    const usable = latest !== undefined && (await RaceNameGuard.registeredByOthers(tx, [canonicalRaceName(latest)], userId)).size === 0;
    const base = (await firstRegisteredNameOf(tx, userId)) ?? (usable ? latest : fallback);
    const held = await heldRaceNames(tx, gameId);
    const taken = new Set([
      ...held.members.map((m) => m.key),
      ...held.applications.map((a) => a.key),
      ...held.invites.filter((i) => i.name !== "" && i.id !== inviteId).map((i) => canonicalRaceName(i.name)),
    ]);
    // candidates are tried a batch at a time, so names registered by others cost one query per batch
    for (let first = 1; ; first += 16) {
      const batch = Array.from({ length: 16 }, (_, i) => withSuffix(base, first + i));
      const registered = await RaceNameGuard.registeredByOthers(tx, batch.map(canonicalRaceName), userId);
      const free = batch.find((candidate) => !taken.has(canonicalRaceName(candidate)) && !registered.has(canonicalRaceName(candidate)));
      if (free !== undefined) return free;
    }
  }

  private async applicationOf(gameId: string, applicationId: string) {
    const application = await getApplication(this.deps.db, applicationId);
    if (application === undefined || application.gameId !== gameId) throw notFound("no such application");
    return application;
  }

  private async inviteOf(gameId: string, inviteId: string): Promise<LobbyInviteRow> {
    const invite = await getInvite(this.deps.db, inviteId);
    if (invite === undefined || invite.gameId !== gameId) throw notFound("no such invite");
    return invite;
  }

  private async membershipOf(gameId: string, membershipId: string) {
    const membership = await getMembership(this.deps.db, membershipId);
    if (membership === undefined || membership.gameId !== gameId) throw notFound("no such membership");
    return membership;
  }

  /** The unique indexes are the last line of defence; a violation they catch is a conflict like the checks above. */
  private async withUniqueGuard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict("a concurrent change took that place or race name; try again");
      throw error;
    }
  }
}

/** A race name as given, tidied and checked. */
function checkedRaceName(raw: string): string {
  const name = displayRaceName(raw);
  const problem = raceNameProblem(name);
  if (problem !== undefined) throw invalid(problem);
  return name;
}

/** The race name a redemption uses: the invite's, or the one the redeemer gives; undefined when neither names one (a default is chosen). */
function raceNameForRedeem(invite: LobbyInviteRow, given: string | undefined): string | undefined {
  if (invite.raceName !== "") {
    if (given !== undefined && canonicalRaceName(displayRaceName(given)) !== canonicalRaceName(invite.raceName)) {
      throw invalid(`this invite carries the race name "${invite.raceName}"`);
    }
    return invite.raceName;
  }
  return given === undefined ? undefined : checkedRaceName(given);
}

/**
 * Only the bound user may answer a user-bound invite. A code-based invite may be answered by whoever holds its id
 * (the seed's capability); a `code` sent along (this server's optional extension) must be the invite's.
 */
function requireInvitee(invite: LobbyInviteRow, userId: string, code: string | undefined): void {
  if (invite.code === null) {
    if (invite.invitedUserId !== userId) throw forbidden("this invite is for another user");
    return;
  }
  if (code !== undefined && code.toUpperCase() !== invite.code) throw forbidden("wrong invite code");
}

/** `base` as the n-th candidate race name: itself, then "base 2", "base 3", ... (cut to fit `RACE_NAME_MAX`). */
function withSuffix(base: string, n: number): string {
  const suffix = n === 1 ? "" : ` ${n}`;
  return [...base].slice(0, RACE_NAME_MAX - suffix.length).join("").trimEnd() + suffix;
}

/** A fresh short invite code. */
function newInviteCode(): string {
  let code = "";
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += INVITE_CODE_ALPHABET[randomInt(INVITE_CODE_ALPHABET.length)];
  return code;
}
