/**
 * Keeps the public matchmaking route (`POST /matchmake/...`) from creating
 * managed rooms: only the internal API may pass a managed spec, so any client
 * request carrying one is refused.
 */
import { matchMaker, ServerError } from "@colyseus/core";
import { MANAGED_OPTION } from "../../rooms/shared/managed.js";

let installed = false;
let draining = false;

/** Takes new rooms and joins (a server starting in this process). */
export function acceptNewSeats(): void {
  draining = false;
}

/** From now on (shutdown) refuse every new room and join; reconnections of players already in a room still pass. */
export function refuseNewSeats(): void {
  draining = true;
}

/** Wraps Colyseus's matchmaking controller once per process. */
export function installMatchmakingGuard(): void {
  if (installed) return;
  installed = true;
  const invoke = matchMaker.controller.invokeMethod.bind(matchMaker.controller);
  matchMaker.controller.invokeMethod = (method, roomName, clientOptions = {}, authOptions) => {
    if (draining && method !== "reconnect") {
      return Promise.reject(new ServerError(503, "server is shutting down: no new rooms or joins"));
    }
    if (clientOptions !== null && typeof clientOptions === "object" && MANAGED_OPTION in clientOptions) {
      return Promise.reject(new ServerError(403, "managed rooms are created by the matchmaking service only"));
    }
    return invoke(method, roomName, clientOptions, authOptions);
  };
}
