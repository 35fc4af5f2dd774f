/**
 * `GET /api/games/{room_id}/replay?seat=<n>|spectator[&protocol=native|seed003]`:
 * a finished game's event stream as one seat (or a spectator) received it,
 * regenerated from its stored record (src/replay/). A player calls with their
 * JWT (`Authorization: Bearer`), the matchmaking service with a key of
 * INTERNAL_API_KEYS (`X-Internal-Api-Key`). Errors use the lobby's envelope,
 * `{"error": {"code", "message"}}`. Players are limited as the lobby's
 * authenticated calls are (120 a minute each, per node); the matchmaking service is not.
 */
import { Router, type Request, type Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import type { TokenVerifier } from "../auth/jwt.js";
import type { Database } from "../db/database.js";
import { AUTHENTICATED_LIMIT, SlidingWindowLimiter } from "../lobby/rate-limit.js";
import { replayFor, ReplayRefusal, type ReplayCaller } from "../replay/service.js";
import { secretsEqual } from "./basic-auth.js";

/** What the replay route needs. */
export interface ReplayRoutesDeps {
  db: Database;
  logger: Logger;
  /** Keys of the matchmaking service (INTERNAL_API_KEYS). */
  internalKeys: readonly string[];
  /** Players' JWT verification; undefined in guest mode (then only the internal key reads replays). */
  verifyToken?: TokenVerifier;
}

const ROOM_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The query, from an allow-list: a seat number or `spectator`, and the optional wire profile. */
const replayQuery = z
  .object({
    seat: z.union([z.literal("spectator"), z.string().regex(/^\d{1,2}$/, "a seat number").transform(Number)]),
    protocol: z.enum(["native", "seed003"]).default("native"),
  })
  .strict();

/** Mounts the replay route. */
export function replayRoutes(deps: ReplayRoutesDeps): Router {
  const router = Router();
  const limiter = new SlidingWindowLimiter(AUTHENTICATED_LIMIT);
  router.get("/api/games/:room_id/replay", async (req, res, next) => {
    try {
      const caller = await callerOf(req, deps);
      if (caller === undefined) return refuse(res, 401, "unauthorized", "a player's bearer JWT or the internal API key is required");
      if (caller.kind === "player") {
        const decision = limiter.take(caller.playerId);
        if (!decision.allowed) {
          res.set("Retry-After", String(decision.retryAfterSeconds));
          return refuse(res, 429, "service_unavailable", `at most ${AUTHENTICATED_LIMIT} replay requests a minute; try again later`);
        }
      }
      const parsed = replayQuery.safeParse({ ...req.query });
      if (!parsed.success) return refuse(res, 400, "invalid_request", 'seat must be a seat number or "spectator"; protocol, if given, "native" or "seed003"; nothing else');
      const roomId = String(req.params.room_id);
      if (!ROOM_ID.test(roomId)) return refuse(res, 404, "not_found", "no such room");
      const { seat, protocol } = parsed.data;
      const viewer = seat === "spectator" ? ({ kind: "spectator" } as const) : ({ kind: "seat", seat } as const);
      res.json(await replayFor(deps.db, roomId, viewer, protocol, caller));
    } catch (error) {
      if (error instanceof ReplayRefusal) return refuse(res, error.status, error.code, error.message);
      next(error);
    }
  });
  return router;
}

/** The internal key (any of INTERNAL_API_KEYS, compared in constant time) or a player's valid JWT; undefined when neither. */
async function callerOf(req: Request, deps: ReplayRoutesDeps): Promise<ReplayCaller | undefined> {
  const key = req.get("x-internal-api-key");
  if (key !== undefined) {
    let ok = false;
    for (const known of deps.internalKeys) ok = secretsEqual(key, known) || ok;
    if (ok && key !== "") return { kind: "internal" };
    deps.logger.warn({ security_event: true, path: req.path, remote_address: req.ip }, "replay call with a wrong internal API key");
    return undefined;
  }
  const authorization = req.get("authorization");
  if (authorization === undefined || !/^Bearer\s+/i.test(authorization) || deps.verifyToken === undefined) return undefined;
  try {
    const identity = await deps.verifyToken(authorization.replace(/^Bearer\s+/i, "").trim());
    return { kind: "player", playerId: identity.userId };
  } catch {
    return undefined;
  }
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
