/**
 * The internal API the matchmaking service calls (seed 000, "Rails → Phoenix"):
 * create and terminate rooms, node health, and the results waiting for
 * redelivery. Every route but health needs a key from INTERNAL_API_KEYS in
 * `X-Internal-Api-Key`. Answers use the seed's shapes exactly.
 */
import { Router, type ErrorRequestHandler, type RequestHandler } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { GAME_RULES, GAMES, MAX_PLAYERS, playerRangeText } from "../games/registry.js";
import type { RoomOptionPolicies } from "../services/room-options.js";
import type { Database } from "../db/database.js";
import type { NodeEntry } from "../cluster/index.js";
import { listPersistFailed } from "../db/outbox.js";
import type { ManagedRoomService } from "../services/managed-rooms.js";
import { secretsEqual } from "./basic-auth.js";
import { errorStatus, isPathDecodeError, jsonBody, requestProblem } from "./app.js";

/** Text that is stored: PostgreSQL cannot hold NUL, so it is refused here (400) rather than failing a background write. */
const storedText = (max: number) => z.string().max(max).refine((v) => !v.includes("\u0000"), "must not contain NUL characters");

/** Whether any string inside a JSON value holds a NUL character (JSONB cannot store one). */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object" || depth > 32) return false;
  return Object.entries(value).some(([key, item]) => key.includes("\u0000") || holdsNul(item, depth + 1));
}

/** The create request's schema: the registry's games and player counts, and each room's own config rules. */
const createSchemaFor = (roomOptions: RoomOptionPolicies) => z
  .object({
    room_id: z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_' only"),
    game_type_id: storedText(128).optional(),
    player_ids: z.array(storedText(128).pipe(z.string().trim().min(1))).min(1).max(MAX_PLAYERS),
    config: z
      .object({
        player_count: z.number().int(),
        turn_time_limit: z.number().min(0).max(3600).optional(),
        game_rules: z.enum(GAME_RULES),
        seed: z.union([z.string().min(1).max(128), z.number().int()]).optional(),
      })
      .passthrough(),
    /** Seat names by player id (optional extension, used by the lobby). */
    player_names: z.record(storedText(128), storedText(32).pipe(z.string().min(1))).optional(),
  })
  .superRefine((body, ctx) => {
    if (new Set(body.player_ids).size !== body.player_ids.length) {
      ctx.addIssue({ code: "custom", path: ["player_ids"], message: "player ids must be distinct" });
    }
    if (body.config.player_count !== body.player_ids.length) {
      ctx.addIssue({ code: "custom", path: ["config", "player_count"], message: "must equal the number of player_ids" });
    }
    const game = GAMES[body.config.game_rules];
    if (body.player_ids.length < game.minPlayers || body.player_ids.length > game.maxPlayers) {
      ctx.addIssue({ code: "custom", path: ["config", "player_count"], message: `${game.rules} needs ${playerRangeText(body.config.game_rules)} players` });
    }
    if (holdsNul(body.config)) {
      ctx.addIssue({ code: "custom", path: ["config"], message: "must not contain NUL characters" });
      return;
    }
    // a server that does not serve this game's room type has no rules for it (and cannot create it either)
    const policy = Object.hasOwn(roomOptions, game.room) ? roomOptions[game.room] : undefined;
    const problem = policy?.managedConfigProblem({ roomId: body.room_id, playerIds: body.player_ids, config: body.config });
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["config"], message: problem });
  });

const terminateSchema = z.object({
  room_id: z.string().optional(),
  reason: z.string().optional(),
  admin_id: z.string().optional(),
});

/** Refuses requests without a valid key (401); every configured key is compared, in constant time. */
export function requireInternalKey(keys: readonly string[], logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get("x-internal-api-key") ?? "";
    let ok = false;
    for (const key of keys) ok = secretsEqual(given, key) || ok;
    if (ok && given !== "") {
      next();
      return;
    }
    logger.warn({ security_event: true, path: req.path, remote_address: req.ip }, "internal API call with a missing or wrong key");
    res.status(401).json({ error: "unauthorized" });
  };
}

/** What the internal routes need. */
export interface InternalRoutesDeps {
  keys: readonly string[];
  logger: Logger;
  rooms: ManagedRoomService;
  db: Database;
  /** Live nodes of the cluster (this node alone without Redis). */
  clusterNodes: () => Promise<NodeEntry[]>;
  /** The rooms' option rules, by room name (a create's `config` is checked against its room's). */
  roomOptions: RoomOptionPolicies;
}

/** Mounts `/internal/...`. */
export function internalRoutes(deps: InternalRoutesDeps): Router {
  const router = Router();
  const auth = requireInternalKey(deps.keys, deps.logger);
  const createSchema = createSchemaFor(deps.roomOptions);

  router.get("/internal/health", (_req, res) => {
    res.json(deps.rooms.health());
  });

  router.get("/internal/cluster", auth, async (_req, res, next) => {
    try {
      const nodes = await deps.clusterNodes();
      res.json({
        nodes: nodes.map((n) => ({
          node_name: n.node_name,
          process_id: n.process_id,
          public_address: n.public_address,
          internal_address: n.internal_address ?? null,
          active_rooms: n.rooms,
          connected_players: n.players,
          last_heartbeat: n.heartbeat_at,
        })),
      });
    } catch (error) {
      next(error);
    }
  });

  router.post("/internal/rooms/create", auth, jsonBody, async (req, res, next) => {
    const parsed = createSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({
        created: false,
        reason: "invalid_request",
        details: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message })),
      });
      return;
    }
    const body = parsed.data;
    try {
      const outcome = await deps.rooms.create({
        roomId: body.room_id,
        gameTypeId: body.game_type_id,
        playerIds: body.player_ids,
        gameRules: body.config.game_rules,
        config: body.config,
        seed: body.config.seed === undefined ? undefined : String(body.config.seed),
        names: body.player_names,
      });
      if (outcome.kind === "capacity_exceeded" || outcome.kind === "shutting_down") {
        res.status(503).json({ created: false, reason: outcome.kind });
        return;
      }
      if (outcome.kind === "finished") {
        res.status(409).json({ created: false, reason: "room_finished" });
        return;
      }
      res.status(200).json({ created: true, room_id: outcome.roomId, node_name: outcome.nodeName });
    } catch (error) {
      next(error);
    }
  });

  router.post("/internal/rooms/:room_id/terminate", auth, jsonBody, async (req, res, next) => {
    const parsed = terminateSchema.safeParse(req.body ?? {});
    const adminId = parsed.success ? parsed.data.admin_id : undefined;
    try {
      const done = await deps.rooms.terminate(String(req.params.room_id), adminId);
      if (done) res.status(200).json({ terminated: true });
      else res.status(404).json({ terminated: false, reason: "room_not_found" });
    } catch (error) {
      next(error);
    }
  });

  router.get("/internal/persist-failed", auth, async (_req, res, next) => {
    try {
      res.json({ persist_failed: await listPersistFailed(deps.db) });
    } catch (error) {
      next(error);
    }
  });

  router.use(refusedBodies);
  return router;
}

/**
 * A body the JSON parser refused, or a room id in the path that is not valid percent-encoding, on one of
 * the seed's two POST routes: answered in that route's shape (never echoing either). Any other request
 * this router failed (another method on those paths, whose matching also decodes the id) gets the
 * server's envelope from the app's error handler.
 */
const refusedBodies: ErrorRequestHandler = (error: unknown, req, res, next) => {
  const status = errorStatus(error);
  const outcome = seedPostOutcome(req.method, req.path);
  if (res.headersSent || status < 400 || status >= 500 || outcome === undefined) {
    next(error);
    return;
  }
  const problem = { field: isPathDecodeError(error) ? "room_id" : "body", message: requestProblem(error, status) };
  res.status(status === 413 ? 413 : 400).json({ ...outcome, reason: "invalid_request", details: [problem] });
};

/** The failed-answer shape of seed 000's POST routes (`create`, `terminate`); undefined for any other request. */
function seedPostOutcome(method: string, path: string): { created: false } | { terminated: false } | undefined {
  if (method !== "POST") return undefined;
  if (path === "/internal/rooms/create") return { created: false };
  if (/^\/internal\/rooms\/[^/]+\/terminate$/.test(path)) return { terminated: false };
  return undefined;
}
