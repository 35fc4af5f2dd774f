/**
 * Where a new room goes: the live process with the fewest connected players
 * (then the fewest rooms) among those below MAX_ROOMS, counting the seats of
 * the rooms this node placed moments ago as players. Live means its
 * Colyseus process channel is subscribed in presence, which ends the moment a
 * process dies.
 */
import { LocalPresence, matchMaker, ServerError } from "@colyseus/core";
import { gameOfRoom } from "../games/registry.js";
import { RecentPlacements } from "./recent-placements.js";

/** A process's load as Colyseus records it. */
export interface ProcessLoad {
  processId: string;
  roomCount: number;
  ccu: number;
}

/** Loads of the processes that are alive right now. */
export async function liveProcessLoads(): Promise<ProcessLoad[]> {
  const loads = matchMaker.presence instanceof LocalPresence ? [] : await otherLiveLoads();
  // this process's own load is known live even before Colyseus first persists it (about a second after start)
  const own = matchMaker.stats.local;
  const ownLoad = { processId: matchMaker.processId, roomCount: own.roomCount, ccu: own.ccu };
  const recorded = loads.findIndex((load) => load.processId === matchMaker.processId);
  if (recorded === -1) loads.push(ownLoad);
  else loads[recorded] = ownLoad;
  return loads;
}

/**
 * The recorded loads of the live processes, with Redis presence. (Local
 * presence has this process only, and its channel list holds every room's
 * channel: scanning it on each create would grow with the rooms.)
 */
async function otherLiveLoads(): Promise<ProcessLoad[]> {
  const [all, channels] = await Promise.all([matchMaker.stats.fetchAll(), matchMaker.presence.channels("p:*")]);
  const alive = new Set(channels.map((channel) => channel.slice(2)));
  alive.add(matchMaker.processId);
  return all.filter((load) => alive.has(load.processId));
}

/** Picks the least-loaded live process with room to spare, or undefined when every one is full. */
export function pickProcess(loads: readonly ProcessLoad[], maxRooms: number): ProcessLoad | undefined {
  return loads
    .filter((load) => load.roomCount < maxRooms)
    .sort((a, b) => a.ccu - b.ccu || a.roomCount - b.roomCount || a.processId.localeCompare(b.processId))[0];
}

/** How long a placement elsewhere counts as a room not yet in the record (Colyseus persists other processes' load about once a second). */
const PENDING_ROOM_MS = 2_000;
/** How long a placement counts as players not yet connected (they connect some seconds after the matchmaking service tells them). */
const PENDING_SEATS_MS = 5_000;

/** Seats a new room of this type will fill: its game's most players; 0 for rooms that run no game (chat, lobby). */
const seatsOfRoom = (roomName: string): number => gameOfRoom(roomName)?.maxPlayers ?? 0;

/**
 * The `selectProcessIdToCreateRoom` hook: least-loaded by players; refuses when the whole cluster is full.
 * Rooms this node placed in the last moments count as their seats and as rooms on the process they went to:
 * their players are not connected yet, so a burst of creates spreads instead of piling on the node that has
 * the fewest players right now.
 */
export function leastLoadedPlacement(
  maxRooms: number,
  options: { loads?: () => Promise<ProcessLoad[]>; now?: () => number; ownProcessId?: () => string } = {},
) {
  const { loads = liveProcessLoads, now = Date.now, ownProcessId = () => matchMaker.processId } = options;
  const recent = new RecentPlacements(PENDING_ROOM_MS, PENDING_SEATS_MS);
  return async (roomName: string): Promise<string> => {
    // everything after this await runs without yielding, so concurrent creates each see the ones before them
    const recorded = await loads();
    const at = now();
    const pending = recent.pendingAt(at);
    const own = ownProcessId();
    const withPending = recorded.map((load) => {
      const sum = pending.get(load.processId);
      if (sum === undefined) return load;
      // this process's own room count is live (liveProcessLoads); its new rooms' players are not connected yet either
      return { ...load, roomCount: load.processId === own ? load.roomCount : load.roomCount + sum.rooms, ccu: load.ccu + sum.seats };
    });
    const chosen = pickProcess(withPending, maxRooms);
    if (chosen === undefined) throw new ServerError(503, "capacity_exceeded: every node holds MAX_ROOMS rooms");
    recent.add(chosen.processId, at, seatsOfRoom(roomName));
    return chosen.processId;
  };
}
