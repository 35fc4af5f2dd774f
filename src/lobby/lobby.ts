/** The lobby as one object: its services, the sweeper of time-driven changes, and its start-up work. */
import { AdminAccounts } from "./admin-accounts.js";
import { EnrollmentService } from "./enrollment.js";
import { GamesService, type LobbyDeps } from "./games.js";
import { seedEngineVersions } from "./queries/games.js";
import { RaceNameService } from "./race-names.js";
import { DEFAULT_ENGINE_VERSIONS } from "./rules.js";
import { Sweeper } from "./sweeper.js";

/** Everything the lobby's route modules call. */
export interface Lobby {
  games: GamesService;
  enrollment: EnrollmentService;
  raceNames: RaceNameService;
  admins: AdminAccounts;
  sweeper: Sweeper;
  /** Settles when start-up work is done: default engine versions present, first administrator created. */
  ready: Promise<void>;
}

/** Builds the lobby and starts its start-up work (engine versions, first administrator). */
export function createLobby(deps: LobbyDeps): Lobby {
  const now = deps.now ?? (() => new Date());
  const admins = new AdminAccounts(deps.db, () => now().getTime());
  const ready = (async () => {
    await seedEngineVersions(deps.db, DEFAULT_ENGINE_VERSIONS);
    if (await admins.bootstrap(deps.settings.bootstrapAdmin)) {
      deps.logger.info({ username: deps.settings.bootstrapAdmin?.username }, "first lobby administrator created from ADMIN_USERNAME");
    }
  })();
  // a failure is reported by every request that waits for it; log it once here as well
  ready.catch((error: unknown) => deps.logger.error({ err: error }, "lobby start-up failed; lobby requests answer 503"));
  return {
    games: new GamesService(deps),
    enrollment: new EnrollmentService(deps),
    raceNames: new RaceNameService(deps),
    admins,
    sweeper: new Sweeper(deps.db, now),
    ready,
  };
}
