/** HTTP basic authentication against one configured user, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";

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

/** Middleware refusing requests without the given credentials (401 with a Basic challenge). */
export function requireBasicAuth(credentials: { user: string; password: string }, realm: string): RequestHandler {
  return (req, res, next) => {
    const given = parseBasicAuth(req.headers.authorization);
    // evaluate both comparisons every time so timing does not reveal which part was wrong
    const userOk = secretsEqual(given?.user ?? "", credentials.user);
    const passwordOk = secretsEqual(given?.password ?? "", credentials.password);
    if (given !== undefined && userOk && passwordOk) {
      next();
      return;
    }
    res
      .status(401)
      .set("WWW-Authenticate", `Basic realm="${realm}", charset="UTF-8"`)
      .json({ error: { code: "unauthorized", message: "valid credentials are required" } });
  };
}
