/**
 * Who a joining client is. With JWT verification configured the token's
 * subject is the player id (a refused token refuses the join with 1002
 * AUTHENTICATION_FAILED); without it the server runs in guest mode and each
 * connection gets a guest id.
 */
import { ServerError } from "@colyseus/core";
import { TokenError } from "../../src/auth/jwt.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { RoomServices } from "../../src/services/room-services.js";

/** The identity a room seats a client under. */
export interface PlayerIdentity {
  playerId: string;
  displayName?: string;
  guest: boolean;
}

/** Checks the client's token (or grants a guest identity) and returns who it is. */
export async function authenticate(
  services: Pick<RoomServices, "verifyToken">,
  token: string | undefined,
  sessionId: string,
): Promise<PlayerIdentity> {
  if (services.verifyToken === undefined) {
    return { playerId: `guest-${sessionId}`, guest: true };
  }
  try {
    const identity = await services.verifyToken(token);
    return { playerId: identity.userId, displayName: identity.displayName, guest: false };
  } catch (error) {
    const reason = error instanceof TokenError ? error.reason : "invalid";
    throw new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), `AUTHENTICATION_FAILED: ${reason}`);
  }
}

/**
 * Makes a reconnection prove who it is. Colyseus 0.18 lets a client back into
 * a dropped seat with the reconnection token alone: its reconnect path
 * (`Room._onJoin` with a `reconnectionToken`) skips `onAuth`, and the
 * matchmaker's `reconnect` route only checks the token. With authentication
 * configured that token is not enough (it may have leaked): the reconnecting
 * connection must carry the JWT of the player who holds the seat.
 *
 * Colyseus offers no hook that runs before a reconnection takes the seat
 * (`onReconnect` runs after the seat was handed over, and refusing there
 * costs the real player the seat), so this wraps the room's `_onJoin` — the
 * one entry of both the transport's joins and reconnections — and refuses
 * before anything is consumed: the real player can still come back.
 * test/hostile/rooms-reconnect-auth.test.ts fails if Colyseus changes that path.
 */
export function requireIdentityOnReconnect(
  room: object,
  check: (sessionId: string, token: string | undefined) => Promise<void>,
): void {
  const target = room as { _onJoin?: (client: { sessionId: string }, authContext: { token?: string } | undefined, options?: { reconnectionToken?: string }) => Promise<unknown> };
  const join = target._onJoin;
  if (typeof join !== "function") throw new Error("Colyseus Room._onJoin not found: the reconnection check cannot be installed");
  target._onJoin = async function (client, authContext, options) {
    if (options?.reconnectionToken) await check(client.sessionId, authContext?.token ?? undefined);
    return join.call(this, client, authContext, options);
  };
}

/** The refusal of a reconnection whose JWT is missing, invalid, or another player's. */
export function reconnectionRefused(reason: string): ServerError {
  return new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), `AUTHENTICATION_FAILED: reconnection ${reason}`);
}
