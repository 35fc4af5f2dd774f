/**
 * Keeps the public matchmaking route (`POST /matchmake/...`) from creating
 * managed rooms: only the internal API may pass a managed spec, so any client
 * request carrying one is refused.
 */
import { matchMaker, ServerError } from "@colyseus/core";
import { MANAGED_OPTION } from "../../rooms/shared/managed.js";

let installed = false;

/** Wraps Colyseus's matchmaking controller once per process. */
export function installMatchmakingGuard(): void {
  if (installed) return;
  installed = true;
  const invoke = matchMaker.controller.invokeMethod.bind(matchMaker.controller);
  matchMaker.controller.invokeMethod = (method, roomName, clientOptions = {}, authOptions) => {
    if (clientOptions !== null && typeof clientOptions === "object" && MANAGED_OPTION in clientOptions) {
      return Promise.reject(new ServerError(403, "managed rooms are created by the matchmaking service only"));
    }
    return invoke(method, roomName, clientOptions, authOptions);
  };
}
