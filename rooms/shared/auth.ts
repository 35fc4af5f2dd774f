/**
 * Who a joining client is. With JWT verification configured the token's
 * subject is the player id (a refused token refuses the join with 1002
 * AUTHENTICATION_FAILED); without it the server runs in guest mode and each
 * connection gets a guest id.
 */
import { ServerError } from "@colyseus/core";
import { TokenError } from "../../src/auth/jwt.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { RoomServices } from "./services.js";

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
