/**
 * The lobby's user surface (seed 004 `/api/v1/user/lobby/...`): games and
 * their transitions, applications, invites, memberships and the caller's own
 * lists, and the caller's race names. Handlers are thin over the lobby services; errors become the seed's
 * envelope in `lobbyErrors`.
 */
import { Router, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { Actor } from "../../lobby/access.js";
import type { Lobby } from "../../lobby/lobby.js";
import { AUTHENTICATED_LIMIT, PUBLIC_GET_LIMIT, SlidingWindowLimiter } from "../../lobby/rate-limit.js";
import { parsePaging } from "../../lobby/requests.js";
import type { TransitionName } from "../../lobby/rules.js";
import { lobbyErrors, rateLimit, readyGate, registerRoutes, sendItems, sweepFirst, uuidParam, type RouteSpec } from "./common.js";
import { callerOf, userIdentity, type IdentitySettings } from "./identity.js";

/** Where the user surface lives. */
export const USER_LOBBY_PREFIX = "/api/v1/user/lobby";

/** What the user routes need. */
export interface UserRoutesDeps {
  lobby: Lobby;
  identity: IdentitySettings;
  logger: Logger;
}

/** The user-surface routes (paths relative to `USER_LOBBY_PREFIX`), for the router and for the OpenAPI test. */
export function userRouteSpecs(lobby: Lobby): RouteSpec[] {
  const publicGets = new SlidingWindowLimiter(PUBLIC_GET_LIMIT);
  const authenticated = new SlidingWindowLimiter(AUTHENTICATED_LIMIT);
  const byCaller = (_req: Request, res: Response) => callerOf(res);
  const sweep = sweepFirst(lobby.sweeper);
  const limited = [rateLimit(authenticated, byCaller), sweep];
  const actor = (res: Response): Actor => ({ kind: "user", userId: callerOf(res) });
  /** `GET /my/...`: one page of the caller's own items, the total in X-Total-Count. */
  const myList = <T>(path: string, list: (caller: string, paging: ReturnType<typeof parsePaging>) => Promise<{ items: T[]; total: number }>): RouteSpec => ({
    method: "get",
    path,
    before: limited,
    handler: async (req, res) => {
      sendItems(res, await list(callerOf(res), parsePaging(req.query)));
    },
  });

  const transition = (path: string, name: TransitionName, status: number): RouteSpec => ({
    method: "post",
    path: `/games/:game_id/${path}`,
    before: limited,
    handler: async (req, res) => {
      res.status(status).json(await lobby.games.transition(actor(res), uuidParam(req, "game_id"), name));
    },
  });

  return [
    {
      method: "get",
      path: "/games",
      before: [rateLimit(publicGets, byCaller), sweep],
      handler: async (req, res) => {
        res.status(200).json(await lobby.games.listPublic(parsePaging(req.query)));
      },
    },
    {
      method: "post",
      path: "/games",
      before: limited,
      handler: async (req, res) => {
        res.status(201).json(await lobby.games.create(actor(res), req.body));
      },
    },
    {
      method: "get",
      path: "/games/:game_id",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.games.get(actor(res), uuidParam(req, "game_id")));
      },
    },
    {
      method: "patch",
      path: "/games/:game_id",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.games.update(actor(res), uuidParam(req, "game_id"), req.body));
      },
    },
    transition("open-enrollment", "open_enrollment", 200),
    transition("ready-to-start", "ready_to_start", 200),
    transition("start", "start", 202),
    transition("pause", "pause", 200),
    transition("resume", "resume", 200),
    transition("cancel", "cancel", 200),
    transition("retry-start", "retry_start", 202),
    {
      method: "post",
      path: "/games/:game_id/applications",
      before: limited,
      handler: async (req, res) => {
        res.status(201).json(await lobby.enrollment.submitApplication(callerOf(res), uuidParam(req, "game_id"), req.body));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/applications/:application_id/approve",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.approveApplication(actor(res), gameId, uuidParam(req, "application_id")));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/applications/:application_id/reject",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.rejectApplication(actor(res), gameId, uuidParam(req, "application_id")));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/invites",
      before: limited,
      handler: async (req, res) => {
        res.status(201).json(await lobby.enrollment.issueInvite(actor(res), uuidParam(req, "game_id"), req.body));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/invites/:invite_id/redeem",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.redeemInvite(callerOf(res), gameId, uuidParam(req, "invite_id"), req.body));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/invites/:invite_id/decline",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.declineInvite(callerOf(res), gameId, uuidParam(req, "invite_id"), req.body));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/invites/:invite_id/revoke",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.revokeInvite(callerOf(res), gameId, uuidParam(req, "invite_id")));
      },
    },
    {
      method: "get",
      path: "/games/:game_id/memberships",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        sendItems(res, await lobby.enrollment.listMemberships(actor(res), gameId, parsePaging(req.query)));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/memberships/:membership_id/remove",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.removeMembership(actor(res), gameId, uuidParam(req, "membership_id")));
      },
    },
    {
      method: "post",
      path: "/games/:game_id/memberships/:membership_id/block",
      before: limited,
      handler: async (req, res) => {
        const gameId = uuidParam(req, "game_id");
        res.status(200).json(await lobby.enrollment.blockMembership(actor(res), gameId, uuidParam(req, "membership_id")));
      },
    },
    myList("/my/games", (caller, paging) => lobby.games.listMine(caller, paging)),
    myList("/my/applications", (caller, paging) => lobby.enrollment.listMyApplications(caller, paging)),
    myList("/my/invites", (caller, paging) => lobby.enrollment.listMyInvites(caller, paging)),
    myList("/my/race-names", (caller, paging) => lobby.raceNames.listMine(caller, paging)),
    {
      method: "post",
      path: "/race-names/register",
      before: limited,
      handler: async (req, res) => {
        res.status(200).json(await lobby.raceNames.register(callerOf(res), req.body));
      },
    },
  ];
}

/** Mounts the user surface under `USER_LOBBY_PREFIX`. */
export function userLobbyRoutes(deps: UserRoutesDeps): Router {
  const inner = Router();
  registerRoutes(inner, userRouteSpecs(deps.lobby));
  inner.use(lobbyErrors(deps.logger));
  const router = Router();
  router.use(USER_LOBBY_PREFIX, readyGate(deps.lobby.ready), userIdentity(deps.identity), inner);
  // failures of the gate and of identity come here
  router.use(USER_LOBBY_PREFIX, lobbyErrors(deps.logger));
  return router;
}
