/**
 * Presence and matchmaking driver: Redis (shared by every node) when
 * REDIS_URL is set, otherwise in-process (one node).
 */
import { LocalPresence, type Presence, type matchMaker } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { IndexedLocalDriver } from "./indexed-local-driver.js";

/** The presence and driver pair a server runs with. */
export interface PresenceSetup {
  presence: Presence;
  driver: matchMaker.MatchMakerDriver;
  kind: "redis" | "local";
  /** Location without credentials, for the start-up log. */
  description: string;
}

/** Builds the presence and driver chosen by configuration. */
export function createPresence(settings: { redisUrl?: string }): PresenceSetup {
  if (settings.redisUrl === undefined) {
    return { presence: new LocalPresence(), driver: new IndexedLocalDriver(), kind: "local", description: "local (single node)" };
  }
  const url = new URL(settings.redisUrl);
  return {
    presence: new RedisPresence(settings.redisUrl),
    driver: new RedisDriver(settings.redisUrl),
    kind: "redis",
    description: `redis://${url.host}${url.pathname === "/" ? "" : url.pathname}`,
  };
}
