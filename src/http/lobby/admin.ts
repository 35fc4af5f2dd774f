/**
 * The lobby's admin surface (seed 004 `/api/v1/admin/games...`): listing,
 * creating (public games) and reading games, force-start, force-stop and
 * ban-member, behind HTTP basic auth against `admin_accounts`.
 */
import { Router, type Response } from "express";
import type { Logger } from "pino";
import type { Actor } from "../../lobby/access.js";
import type { Lobby } from "../../lobby/lobby.js";
import { AUTHENTICATED_LIMIT, SlidingWindowLimiter } from "../../lobby/rate-limit.js";
import { parsePaging } from "../../lobby/requests.js";
import { adminOf, requireAdmin } from "./admin-auth.js";
import { AuthFailureGuard } from "../auth-failures.js";

/** Failed administrator logins a minute, per address and per user name, when the caller does not say (AUTH_FAILURES_PER_MINUTE). */
const DEFAULT_AUTH_FAILURES = 10;
import { lobbyErrors, rateLimit, readyGate, registerRoutes, sweepFirst, uuidParam, type RouteSpec } from "./common.js";

/** Where the admin surface lives. */
export const ADMIN_PREFIX = "/api/v1/admin";

/** The admin-surface routes (paths relative to `ADMIN_PREFIX`), for the router and for the OpenAPI test. */
export function adminRouteSpecs(lobby: Lobby): RouteSpec[] {
  const perAdmin = new SlidingWindowLimiter(AUTHENTICATED_LIMIT);
  const limited = [rateLimit(perAdmin, (_req, res) => adminOf(res)), sweepFirst(lobby.sweeper)];
  const admin = (res: Response): Actor => ({ kind: "admin", username: adminOf(res) });
  return [
    {
      method: "get",
      path: "/games",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.games.listAll(parsePaging(req.query)));
      },
    },
    {
      method: "post",
      path: "/games",
      before: limited,
      handler: async (req, res) => {
        res.status(201).json(await lobby.games.create(admin(res), req.body));
      },
    },
    {
      method: "get",
      path: "/games/:game_id",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.games.get(admin(res), uuidParam(req, "game_id")));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/force-start",
      before: limited,
      handler: async (req, res) => {
        res.status(202).json(await lobby.games.transition(admin(res), uuidParam(req, "game_id"), "force_start"));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/force-stop",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.games.transition(admin(res), uuidParam(req, "game_id"), "force_stop"));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/ban-member",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.enrollment.banMember(uuidParam(req, "game_id"), req.body));
      },
    },
  ];
}

/** Mounts the admin surface's game routes; only `ADMIN_PREFIX/games...` is guarded here (other admin paths are not the lobby's). */
export function adminLobbyRoutes(lobby: Lobby, logger: Logger, authFailuresPerMinute = DEFAULT_AUTH_FAILURES): Router {
  const failures = new AuthFailureGuard("lobby-admin", authFailuresPerMinute, logger);
  const router = Router();
  router.use(`${ADMIN_PREFIX}/games`, readyGate(lobby.ready), requireAdmin(lobby.admins, failures));
  registerRoutes(router, adminRouteSpecs(lobby), ADMIN_PREFIX);
  router.use(`${ADMIN_PREFIX}/games`, lobbyErrors(logger));
  return router;
}
