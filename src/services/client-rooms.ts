/**
 * Rooms that clients create through matchmaking (open `liap_tui` tables) are
 * counted apart from the matchmaking service's managed rooms: each node holds
 * at most MAX_CLIENT_ROOMS of them, and they never use up the MAX_ROOMS a node
 * keeps for managed rooms. Counts are per process, published in presence so
 * the internal API's capacity check can leave them out on every node.
 */
import { matchMaker, ServerError, type Room } from "@colyseus/core";
import type { ProcessLoad } from "../cluster/placement.js";
import { liveProcessLoads } from "../cluster/placement.js";

/** Presence hash: process id → client-created rooms it holds. */
const CLIENT_ROOMS_KEY = "gs:client-rooms";

const counted = new WeakSet<Room>();
/** Room handlers whose disposals are followed (a server restarted in the same process registers new ones). */
const watchedHandlers = new WeakSet<object>();
let local = 0;

/**
 * Admits a client-created room on this process or refuses it (503) when the process holds `max` already.
 * Synchronous check-and-count, so a burst of parallel creates cannot overshoot.
 */
export function admitClientRoom(room: Room, max: number): void {
  if (local >= max) {
    throw new ServerError(503, `capacity_exceeded: this node holds its ${max} client-created rooms (MAX_CLIENT_ROOMS)`);
  }
  local++;
  counted.add(room);
  watchDisposal(room.roomName);
  void Promise.resolve(matchMaker.presence.hincrby(CLIENT_ROOMS_KEY, matchMaker.processId, 1)).catch(() => {});
}

/** Client-created rooms this process holds now. */
export function localClientRooms(): number {
  return local;
}

function watchDisposal(roomName: string): void {
  const handler = matchMaker.getHandler(roomName);
  if (watchedHandlers.has(handler)) return;
  watchedHandlers.add(handler);
  handler.on("dispose", (room: Room) => {
    if (!counted.has(room)) return;
    counted.delete(room);
    local--;
    void Promise.resolve(matchMaker.presence.hincrby(CLIENT_ROOMS_KEY, matchMaker.processId, -1)).catch(() => {});
  });
}

/** Forgets what a previous life of this process held and published (called at start, before any room exists). */
export async function resetClientRoomCount(): Promise<void> {
  local = 0;
  await matchMaker.presence.hdel(CLIENT_ROOMS_KEY, matchMaker.processId);
}

/** Live processes' loads counting managed rooms only (what MAX_ROOMS limits). */
export async function managedProcessLoads(): Promise<ProcessLoad[]> {
  const [loads, clientRooms] = await Promise.all([liveProcessLoads(), matchMaker.presence.hgetall(CLIENT_ROOMS_KEY)]);
  return loads.map((load) => {
    const clients = load.processId === matchMaker.processId ? local : Math.max(0, Number(clientRooms?.[load.processId] ?? 0) || 0);
    return { ...load, roomCount: Math.max(0, load.roomCount - clients) };
  });
}
