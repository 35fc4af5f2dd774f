/**
 * Local verification of players' JWTs with jose: HS256 with JWT_SECRET, or
 * asymmetric keys from JWKS_URL. The token's subject is the player's id.
 * `alg: none`, unexpected algorithms, expired and not-yet-valid tokens are
 * refused with a typed reason.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { cacheVerifiedTokens, type VerifiedTokenCacheOptions } from "./verified-tokens.js";

/** Why a token was refused. */
export type TokenRefusal = "missing" | "malformed" | "bad_signature" | "wrong_algorithm" | "expired" | "not_yet_valid" | "no_subject";

/** Thrown by a verifier when a token is not acceptable. */
export class TokenError extends Error {
  constructor(
    public readonly reason: TokenRefusal,
    message: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}

/** Who a valid token speaks for. */
export interface VerifiedIdentity {
  userId: string;
  displayName?: string;
  claims: JWTPayload;
}

/** Checks a token and returns its identity, or throws a `TokenError`. */
export type TokenVerifier = (token: string | undefined | null) => Promise<VerifiedIdentity>;

const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/**
 * A verifier for the configured key, or undefined when neither JWT_SECRET nor
 * JWKS_URL is set (guest mode). Tokens that verified are remembered until
 * their `exp` (at most 5 minutes: ./verified-tokens.ts).
 */
export function createLocalVerifier(settings: { jwtSecret?: string; jwksUrl?: string }, cache: VerifiedTokenCacheOptions = {}): TokenVerifier | undefined {
  if (settings.jwtSecret !== undefined) {
    const key = new TextEncoder().encode(settings.jwtSecret);
    return cacheVerifiedTokens((token) => verifyWith(token, async (jwt) => (await jwtVerify(jwt, key, { algorithms: ["HS256"], clockTolerance: 5 })).payload), cache);
  }
  if (settings.jwksUrl !== undefined) {
    const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    return cacheVerifiedTokens(
      (token) => verifyWith(token, async (jwt) => (await jwtVerify(jwt, keys, { algorithms: ASYMMETRIC_ALGORITHMS, clockTolerance: 5 })).payload),
      cache,
    );
  }
  return undefined;
}

/** Runs jose's check (signature, algorithm, exp/nbf) and then this server's own claim rules. */
async function verifyWith(
  token: string | undefined | null,
  check: (jwt: string) => Promise<JWTPayload>,
): Promise<VerifiedIdentity> {
  if (typeof token !== "string" || token.length === 0) throw new TokenError("missing", "a JWT is required");
  let payload: JWTPayload;
  try {
    payload = await check(token);
  } catch (error) {
    throw toTokenError(error);
  }
  if (typeof payload.sub !== "string" || payload.sub.length === 0) {
    throw new TokenError("no_subject", "the JWT has no subject (the player id)");
  }
  return { userId: payload.sub, displayName: displayNameOf(payload), claims: payload };
}

function displayNameOf(payload: JWTPayload): string | undefined {
  for (const claim of ["display_name", "name", "preferred_username"]) {
    const value = payload[claim];
    if (typeof value === "string" && value.trim().length > 0) return value.trim();
  }
  return undefined;
}

function toTokenError(error: unknown): TokenError {
  if (error instanceof errors.JWTExpired) return new TokenError("expired", "the JWT has expired");
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === "nbf") {
    return new TokenError("not_yet_valid", "the JWT is not valid yet");
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new TokenError("wrong_algorithm", "the JWT uses an algorithm this server does not accept");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenError("bad_signature", "the JWT signature does not verify");
  }
  return new TokenError("malformed", "the JWT is malformed or its claims are invalid");
}
