/**
 * How many spectators are connected to rooms of this process. Colyseus counts
 * every connection as a client (`matchMaker.stats.local.ccu`); the health
 * answer, the cluster view and the listings count players only, so they take
 * the spectators away from it. Rooms report their spectators' arrivals and
 * departures here.
 */

let connected = 0;

/** A spectator connected to a room of this process. */
export function spectatorArrived(): void {
  connected++;
}

/** A spectator left a room of this process (for good: a dropped one still waiting for its reconnection counts until then). */
export function spectatorLeft(): void {
  connected = Math.max(0, connected - 1);
}

/** Spectators connected to rooms of this process now. */
export function connectedSpectators(): number {
  return connected;
}

/** Players connected to rooms of this process: every connection Colyseus counts, spectators aside. */
export function connectedPlayers(ccu: number): number {
  return Math.max(0, ccu - connected);
}
