/**
 * Who calls the lobby's user surface: the `X-User-ID` header a gateway on the
 * internal network injects (trusted only when LOBBY_TRUST_USER_HEADER is on,
 * and then only from the configured gateway: LOBBY_GATEWAY_SECRET in
 * `X-Gateway-Secret`, or a peer address in LOBBY_GATEWAY_ADDRESSES),
 * or `Authorization: Bearer <JWT>` whose subject is the user id, so browser
 * clients can call directly. Both must be UUIDs; when both are present they
 * must name the same user. Anything else is 401 `unauthorized`.
 */
import type { Request, RequestHandler, Response } from "express";
import type { TokenVerifier } from "../../auth/jwt.js";
import { LobbyError } from "../../lobby/errors.js";
import { fromTrustedGateway, type TrustedGateway } from "../trusted-gateway.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CALLER = "lobbyUserId";

const refuse = (message: string) => new LobbyError("unauthenticated", message);

/** What identity checks need. */
export interface IdentitySettings {
  trustUserHeader: boolean;
  /** Who may set X-User-ID when it is trusted; undefined = anyone (development only: production refuses to start so). */
  gateway?: TrustedGateway;
  /** Local JWT verification; undefined when neither JWT_SECRET nor JWKS_URL is set (bearer tokens are then refused). */
  verifyToken?: TokenVerifier;
}

/** Establishes the caller's user id, or fails the request with 401. */
export function userIdentity(settings: IdentitySettings): RequestHandler {
  const fromGateway = fromTrustedGateway(settings.gateway);
  return async (req, res, next) => {
    try {
      res.locals[CALLER] = await identify(req, { ...settings, trustUserHeader: settings.trustUserHeader && fromGateway(req) });
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function identify(req: Request, settings: IdentitySettings): Promise<string> {
  const header = req.get("x-user-id");
  const authorization = req.get("authorization");
  const bearer = authorization !== undefined && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, "").trim() : undefined;

  let fromHeader: string | undefined;
  if (header !== undefined && settings.trustUserHeader) {
    if (!UUID.test(header.trim())) throw refuse("X-User-ID must be a UUID");
    fromHeader = header.trim().toLowerCase();
  }

  let fromToken: string | undefined;
  if (bearer !== undefined) {
    if (settings.verifyToken === undefined) throw refuse("bearer tokens are not accepted: this server has no JWT_SECRET or JWKS_URL");
    try {
      fromToken = (await settings.verifyToken(bearer)).userId;
    } catch {
      throw refuse("the bearer token is not valid");
    }
    if (!UUID.test(fromToken)) throw refuse("the bearer token's subject must be a user id (UUID)");
    fromToken = fromToken.toLowerCase();
  }

  if (fromHeader !== undefined && fromToken !== undefined && fromHeader !== fromToken) {
    throw refuse("X-User-ID and the bearer token name different users");
  }
  if (!settings.trustUserHeader && header !== undefined && fromToken !== undefined && header.trim().toLowerCase() !== fromToken) {
    throw refuse("X-User-ID and the bearer token name different users");
  }
  const caller = fromToken ?? fromHeader;
  if (caller === undefined) {
    throw refuse(settings.trustUserHeader ? "X-User-ID (a UUID) or a bearer token is required" : "a bearer token is required");
  }
  return caller;
}


/** The caller's user id established by `userIdentity`. */
export function callerOf(res: Response): string {
  const caller: unknown = res.locals[CALLER];
  if (typeof caller !== "string") throw refuse("no caller identity");
  return caller;
}
