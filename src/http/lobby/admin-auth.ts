/**
 * HTTP basic authentication of the lobby's admin surface against
 * `admin_accounts` (bcrypt). Failures answer 401 with
 * `WWW-Authenticate: Basic realm="galaxy-admin"`; failures are limited per
 * client address and per user name with growing delays, and over the limit
 * are refused with 429 before any bcrypt work (src/http/auth-failures.ts).
 */
import type { RequestHandler, Response } from "express";
import type { AdminAccounts } from "../../lobby/admin-accounts.js";
import { LobbyError } from "../../lobby/errors.js";
import type { AuthFailureGuard } from "../auth-failures.js";
import { parseBasicAuth } from "../basic-auth.js";
import { sendError } from "./common.js";

const ADMIN = "lobbyAdmin";

/** Realm of the Basic challenge (seed 004). */
export const ADMIN_REALM = "galaxy-admin";

/** Lets through requests with valid administrator credentials. */
export function requireAdmin(admins: AdminAccounts, failures: AuthFailureGuard): RequestHandler {
  return async (req, res, next) => {
    const address = req.ip ?? "unknown";
    const given = parseBasicAuth(req.get("authorization"));
    const decision = failures.check(address, given?.user);
    if (!decision.allowed) {
      next(new LobbyError("rate_limited", "too many failed administrator logins; try again later", decision.retryAfterSeconds));
      return;
    }
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
    await failures.fail(req, address, given?.user);
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
