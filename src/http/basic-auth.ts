/** HTTP basic authentication against one configured user, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { AuthFailureGuard } from "./auth-failures.js";

/** Compares two secrets in time that does not depend on where they differ. */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a).digest();
  const db = createHash("sha256").update(b).digest();
  return timingSafeEqual(da, db);
}

/** Parses `Authorization: Basic ...` into a user and password, or undefined. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Middleware refusing requests without the given credentials (401 with a Basic challenge); failures are
 * limited per address and user name by `failures` (429 once over the limit).
 */
export function requireBasicAuth(credentials: { user: string; password: string }, realm: string, failures: AuthFailureGuard): RequestHandler {
  return async (req, res, next) => {
    const given = parseBasicAuth(req.headers.authorization);
    const address = req.ip ?? "unknown";
    const decision = failures.check(address, given?.user);
    if (!decision.allowed) {
      res
        .status(429)
        .set("Retry-After", String(decision.retryAfterSeconds))
        .json({ error: { code: "rate_limited", message: "too many failed logins; try again later" } });
      return;
    }
    // evaluate both comparisons every time so timing does not reveal which part was wrong
    const userOk = secretsEqual(given?.user ?? "", credentials.user);
    const passwordOk = secretsEqual(given?.password ?? "", credentials.password);
    if (given !== undefined && userOk && passwordOk) {
      next();
      return;
    }
    await failures.fail(req, address, given?.user);
    res
      .status(401)
      .set("WWW-Authenticate", `Basic realm="${realm}", charset="UTF-8"`)
      .json({ error: { code: "unauthorized", message: "valid credentials are required" } });
  };
}
