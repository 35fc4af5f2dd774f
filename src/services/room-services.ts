/**
 * What rooms need from the rest of the server (logger, metrics, database,
 * token verification). Colyseus constructs rooms itself, so the server
 * provides these once at start and rooms read them here.
 */
import type { TokenVerifier } from "../auth/jwt.js";
import type { ChatService } from "../chat/index.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { PlatformServices } from "../platform/index.js";

/** A managed room's life event, as local hooks see it (e.g. the lobby keeping its games in step). */
export type RoomLifecycleEvent =
  | { kind: "started"; roomId: string; at: Date }
  | { kind: "finished"; roomId: string; at: Date; winnerId: string | null }
  | { kind: "aborted"; roomId: string; at: Date; reason: string }
  | { kind: "turn"; roomId: string; at: Date; turnNumber: number };

/** Something that follows managed rooms' lives on this node; failures are logged, never thrown into rooms. */
export type RoomLifecycleHook = (event: RoomLifecycleEvent) => void | Promise<void>;

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
  /** Local followers of managed rooms' lives (the lobby registers one). */
  lifecycleHooks: RoomLifecycleHook[];
  /** In-room chat (seed 002). */
  chat: ChatService;
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
