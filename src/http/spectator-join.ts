/**
 * Joining a room as a spectator (`joinById(roomId, { spectate: true })`).
 * Colyseus's own `joinById` refuses locked rooms, and a game room locks once
 * its game starts (no more players may come in); a spectator takes no seat,
 * so its join looks the room up and reserves a connection the same way
 * without the lock check. The room itself decides whether it admits the
 * spectator (its limit, a managed room's `allow_spectators`, the token).
 */
import { ErrorCode, matchMaker, ServerError } from "@colyseus/core";

/** True for the join options of a spectator (the allow-list has made `spectate` a boolean). */
export function isSpectatorJoin(method: string, options: Readonly<Record<string, unknown>>): boolean {
  return method === "joinById" && options.spectate === true;
}

/** `joinById` for a spectator: like Colyseus's, but a locked (running) room is joinable. */
export async function joinByIdAsSpectator(roomId: string, options: Record<string, unknown>) {
  const room = await matchMaker.driver.findOne({ roomId });
  if (room === undefined || room === null) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_ROOM_ID, `room "${roomId}" not found`);
  // the rooms authenticate in onAuth (no static onAuth), so there is no auth data to pass on
  return matchMaker.reserveSeatFor(room, options, undefined);
}
