/**
 * Chat over REST with seed 002's paths:
 *
 *   GET  /api/conversations/{room_id}/messages?limit=50&before=<message id>  → 200 {data: [message, …]} newest first
 *   POST /api/conversations/{room_id}/messages {message: {body}}             → 201 {data: message}
 *
 * The caller is a Bearer JWT (the players' own), or the seed's
 * `x-account-id` + `x-profile-id` headers when the trusted gateway sets them
 * (the lobby's trust rule: LOBBY_TRUST_USER_HEADER, and the request carries
 * LOBBY_GATEWAY_SECRET or comes from LOBBY_GATEWAY_ADDRESSES). Errors are the
 * seed's: 401, 403, 404, 422 `{"errors": {"body": ["can't be blank"]}}`,
 * 500 `{"errors": ["internal_error"]}` (and 429 when a sender is over its limits).
 * Handlers are thin over the chat service.
 */
import express, { Router, type ErrorRequestHandler, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { TokenVerifier } from "../auth/jwt.js";
import { BLANK, errorBody, statusOf, type ChatFailure, type ChatIdentity, type ChatResult, type ChatService } from "../chat/index.js";
import { isRoomId } from "../chat/validation.js";
import { errorStatus, MAX_JSON_BODY_BYTES } from "./app.js";
import { forbiddenKeyReviver } from "./safe-json.js";
import { fromTrustedGateway, type TrustedGateway } from "./trusted-gateway.js";

/** Where the routes live. */
export const CONVERSATIONS_PATH = "/api/conversations/:room_id/messages";

/** Who may set the seed's identity headers. */
export interface ChatGatewaySettings {
  /** Whether the identity headers are taken at all (LOBBY_TRUST_USER_HEADER). */
  trustHeaders: boolean;
  /** The gateway (LOBBY_GATEWAY_SECRET / LOBBY_GATEWAY_ADDRESSES); undefined = any caller (development only). */
  gateway?: TrustedGateway;
}

/** What the routes need. */
export interface ChatRoutesDeps {
  chat: ChatService;
  verifyToken?: TokenVerifier;
  gateway: ChatGatewaySettings;
  logger: Logger;
}

/** Longest id accepted in the identity headers. */
const MAX_HEADER_ID = 128;
const HEADER_ID = /^[\x21-\x7e]+$/;

/** The chat routes. */
export function chatRoutes(deps: ChatRoutesDeps): Router {
  const router = Router();
  const identify = callerIdentity(deps);
  // body errors (bad JSON, too large, forbidden keys) are the seed's 422, not the server's generic 400
  const body = express.json({ limit: MAX_JSON_BODY_BYTES, reviver: forbiddenKeyReviver, type: () => true });

  router.get(CONVERSATIONS_PATH, async (req, res, next) => {
    try {
      const caller = await identify(req);
      if (!caller.ok) return reply(res, caller);
      const roomId = roomOf(req);
      if (roomId === undefined) return reply(res, notFound);
      const query = req.query as Record<string, unknown>;
      reply(res, await deps.chat.history(roomId, caller.data, { limit: query.limit, before: query.before }));
    } catch (error) {
      next(error);
    }
  });

  router.post(CONVERSATIONS_PATH, body, async (req, res, next) => {
    try {
      const caller = await identify(req);
      if (!caller.ok) return reply(res, caller);
      const roomId = roomOf(req);
      if (roomId === undefined) return reply(res, notFound);
      reply(res, await deps.chat.post(roomId, caller.data, bodyOf(req.body)), 201);
    } catch (error) {
      next(error);
    }
  });

  router.use(CONVERSATIONS_PATH, chatErrors(deps.logger));
  return router;
}

const notFound: ChatResult<never> = { ok: false, failure: { kind: "not_found" } };

/** Sends a service outcome with the seed's status and body. */
function reply<T>(res: Response, result: ChatResult<T>, successStatus = 200): void {
  if (result.ok) {
    res.status(successStatus).json({ data: result.data });
    return;
  }
  sendFailure(res, result.failure);
}

function sendFailure(res: Response, failure: ChatFailure): void {
  if (failure.kind === "rate_limited") res.set("Retry-After", String(failure.retryAfterSeconds));
  res.status(statusOf(failure)).json(errorBody(failure));
}

function roomOf(req: Request): string | undefined {
  const id = req.params.room_id;
  return isRoomId(id) ? id : undefined;
}

/** `{message: {body}}` → the body (any value: the service validates it); anything else has no body. */
function bodyOf(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, "message")) return undefined;
  const message = (value as { message: unknown }).message;
  if (message === null || typeof message !== "object" || Array.isArray(message) || !Object.hasOwn(message, "body")) return undefined;
  return (message as { body: unknown }).body;
}

/** Body-parser failures are the seed's 422; anything else is its 500 (logged). */
function chatErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = errorStatus(error);
    if (status >= 400 && status < 500) {
      // a body over 64 KB is over 2,000 characters too; a body that is not JSON has no message body
      res.status(422).json(status === 413 ? { errors: { body: [BLANK] } } : { errors: { message: ["is invalid"] } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "chat request failed");
    res.status(500).json({ errors: ["internal_error"] });
  };
}

/**
 * The caller: a Bearer JWT whose subject is the user (its display name from
 * the token), or the gateway's `x-account-id` + `x-profile-id`. This platform
 * has one profile per account, whose id is the account's (the JWT subject),
 * so a profile belongs to an account exactly when the two ids are equal.
 * Both a token and trusted headers present must name the same user.
 */
function callerIdentity(deps: ChatRoutesDeps): (req: Request) => Promise<ChatResult<ChatIdentity>> {
  const fromGateway = fromTrustedGateway(deps.gateway.gateway);
  const unauthorized: ChatResult<never> = { ok: false, failure: { kind: "unauthorized" } };
  return async (req) => {
    const authorization = req.get("authorization");
    const bearer = authorization !== undefined && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, "").trim() : undefined;
    let fromToken: ChatIdentity | undefined;
    if (authorization !== undefined) {
      if (bearer === undefined || bearer === "" || deps.verifyToken === undefined) return unauthorized;
      try {
        const identity = await deps.verifyToken(bearer);
        fromToken = { userId: identity.userId, ...(identity.displayName === undefined ? {} : { displayName: identity.displayName }) };
      } catch {
        return unauthorized;
      }
    }
    let fromHeaders: ChatIdentity | undefined;
    const account = req.get("x-account-id");
    const profile = req.get("x-profile-id");
    if (deps.gateway.trustHeaders && fromGateway(req) && (account !== undefined || profile !== undefined)) {
      const a = account?.trim();
      const p = profile?.trim();
      if (a === undefined || p === undefined || !validHeaderId(a) || !validHeaderId(p) || a !== p) return unauthorized;
      fromHeaders = { userId: p };
    }
    if (fromToken !== undefined && fromHeaders !== undefined && fromToken.userId !== fromHeaders.userId) return unauthorized;
    const caller = fromToken ?? fromHeaders;
    return caller === undefined ? unauthorized : { ok: true, data: caller };
  };
}

function validHeaderId(value: string): boolean {
  return value.length > 0 && value.length <= MAX_HEADER_ID && HEADER_ID.test(value);
}


