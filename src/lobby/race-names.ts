/**
 * The race-name registry of seed 004: the caller's race names and the
 * promotion of a `pending_registration` to `registered`.
 *
 * One canonical key (`canonicalRaceName`, the key memberships and
 * applications already collide on) names a race everywhere. A `reservation`
 * is an active membership of a game under way; a `pending_registration` is
 * an active membership of a game that finished within the registration
 * window; both are read from the rosters, never copied. A `registered` name
 * is stored, has one owner platform-wide, and from then on nobody else may
 * take it in any game (`RaceNameGuard`).
 */
import type { Database } from "../db/database.js";
import { isUniqueViolation } from "./db-errors.js";
import { conflict, invalid, notFound } from "./errors.js";
import type { LobbyDeps } from "./games.js";
import {
  countRegistrationsOf,
  getRegistration,
  insertRegistration,
  latestFinishedUnder,
  lockRegistrationsOf,
  pendingSource,
  registeredSource,
  registrantsOf,
  reservationSource,
  type RaceNameSource,
} from "./queries/race-names.js";
import { parseOrThrow, raceNameRegisterSchema, type Paging } from "./requests.js";
import { canonicalRaceName, displayRaceName, MAX_REGISTERED_RACE_NAMES, RACE_NAME_REGISTRATION_WINDOW_MS, raceNameProblem } from "./rules.js";
import { pendingRaceName, registeredRaceName, reservedRaceName, type RaceNameDetail } from "./views.js";

/** The caller's race names and their registration. */
export class RaceNameService {
  private readonly now: () => Date;

  constructor(private readonly deps: LobbyDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A page of the user's race names: registered ones (oldest first), then reservations (as joined), then pending registrations (latest game first). */
  async listMine(userId: string, paging: Paging): Promise<{ items: RaceNameDetail[]; total: number }> {
    const db = this.deps.db;
    const since = windowStart(this.now());
    const sources: Array<RaceNameSource<RaceNameDetail>> = [
      mapSource(registeredSource(db, userId), registeredRaceName),
      mapSource(reservationSource(db, userId), (r) => reservedRaceName(r.membership)),
      mapSource(pendingSource(db, userId, since), (r) => pendingRaceName(r.membership, registrationDeadline(r.game.finishedAt!))),
    ];
    return pageAcross(sources, paging);
  }

  /**
   * Registers a race name the user finished a game under within the window: 404 when they did not, 409 when the name is
   * already registered (by them or anyone) or they are at their limit (`MAX_REGISTERED_RACE_NAMES`).
   */
  async register(userId: string, body: unknown): Promise<RaceNameDetail> {
    const { name } = parseOrThrow(raceNameRegisterSchema, body);
    const shown = displayRaceName(name);
    const problem = raceNameProblem(shown);
    if (problem !== undefined) throw invalid(problem.replace("race_name", "name"));
    const key = canonicalRaceName(shown);
    const now = this.now();
    const since = windowStart(now);
    try {
      return await this.deps.db.transaction(async (tx) => {
        await lockRegistrationsOf(tx, userId);
        const registration = await getRegistration(tx, key);
        if (registration?.ownerUserId === userId) throw conflict(`you have already registered the race name "${registration.name}"`);
        const earned = await latestFinishedUnder(tx, userId, key, since);
        if (earned === undefined) {
          throw notFound(`you have no pending registration of that race name (finish a game under it, then register it within ${WINDOW_DAYS} days)`);
        }
        if (registration !== undefined) throw conflict("that race name is registered by another player");
        if ((await countRegistrationsOf(tx, userId)) >= MAX_REGISTERED_RACE_NAMES) {
          throw conflict(`you have registered the most race names a user may (${MAX_REGISTERED_RACE_NAMES})`);
        }
        const row = await insertRegistration(tx, {
          ownerUserId: userId,
          name: earned.membership.raceName,
          canonicalKey: key,
          sourceGameId: earned.game.id,
          reservedAt: earned.membership.joinedAt,
          registeredAt: now,
        });
        return registeredRaceName(row);
      });
    } catch (error) {
      // another player registered the same name at the same moment
      if (isUniqueViolation(error)) throw conflict("that race name is registered by another player");
      throw error;
    }
  }
}

/** How the rest of the lobby respects registered race names. */
export const RaceNameGuard = {
  /** Refuses (409) a race name registered by someone other than `claimant` (null: whoever redeems a code invite, unknown yet). */
  async requireUsableBy(db: Database, canonicalKey: string, claimant: string | null): Promise<void> {
    const owner = (await registrantsOf(db, [canonicalKey])).get(canonicalKey);
    if (owner !== undefined && owner !== claimant) throw conflict("that race name is registered by another player");
  },

  /** Which of these canonical keys someone other than `userId` registered. */
  async registeredByOthers(db: Database, canonicalKeys: string[], userId: string): Promise<Set<string>> {
    const owners = await registrantsOf(db, canonicalKeys);
    return new Set([...owners].filter(([, owner]) => owner !== userId).map(([key]) => key));
  },
};

const WINDOW_DAYS = Math.round(RACE_NAME_REGISTRATION_WINDOW_MS / (24 * 3600 * 1000));

/** The earliest finish of a game whose names may still be registered at `now`. */
function windowStart(now: Date): Date {
  return new Date(now.getTime() - RACE_NAME_REGISTRATION_WINDOW_MS);
}

/** Until when a name earned in a game finished at `finishedAt` may be registered. */
function registrationDeadline(finishedAt: Date): Date {
  return new Date(finishedAt.getTime() + RACE_NAME_REGISTRATION_WINDOW_MS);
}

function mapSource<T, U>(source: RaceNameSource<T>, map: (row: T) => U): RaceNameSource<U> {
  return { count: source.count, rows: async (offset, limit) => (await source.rows(offset, limit)).map(map) };
}

/** One page of the sources read one after another, reading from each only the rows the page takes. */
async function pageAcross<T>(sources: Array<RaceNameSource<T>>, paging: Paging): Promise<{ items: T[]; total: number }> {
  const counts = await Promise.all(sources.map((s) => s.count()));
  let skip = (paging.page - 1) * paging.page_size;
  let room = paging.page_size;
  const items: T[] = [];
  for (const [i, source] of sources.entries()) {
    const available = counts[i]!;
    if (skip >= available) {
      skip -= available;
      continue;
    }
    if (room === 0) break;
    const take = Math.min(room, available - skip);
    items.push(...(await source.rows(skip, take)));
    room -= take;
    skip = 0;
  }
  return { items, total: counts.reduce((a, b) => a + b, 0) };
}
