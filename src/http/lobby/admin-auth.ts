/**
 * HTTP basic authentication of the lobby's admin surface against
 * `admin_accounts` (bcrypt). Failures answer 401 with
 * `WWW-Authenticate: Basic realm="galaxy-admin"`; a client address with too
 * many failures in a minute is refused with 429 before any bcrypt work.
 */
import type { RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { AdminAccounts } from "../../lobby/admin-accounts.js";
import { LobbyError } from "../../lobby/errors.js";
import type { SlidingWindowLimiter } from "../../lobby/rate-limit.js";
import { parseBasicAuth } from "../basic-auth.js";
import { sendError } from "./common.js";

const ADMIN = "lobbyAdmin";

/** Realm of the Basic challenge (seed 004). */
export const ADMIN_REALM = "galaxy-admin";

/** Lets through requests with valid administrator credentials. */
export function requireAdmin(admins: AdminAccounts, failures: SlidingWindowLimiter, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    const address = req.ip ?? "unknown";
    if (failures.isOver(address)) {
      next(new LobbyError("rate_limited", `too many failed administrator logins from this address; try again later`, 60));
      return;
    }
    const given = parseBasicAuth(req.get("authorization"));
    try {
      const username = given === undefined ? undefined : await admins.verify(given.user, given.password);
      if (username !== undefined) {
        res.locals[ADMIN] = username;
        next();
        return;
      }
    } catch (error) {
      next(error);
      return;
    }
    failures.take(address);
    logger.warn({ security_event: true, path: req.path, remote_address: address, username: given?.user }, "lobby admin login refused");
    res.set("WWW-Authenticate", `Basic realm="${ADMIN_REALM}"`);
    sendError(res, 401, "unauthorized", "valid administrator credentials are required (HTTP basic auth)");
  };
}

/** The administrator established by `requireAdmin`. */
export function adminOf(res: Response): string {
  const admin: unknown = res.locals[ADMIN];
  if (typeof admin !== "string") throw new LobbyError("unauthenticated", "no administrator identity");
  return admin;
}
