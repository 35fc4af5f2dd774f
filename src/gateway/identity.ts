/**
 * Who a gateway client is: the JWT it presents (`?token=` on the seed-003
 * gateway, the `token` connect parameter on Phoenix) is checked here with the
 * server's verifier and passed on to the rooms, which check it again in
 * onAuth. The player key names a player for held seats: the token's subject,
 * or in guest mode (no JWT_SECRET/JWKS_URL) the player name.
 */
import { createHash } from "node:crypto";
import type { TokenVerifier } from "../auth/jwt.js";

export interface GatewayIdentity {
  token?: string;
  /** The verified user (JWT subject) and the display name the token carries, when the token was checked here. */
  userId?: string;
  displayName?: string;
  /** The player's key for held seats (undefined: anonymous in guest mode, nothing is held). */
  playerKey?: string;
  /** The client's address (guest-mode create limits). */
  ip?: string;
}

export type IdentityResult = { ok: true; identity: GatewayIdentity } | { ok: false; reason: "unauthorized" };

/** Longest token taken (a JWT is a few hundred bytes). */
const MAX_TOKEN = 4096;

/** Checks a presented token; without one, a guest identity named by `playerName` (or anonymous). */
export async function identify(
  verify: TokenVerifier | undefined,
  token: string | undefined,
  playerName: string | undefined,
  ip: string | undefined,
  guestsAllowed: boolean,
): Promise<IdentityResult> {
  if (token !== undefined && token !== "") {
    if (token.length > MAX_TOKEN) return { ok: false, reason: "unauthorized" };
    if (verify === undefined) {
      // the rooms verify remotely (AUTH_VERIFY=remote) or not at all: the same token means the same player
      return { ok: true, identity: { token, ip, playerKey: `token:${createHash("sha256").update(token).digest("hex")}` } };
    }
    try {
      const verified = await verify(token);
      return {
        ok: true,
        identity: { token, ip, userId: verified.userId, ...(verified.displayName !== undefined ? { displayName: verified.displayName } : {}), playerKey: `user:${verified.userId}` },
      };
    } catch {
      return { ok: false, reason: "unauthorized" };
    }
  }
  if (!guestsAllowed) return { ok: true, identity: { ip } };
  return { ok: true, identity: { ip, playerKey: playerName !== undefined && playerName !== "" ? guestKey(playerName) : undefined } };
}

/** A guest's key: the name it plays under. */
export function guestKey(playerName: string): string {
  return `guest:${playerName.trim().slice(0, 32)}`;
}

/** In guest mode, the key of a seat held for whoever connects from this address (a client that names itself nowhere). */
export function addressKey(ip: string): string {
  return `address:${ip}`;
}
