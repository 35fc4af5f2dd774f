/**
 * Where a new room goes: the live process with the fewest connected players
 * (then the fewest rooms) among those below MAX_ROOMS. Live means its
 * Colyseus process channel is subscribed in presence, which ends the moment a
 * process dies.
 */
import { LocalPresence, matchMaker, ServerError } from "@colyseus/core";

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

/** How long a placement counts as "not yet in the recorded load" (Colyseus persists other processes' load about once a second). */
const PENDING_WINDOW_MS = 2_000;

/**
 * The `selectProcessIdToCreateRoom` hook: least-loaded by players; refuses when the whole cluster is full.
 * Rooms this node placed elsewhere in the last moments are added to the recorded load, so a burst of creates spreads.
 */
export function leastLoadedPlacement(maxRooms: number, now: () => number = Date.now) {
  const recent: Array<{ processId: string; at: number }> = [];
  return async (): Promise<string> => {
    const cutoff = now() - PENDING_WINDOW_MS;
    while (recent.length > 0 && recent[0]!.at < cutoff) recent.shift();
    const loads = (await liveProcessLoads()).map((load) => {
      if (load.processId === matchMaker.processId) return load; // this process's own count is live (liveProcessLoads)
      const pending = recent.filter((r) => r.processId === load.processId).length;
      return { ...load, roomCount: load.roomCount + pending };
    });
    const chosen = pickProcess(loads, maxRooms);
    if (chosen === undefined) throw new ServerError(503, "capacity_exceeded: every node holds MAX_ROOMS rooms");
    recent.push({ processId: chosen.processId, at: now() });
    return chosen.processId;
  };
}
