/**
 * CORS policy for every HTTP response, the Colyseus matchmaking routes
 * included (Colyseus writes CORS headers for all requests itself, reflecting
 * any origin by default, so the policy is installed into its controller).
 * Only origins on the allow-list get `Access-Control-Allow-Origin`; "*" in
 * the list allows any origin, without credentials.
 */
import { matchMaker } from "@colyseus/core";

const ALLOWED_HEADERS = [
  "Origin",
  "X-Requested-With",
  "Content-Type",
  "Accept",
  "Authorization",
  "X-User-ID",
  "X-Internal-Api-Key",
].join(", ");

/** The CORS headers for a request from `origin` under the allow-list. */
export function corsHeadersFor(origin: string | null, allowList: readonly string[]): Record<string, string> {
  if (origin === null) return {};
  if (allowList.includes(origin)) {
    return { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" };
  }
  if (allowList.includes("*")) return { "Access-Control-Allow-Origin": "*" };
  return { Vary: "Origin" };
}

/** Installs the allow-list into Colyseus, which answers preflights and sets CORS headers on every response. */
export function installCorsPolicy(allowList: readonly string[]): void {
  // Colyseus spreads these under every response; the origin headers come only from getCorsHeaders below.
  (matchMaker.controller as { DEFAULT_CORS_HEADERS: Record<string, string> }).DEFAULT_CORS_HEADERS = {
    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
    "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE",
    "Access-Control-Max-Age": "600",
  };
  matchMaker.controller.getCorsHeaders = (headers: Headers) => corsHeadersFor(headers.get("origin"), allowList);
}
