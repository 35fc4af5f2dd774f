/**
 * Assembles one game-server process: transport, presence and driver,
 * database, the Express side-app and the rooms, and stops it gracefully.
 */
import type { AddressInfo } from "node:net";
import { CloseCode, defineServer, matchMaker, type RegisteredHandler, type Server } from "@colyseus/core";
import type { Application } from "express";
import type { Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/database.js";
import { installCorsPolicy } from "./http/cors.js";
import { mountHttp } from "./http/app.js";
import { createLogger, type Logger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { createPresence, type PresenceSetup } from "./presence.js";
import { Readiness } from "./readiness.js";
import { createTransport } from "./transport.js";
import { createLocalVerifier } from "./auth/jwt.js";
import { roomListingRoutes } from "./http/room-listing.js";
import { internalRoutes } from "./http/internal.js";
import { installMatchmakingGuard } from "./http/matchmaking-guard.js";
import { installMatchmakingEdge } from "./http/edge.js";
import { resetClientRoomCount } from "./services/client-rooms.js";
import { ManagedRoomService } from "./services/managed-rooms.js";
import { leastLoadedPlacement, startCluster, type Cluster, type ClusterTuning } from "./cluster/index.js";
import { startPlatform, type PlatformServices, type PlatformTuning } from "./platform/index.js";
import { provideRoomServices, type RoomLifecycleHook } from "../rooms/shared/services.js";

/** Everything a running server holds, for the entrypoint and for tests. */
export interface RunningServer {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  database: DatabaseHandle;
  presence: PresenceSetup;
  platform: PlatformServices;
  colyseus: Server;
  /** The port actually bound (differs from config.port when that is 0). */
  port: number;
  /** Stops taking work, lets rooms shut down within the deadline, closes everything. Safe to call twice. */
  stop(): Promise<void>;
}

/** What routers plugged into the server can use. */
export interface ServerContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: DatabaseHandle["db"];
  managedRooms: ManagedRoomService;
  /** Register followers of managed rooms' lives (started, turn, finished, aborted) on this node. */
  lifecycleHooks: RoomLifecycleHook[];
}

/** Extra pieces other parts of the product plug into the server. */
export interface ServerExtensions {
  rooms?: Record<string, RegisteredHandler>;
  /** Game room names listed by GET /api/rooms. */
  listedGames?: readonly string[];
  routers?: Array<(app: Application, context: ServerContext) => void>;
  /** Retry and redelivery timings of the platform callbacks (tests shorten them; production uses the contract's). */
  platformTuning?: PlatformTuning;
  /** Heartbeat and dead-node check timings (tests shorten them). */
  clusterTuning?: ClusterTuning;
}

/** Starts a server with the given configuration; resolves once it is ready. */
export async function startServer(config: Config, extensions: ServerExtensions = {}): Promise<RunningServer> {
  const logger = createLogger(config);
  const metrics = new Metrics(config.nodeName);
  const readiness = new Readiness();

  const startedAt = Date.now();
  installCorsPolicy(config.corsOrigins);
  const transport = await createTransport(config);
  const presence = createPresence(config);
  const database = await openDatabase(config);
  readiness.markDatabaseReady();
  metrics.countClientsWith(() => matchMaker.stats.local.ccu);
  const platform = startPlatform(config, { logger, metrics, db: database.db }, extensions.platformTuning);
  const verifyToken = createLocalVerifier(config);
  if (verifyToken === undefined) {
    logger.warn("GUEST MODE: no JWT_SECRET or JWKS_URL is set, so players join without authentication (refused when NODE_ENV=production)");
  }
  if (config.redisUrl !== undefined && config.publicAddress === undefined) {
    logger.warn("REDIS_URL is set without PUBLIC_ADDRESS: clients cannot reach rooms on other nodes (joins fail with \"seat reservation expired\"); set PUBLIC_ADDRESS to this node's address as clients see it (refused when NODE_ENV=production)");
  }
  installMatchmakingGuard({ verifyToken, createsPerMinute: config.clientCreatesPerMinute });
  const lifecycleHooks: RoomLifecycleHook[] = [];
  provideRoomServices({ config, logger, metrics, db: database.db, verifyToken, platform, lifecycleHooks });
  const managedRooms = new ManagedRoomService({ config, db: database.db, metrics, startedAt });
  const context: ServerContext = { config, logger, metrics, db: database.db, managedRooms, lifecycleHooks };
  let cluster: Cluster | undefined;
  const clusterNodes = () => cluster?.nodes() ?? Promise.resolve([]);
  if (config.internalApiKeys.length === 0) {
    logger.warn("no INTERNAL_API_KEYS: the internal room API refuses every call (401)");
  }

  const colyseus = defineServer({
    rooms: extensions.rooms ?? {},
    transport,
    presence: presence.presence,
    driver: presence.driver,
    publicAddress: config.publicAddress,
    // managed rooms (MAX_ROOMS) and client-created rooms (MAX_CLIENT_ROOMS) are admitted separately; together they bound a node
    selectProcessIdToCreateRoom: leastLoadedPlacement(config.maxRooms + config.maxClientRooms),
    gracefullyShutdown: false,
    greet: false,
    logger: logger.child({ component: "colyseus" }),
    express: (app) =>
      mountHttp(app, {
        config,
        logger,
        metrics,
        readiness,
        routers: [
          (a) => a.use(internalRoutes({ keys: config.internalApiKeys, logger, rooms: managedRooms, db: database.db, clusterNodes })),
          (a) => a.use(roomListingRoutes(extensions.listedGames ?? [])),
          ...(extensions.routers ?? []).map((mount) => (a: Application) => mount(a, context)),
        ],
      }),
  });

  try {
    await colyseus.listen(config.port, config.host);
  } catch (error) {
    await platform.stop(1_000).catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  // the matchmaking route's body limit and checks, in front of the routes Colyseus bound while listening
  if (transport.server !== undefined) installMatchmakingEdge(transport.server, config.edge.trustedProxies);
  await resetClientRoomCount();
  cluster = await startCluster(config, { logger, metrics, db: database.db, reporter: platform.reporter }, extensions.clusterTuning);
  readiness.markListening();
  const address = transport.server?.address() as AddressInfo | null | undefined;
  const port = address?.port ?? config.port;

  logger.info(
    {
      port,
      host: config.host,
      transport: config.transport,
      database: database.kind,
      database_location: database.description,
      presence: presence.kind,
      presence_location: presence.description,
    },
    `server ready on ${config.host}:${port} (database: ${database.description}; presence: ${presence.description}; transport: ${config.transport})`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= shutdown({ config, logger, readiness, database, platform, colyseus, cluster: cluster! });
    return stopping;
  };

  return { config, logger, metrics, readiness, database, presence, platform, colyseus, port, stop };
}

/** The graceful shutdown sequence. */
async function shutdown(parts: {
  config: Config;
  logger: Logger;
  readiness: Readiness;
  database: DatabaseHandle;
  platform: PlatformServices;
  colyseus: Server;
  cluster: Cluster;
}): Promise<void> {
  const { config, logger, readiness, database, platform, colyseus, cluster } = parts;
  readiness.markDraining();
  logger.info({ deadline_ms: config.shutdownTimeoutMs }, "shutting down: no new joins, rooms closing");

  // Colyseus locks every room, runs its onBeforeShutdown hook and waits for all rooms to dispose.
  const graceful = colyseus.gracefullyShutdown(false);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), config.shutdownTimeoutMs);
  });
  const outcome = await Promise.race([graceful.then(() => "done" as const), deadline]);
  clearTimeout(timer);
  if (outcome === "deadline") {
    logger.warn("rooms did not close before the shutdown deadline; disconnecting them now");
    await Promise.allSettled(matchMaker.disconnectAll(CloseCode.SERVER_SHUTDOWN));
    await Promise.race([graceful, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  await cluster.stop().catch((error: unknown) => logger.error({ err: error }, "leaving the cluster failed"));
  // callbacks still under way finish or are stored for redelivery before the database closes
  await platform.stop(20_000).catch((error: unknown) => logger.error({ err: error }, "stopping the platform callbacks failed"));
  try {
    await database.close();
  } catch (error) {
    logger.error({ err: error }, "closing the database failed");
  }
  logger.info("shutdown complete");
}
