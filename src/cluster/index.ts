/**
 * The cluster view of one node: with Redis, a heartbeat registry of nodes and
 * a reaper of dead ones; without it, a cluster of this node alone.
 */
import { matchMaker } from "@colyseus/core";
import { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { LifecycleOutbox } from "../platform/index.js";
import { DeadNodeReaper } from "./dead-node-reaper.js";
import { NodeRegistry, type NodeEntry } from "./node-registry.js";
import { connectedPlayers } from "../services/spectator-census.js";

export { leastLoadedPlacement, liveProcessLoads, pickProcess } from "./placement.js";
export type { NodeEntry } from "./node-registry.js";

/** Timings; tests shorten them. */
export interface ClusterTuning {
  heartbeatMs?: number;
  deadCheckMs?: number;
}

/** A node's view of the cluster. */
export interface Cluster {
  /** Live nodes (this one included), by name. */
  nodes(): Promise<NodeEntry[]>;
  /** The INTERNAL_ADDRESS the node with this Colyseus process id published, if any. */
  internalAddressOf(processId: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** Starts the registry and the reaper when Redis is configured. Call after the server listens. */
export async function startCluster(
  config: Config,
  deps: { logger: Logger; metrics: Metrics; db: Database; outbox: LifecycleOutbox; publicAddress?: string },
  tuning: ClusterTuning = {},
): Promise<Cluster> {
  const self = () => ({
    node_name: config.nodeName,
    process_id: matchMaker.processId,
    public_address: config.publicAddress ?? null,
    internal_address: config.internalAddress ?? null,
    started_at: "",
    heartbeat_at: new Date().toISOString(),
    rooms: deps.metrics.gameRoomCount(),
    players: connectedPlayers(matchMaker.stats.local.ccu),
  });
  if (config.redisUrl === undefined) {
    return {
      nodes: async () => [self()],
      internalAddressOf: async (processId) => (processId === matchMaker.processId ? config.internalAddress : undefined),
      stop: async () => {},
    };
  }

  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  const logger = deps.logger.child({ component: "cluster" });
  const registry = new NodeRegistry(
    redis,
    { nodeName: config.nodeName, processId: matchMaker.processId, publicAddress: config.publicAddress, internalAddress: config.internalAddress },
    () => ({ rooms: deps.metrics.gameRoomCount(), players: connectedPlayers(matchMaker.stats.local.ccu) }),
    tuning.heartbeatMs ?? 5_000,
  );
  const reaper = new DeadNodeReaper({
    redis,
    registry,
    outbox: deps.outbox,
    db: deps.db,
    logger,
    nodeName: config.nodeName,
    intervalMs: tuning.deadCheckMs ?? 5_000,
  });
  await registry.start();
  await reaper.start();

  return {
    async nodes() {
      const channels = new Set((await matchMaker.presence.channels("p:*")).map((c) => c.slice(2)));
      channels.add(matchMaker.processId);
      return (await registry.entries()).filter((entry) => channels.has(entry.process_id));
    },
    internalAddressOf: (processId) => registry.internalAddressOf(processId),
    async stop() {
      await reaper.stop();
      await registry.stop().catch(() => {});
      redis.disconnect();
    },
  };
}
