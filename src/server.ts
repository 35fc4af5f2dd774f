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
import { stopPm2Agent } from "./pm2-agent.js";
import { Readiness } from "./readiness.js";
import { createTransport } from "./transport.js";
import { createLocalVerifier } from "./auth/jwt.js";
import { roomListingRoutes } from "./http/room-listing.js";
import { internalRoutes } from "./http/internal.js";
import { replayRoutes } from "./http/replay.js";
import { acceptNewSeats, installMatchmakingGuard, refuseNewSeats } from "./http/matchmaking-guard.js";
import { installMatchmakingEdge } from "./http/edge.js";
import { resetClientRoomCount } from "./services/client-rooms.js";
import { countRoomsOfNode } from "./db/rooms.js";
import { ManagedRoomService } from "./services/managed-rooms.js";
import { leastLoadedPlacement, startCluster, type Cluster, type ClusterTuning } from "./cluster/index.js";
import { startPlatform, type PlatformServices, type PlatformTuning } from "./platform/index.js";
import { assertPoliciesCover, type RoomOptionPolicies } from "./services/room-options.js";
import { provideRoomServices, type RoomLifecycleHook } from "./services/room-services.js";
import { ChatService } from "./chat/index.js";
import { chatRoutes } from "./http/chat.js";
import { installGateway, type Gateway, type GatewayShared, type GatewayTuning } from "./gateway/index.js";
import { phoenixRoute, type TopicHandler } from "./phoenix/index.js";
import { conversationTopic } from "./phoenix/conversation-topic.js";

/** Everything a running server holds, for the entrypoint and for tests. */
export interface RunningServer {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  database: DatabaseHandle;
  presence: PresenceSetup;
  platform: PlatformServices;
  /** In-room chat (seed 002), for other channels to expose. */
  chat: ChatService;
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
  /** In-room chat (seed 002). */
  chat: ChatService;
  /** Register followers of managed rooms' lives (started, turn, finished, aborted) on this node. */
  lifecycleHooks: RoomLifecycleHook[];
}

/** Extra pieces other parts of the product plug into the server. */
export interface ServerExtensions {
  rooms?: Record<string, RegisteredHandler>;
  /** The option rules of those rooms, by room name (every game room served needs its own). */
  roomOptions?: RoomOptionPolicies;
  /** Game room names listed by GET /api/rooms. */
  listedGames?: readonly string[];
  routers?: Array<(app: Application, context: ServerContext) => void>;
  /** Retry and redelivery timings of the platform callbacks (tests shorten them; production uses the contract's). */
  platformTuning?: PlatformTuning;
  /** Heartbeat and dead-node check timings (tests shorten them). */
  clusterTuning?: ClusterTuning;
  /** Held-seat and Phoenix idle timings of the seed-003 and Phoenix gateways (tests shorten them). */
  gatewayTuning?: GatewayTuning;
  /** Phoenix topic handlers beside `room:` and `conversation:`, built once the gateway runs. */
  phoenixTopics?: Array<(context: ServerContext, gateway: GatewayShared) => TopicHandler>;
}

/** Starts a server with the given configuration; resolves once it is ready. */
export async function startServer(config: Config, extensions: ServerExtensions = {}): Promise<RunningServer> {
  const logger = createLogger(config);
  const metrics = new Metrics(config.nodeName);
  const readiness = new Readiness();

  const startedAt = Date.now();
  const roomOptions = extensions.roomOptions ?? {};
  assertPoliciesCover(Object.keys(extensions.rooms ?? {}), roomOptions);
  installCorsPolicy(config.corsOrigins);
  await stopPm2Agent();
  acceptNewSeats();
  const transport = await createTransport(config);
  const presence = createPresence(config);
  const database = await openDatabase(config);
  readiness.markDatabaseReady();
  metrics.countClientsWith(() => matchMaker.stats.local.ccu);
  const platform = startPlatform(config, { logger, metrics, db: database.db }, extensions.platformTuning);
  // before this node takes any room: what its previous life left alive was lost, and is reported so through the outbox
  await platform.outbox.recoverPreviousLife();
  platform.start();
  const verifyToken = createLocalVerifier(config);
  if (verifyToken === undefined) {
    logger.warn("GUEST MODE: no JWT_SECRET or JWKS_URL is set, so players join without authentication (refused when NODE_ENV=production)");
  }
  if (config.redisUrl !== undefined && config.publicAddress === undefined) {
    logger.warn("REDIS_URL is set without PUBLIC_ADDRESS: clients cannot reach rooms on other nodes (joins fail with \"seat reservation expired\"); set PUBLIC_ADDRESS to this node's address as clients see it (refused when NODE_ENV=production)");
  }
  installMatchmakingGuard({ verifyToken, createsPerMinute: config.clientCreatesPerMinute, roomOptions });
  const lifecycleHooks: RoomLifecycleHook[] = [];
  const chat = new ChatService({ db: database.db, presence: presence.presence, logger: logger.child({ component: "chat" }) });
  provideRoomServices({ config, logger, metrics, db: database.db, verifyToken, platform, lifecycleHooks, chat });
  const managedRooms = new ManagedRoomService({
    config,
    db: database.db,
    metrics,
    outbox: platform.outbox,
    startedAt,
    isDraining: () => !readiness.ready,
  });
  const context: ServerContext = { config, logger, metrics, db: database.db, managedRooms, chat, lifecycleHooks };
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
          (a) => a.use(internalRoutes({ keys: config.internalApiKeys, logger, rooms: managedRooms, db: database.db, clusterNodes, roomOptions })),
          (a) => a.use(roomListingRoutes(extensions.listedGames ?? [])),
          (a) =>
            a.use(
              chatRoutes({
                chat,
                verifyToken,
                gateway: { trustHeaders: config.lobby.trustUserHeader, gateway: config.lobby.gateway },
                logger: logger.child({ component: "chat" }),
              }),
            ),
          (a) => a.use(replayRoutes({ db: database.db, logger, internalKeys: config.internalApiKeys, verifyToken })),
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
  // the seed-003 and Phoenix gateways, routed before Colyseus's own upgrade handling (ws transport only)
  let gateway: Gateway | undefined;
  if (transport.server !== undefined) {
    gateway = await installGateway({
      server: transport.server,
      verifyToken,
      trustedProxies: config.edge.trustedProxies,
      logger: logger.child({ component: "gateway" }),
      tuning: extensions.gatewayTuning,
      // the cluster starts after the gateway; until then no other node's address is known
      internalAddressOf: (processId) => cluster?.internalAddressOf(processId) ?? Promise.resolve(undefined),
      extraRoutes: (shared) => [
        phoenixRoute(shared, [conversationTopic(chat), ...(extensions.phoenixTopics ?? []).map((make) => make(context, shared))], {
          trust: config.lobby.trustUserHeader,
          gateway: config.lobby.gateway,
        }),
      ],
    });
  }
  await resetClientRoomCount();
  cluster = await startCluster(config, { logger, metrics, db: database.db, outbox: platform.outbox }, extensions.clusterTuning);
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
    stopping ??= shutdown({ config, logger, readiness, database, platform, colyseus, cluster: cluster!, gateway, chat });
    return stopping;
  };

  return { config, logger, metrics, readiness, database, presence, platform, chat, colyseus, port, stop };
}

/** How long rooms get to close once the grace is over, before their connections are cut. */
const ROOM_CLOSE_BUDGET_MS = 2_000;
/** How long recorded events get to become durable, and attempts under way to be answered, after the rooms closed. */
const OUTBOX_FLUSH_BUDGET_MS = 5_000;

/**
 * The graceful shutdown sequence (SIGTERM):
 * 1. at once: readyz answers 503, no new rooms (internal create answers 503
 *    `shutting_down`) and no new joins; reconnections still pass;
 * 2. the grace: games in progress on this node play on until none is left or
 *    SHUTDOWN_TIMEOUT_MS has passed (the outbox keeps delivering meanwhile);
 * 3. rooms close: a game still running is aborted (`process_error`, the
 *    rooms' onBeforeShutdown), a room whose game ended just closes;
 * 4. every recorded event is made durable and attempts under way are
 *    answered (OUTBOX_FLUSH_BUDGET_MS); whatever is not delivered yet stays in
 *    the outbox for the next life;
 *    chat members still queued are written;
 * 5. cluster, database.
 */
async function shutdown(parts: {
  config: Config;
  logger: Logger;
  readiness: Readiness;
  database: DatabaseHandle;
  platform: PlatformServices;
  colyseus: Server;
  cluster: Cluster;
  gateway?: Gateway;
  chat: ChatService;
}): Promise<void> {
  const { config, logger, readiness, database, platform, colyseus, cluster, gateway, chat } = parts;
  readiness.markDraining();
  refuseNewSeats();
  const graceEnds = Date.now() + config.shutdownTimeoutMs;
  logger.info({ grace_ms: config.shutdownTimeoutMs }, "shutting down: no new rooms or joins; games in progress may finish");

  const left = await waitForGamesToEnd(config.nodeName, database, platform, graceEnds);
  if (left > 0) logger.warn({ games: left }, "shutdown grace is over: aborting the games still running (process_error)");

  // Colyseus locks every room, runs its onBeforeShutdown hook and waits for all rooms to dispose.
  const graceful = colyseus.gracefullyShutdown(false);
  const closed = await settleWithin(graceful, ROOM_CLOSE_BUDGET_MS);
  if (!closed) {
    logger.warn("rooms did not close in time; disconnecting them now");
    await Promise.allSettled(matchMaker.disconnectAll(CloseCode.SERVER_SHUTDOWN));
    await settleWithin(graceful, 1_000);
  }

  // the rooms are closed: gateway sockets still open have nothing left to reach
  gateway?.stop();

  // durable, not necessarily delivered: what is still owed is sent by the next life
  const [durable] = await Promise.all([
    platform.flush(OUTBOX_FLUSH_BUDGET_MS),
    chat.flush(),
    platform.stop(OUTBOX_FLUSH_BUDGET_MS).catch((error: unknown) => logger.error({ err: error }, "stopping the outbox delivery failed")),
  ]);
  if (!durable) logger.error("some room events could not be recorded before shutdown (see the fatal lines above)");
  await cluster.stop().catch((error: unknown) => logger.error({ err: error }, "leaving the cluster failed"));
  try {
    await database.close();
  } catch (error) {
    logger.error({ err: error }, "closing the database failed");
  }
  logger.info("shutdown complete");
}

/** Waits until no game runs on this node and every room event is durable, or until `deadline`; returns the games still running. */
async function waitForGamesToEnd(nodeName: string, database: DatabaseHandle, platform: PlatformServices, deadline: number): Promise<number> {
  let running = 0;
  for (;;) {
    try {
      running = await countRoomsOfNode(database.db, nodeName, "running");
    } catch {
      // the database is unavailable: keep waiting, the rooms may still finish
      running = Math.max(running, 1);
    }
    if (running === 0 && platform.outbox.pendingRooms === 0) return 0;
    const wait = Math.min(200, deadline - Date.now());
    if (wait <= 0) return running;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** True when `promise` settled within `ms`. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return outcome;
}
