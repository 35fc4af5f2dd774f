/**
 * Notices processes that died without shutting down (kill -9, a lost
 * machine): their Colyseus process channel disappears from Redis at once.
 * One surviving node (whichever takes the lock) marks each of the dead
 * process's matchmaking-created rooms aborted with `process_error`, recording
 * the `aborted` callback in the lifecycle outbox in the same transaction (so
 * it is reported exactly once, whoever else — start-up recovery of the dead
 * node's next life — sees the room), and removes their listings, so players
 * get a clear "not found" on their next join attempt.
 */
import { matchMaker, type IRoomCache } from "@colyseus/core";
import type { Redis } from "ioredis";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { LifecycleOutbox } from "../platform/index.js";
import type { NodeRegistry } from "./node-registry.js";
import { gameOfRoom } from "../games/registry.js";
import { managedRoomsKey } from "../services/managed-spec.js";

/** What the reaper needs. */
export interface ReaperDeps {
  redis: Redis;
  registry: NodeRegistry;
  outbox: LifecycleOutbox;
  db: Database;
  logger: Logger;
  nodeName: string;
  intervalMs: number;
}

/** Whether a room was created by the matchmaking service (only those are reported to it). */
function isManaged(room: IRoomCache): boolean {
  const metadata = room.metadata as { managed?: boolean } | undefined;
  // rooms of a game clients cannot create exist only as managed rooms
  return gameOfRoom(room.name)?.clientCreatable === false || metadata?.managed === true;
}

/** Process ids that have a set of unsettled managed rooms in Redis. */
async function processesWithManagedRooms(redis: Redis): Promise<string[]> {
  const prefix = managedRoomsKey("");
  const ids: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) ids.push(key.slice(prefix.length));
  } while (cursor !== "0");
  return ids;
}

/** Periodic check for dead processes and clean-up of what they held. */
export class DeadNodeReaper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly deps: ReaperDeps) {}

  /** Cleans up this node's own previous life at once, then checks every interval. */
  async start(): Promise<void> {
    await this.sweep(true);
    this.timer = setInterval(() => {
      this.running ??= this.sweep(false)
        .catch((error: unknown) => this.deps.logger.error({ err: error }, "dead-node check failed"))
        .finally(() => {
          this.running = undefined;
        });
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  /** Stops checking (waits for a check under way). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: every process that holds rooms or a registry entry but has no live channel is reaped. */
  async sweep(startup = false): Promise<void> {
    const channels = await matchMaker.presence.channels("p:*");
    const alive = new Set(channels.map((channel) => channel.slice(2)));
    alive.add(matchMaker.processId);

    const entries = await this.deps.registry.entries();
    const rooms = await matchMaker.driver.query({});
    const suspects = new Set<string>();
    for (const entry of entries) if (!alive.has(entry.process_id)) suspects.add(entry.process_id);
    for (const room of rooms) if (room.processId !== undefined && !alive.has(room.processId)) suspects.add(room.processId);
    // Colyseus may already have dropped a dead process's listings (it does at start): its managed rooms are also kept here
    for (const processId of await processesWithManagedRooms(this.deps.redis)) if (!alive.has(processId)) suspects.add(processId);
    if (startup) {
      const previousLives = entries.filter((e) => e.node_name === this.deps.nodeName && e.process_id !== matchMaker.processId);
      if (previousLives.length > 0) this.deps.logger.info({ count: previousLives.length }, "cleaning up this node's previous life");
    }

    for (const processId of suspects) {
      const entry = entries.find((e) => e.process_id === processId);
      await this.reap(processId, entry?.node_name, rooms.filter((room) => room.processId === processId));
    }
  }

  private async reap(processId: string, nodeName: string | undefined, rooms: IRoomCache[]): Promise<void> {
    const { redis, logger } = this.deps;
    // one node reaps a given dead process; the others skip it
    const locked = await redis.set(`gs:reap:${processId}`, this.deps.nodeName, "EX", 300, "NX");
    if (locked === null) return;
    const managed = new Set(await redis.smembers(managedRoomsKey(processId)));
    for (const room of rooms) if (isManaged(room)) managed.add(room.roomId);
    logger.warn({ dead_process_id: processId, dead_node: nodeName ?? "unknown", rooms: rooms.length, managed_rooms: managed.size }, "a node died: closing its rooms");
    // the outbox write only applies to a room not already finished or aborted, so each is reported once
    await Promise.all([...managed].map((roomId) => this.deps.outbox.lostElsewhere(roomId, "process_error")));
    for (const room of rooms) await matchMaker.driver.remove(room.roomId);
    await redis.del(managedRoomsKey(processId));
    await matchMaker.stats.excludeProcess(processId);
    await this.deps.registry.forget(processId);
  }
}
