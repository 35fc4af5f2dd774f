/**
 * `joinById` past the lock. Colyseus's own `joinById` refuses locked rooms,
 * and a Liap Tui room locks once its game starts so that no newcomer is
 * matched into it. A join that names the room is different: a spectator takes
 * no seat, and a player of the running game who lost the connection and its
 * reconnection token (a reloaded page, another gateway node) comes back to
 * the seat that is still theirs. So such a join looks the room up and
 * reserves a connection without the lock check, and the room decides in its
 * onAuth: its own players back to their seats, spectators within its limits,
 * everybody else refused (ROOM_FULL).
 */
import { ErrorCode, matchMaker, ServerError } from "@colyseus/core";

/** `joinById` that lets a locked (running) room decide for itself. */
export async function joinByIdPastLock(roomId: string, options: Record<string, unknown>) {
  const room = await matchMaker.driver.findOne({ roomId });
  if (room === undefined || room === null) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_ROOM_ID, `room "${roomId}" not found`);
  // the rooms authenticate in onAuth (no static onAuth), so there is no auth data to pass on
  return matchMaker.reserveSeatFor(room, options, undefined);
}
