/**
 * What rooms need from the rest of the server (logger, metrics, database,
 * token verification). Colyseus constructs rooms itself, so the server
 * provides these once at start and rooms read them here.
 */
import type { TokenVerifier } from "../../src/auth/jwt.js";
import type { Config } from "../../src/config.js";
import type { Database } from "../../src/db/database.js";
import type { Logger } from "../../src/logger.js";
import type { Metrics } from "../../src/metrics.js";
import type { PlatformServices } from "../../src/platform/index.js";

/** Services shared by every room of this process. */
export interface RoomServices {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  /** Local JWT verification; undefined in guest mode. */
  verifyToken?: TokenVerifier;
  /** Lifecycle callbacks to the matchmaking service (a no-op reporter without PLATFORM_URL). */
  platform: PlatformServices;
}

let current: RoomServices | undefined;

/** Makes the services available to rooms (called by the server before it listens). */
export function provideRoomServices(services: RoomServices): void {
  current = services;
}

/** The services of this process; throws if the server has not provided them (a wiring bug). */
export function roomServices(): RoomServices {
  if (current === undefined) throw new Error("room services were not provided: start rooms through startServer()");
  return current;
}
