/**
 * Remembers tokens that verified, so a player who joins game after game with
 * the same JWT is not checked by jose each time (a signature check and its
 * promise chain cost about as much CPU as a move, or more: BENCHMARKS.md,
 * "Per-game database work"). Entries last until the
 * token's own `exp` and never longer than `ttlMs`, so a JWKS key rotation
 * takes effect within that time; refusals are never remembered. Keys are
 * SHA-256 digests of the token, so the map holds no bearer secrets. Bounded:
 * the oldest entries go first.
 */
import { createHash } from "node:crypto";
import type { TokenVerifier, VerifiedIdentity } from "./jwt.js";

export interface VerifiedTokenCacheOptions {
  /** Entries at most (default 20,000; 0 turns the cache off). */
  maxEntries?: number;
  /** Longest an entry is used (default 5 minutes). */
  ttlMs?: number;
  /** The clock, in epoch milliseconds (tests move it). */
  now?: () => number;
}

interface Entry {
  identity: VerifiedIdentity;
  until: number;
}

/** Wraps `verify` with the cache. */
export function cacheVerifiedTokens(verify: TokenVerifier, options: VerifiedTokenCacheOptions = {}): TokenVerifier {
  const maxEntries = options.maxEntries ?? 20_000;
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  if (maxEntries <= 0) return verify;
  const entries = new Map<string, Entry>();

  return async (token) => {
    if (typeof token !== "string" || token.length === 0) return verify(token);
    const key = createHash("sha256").update(token).digest("base64");
    const known = entries.get(key);
    const at = now();
    if (known !== undefined) {
      if (at < known.until) return known.identity;
      entries.delete(key);
    }
    // shared by every caller that presents this token: frozen
    const identity = Object.freeze(await verify(token));
    const exp = identity.claims.exp;
    const until = Math.min(at + ttlMs, typeof exp === "number" ? exp * 1000 : Number.POSITIVE_INFINITY);
    if (until > at) {
      // two joins with one new token may both have checked it: the second replaces the first, evicting nothing
      if (!entries.has(key) && entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { identity, until });
    }
    return identity;
  };
}
