/**
 * The lobby's side of the rooms that run its games: starting a room for a
 * game (through the managed-room service, so the room lands on the least
 * loaded node), pausing, resuming and terminating it, and following its life
 * so the game's `status`, `runtime_status` and `current_turn` keep in step.
 */
import { matchMaker } from "@colyseus/core";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { CreateOutcome, CreateRoomRequest } from "../services/managed-rooms.js";
import type { RoomLifecycleEvent, RoomLifecycleHook } from "../services/room-services.js";
import { raiseCurrentTurn, updateRuntime } from "./queries/games.js";

/** What the lobby needs from the rooms. */
export interface RoomGateway {
  /** Creates the room (idempotent per id). */
  create(request: CreateRoomRequest): Promise<CreateOutcome>;
  /** Terminates a live room wherever it runs; false when there is none. */
  terminate(roomId: string, adminId?: string): Promise<boolean>;
  /** Calls `pause` or `resume` on a live room wherever it runs; throws when there is none. */
  call(roomId: string, method: "pause" | "resume"): Promise<void>;
}

/** A gateway over the server's managed-room service and Colyseus's remote room calls. */
export function roomGateway(managed: { create: RoomGateway["create"]; terminate: RoomGateway["terminate"] }): RoomGateway {
  return {
    create: (request) => managed.create(request),
    terminate: (roomId, adminId) => managed.terminate(roomId, adminId),
    async call(roomId, method) {
      await matchMaker.remoteRoomCall(roomId, method, []);
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A lifecycle hook that moves lobby games with their rooms: started → running;
 * turn → current_turn; finished → finished; aborted before the game began →
 * start_failed (retry-start may create the room again), aborted mid-game →
 * cancelled (an abort the lobby caused itself, by cancel or force-stop, only
 * marks the room stopped).
 * Rooms that are not lobby games match no row and change nothing.
 */
export function roomFollower(db: Database, logger: Logger): RoomLifecycleHook {
  return async (event: RoomLifecycleEvent) => {
    if (!UUID.test(event.roomId)) return;
    const id = event.roomId.toLowerCase();
    switch (event.kind) {
      case "started":
        await updateRuntime(db, id, ["starting"], { status: "running", runtimeStatus: "running", startedAt: event.at }, event.at);
        return;
      case "turn":
        await raiseCurrentTurn(db, id, event.turnNumber, event.at);
        return;
      case "finished":
        await updateRuntime(db, id, ["starting", "running", "paused"], { status: "finished", runtimeStatus: "finished", finishedAt: event.at }, event.at);
        return;
      case "aborted": {
        const health = `aborted: ${event.reason}`;
        // never started (its players did not all join): the start failed, and retry-start may make the room again
        if (await updateRuntime(db, id, ["starting"], { status: "start_failed", runtimeStatus: "aborted", engineHealth: health }, event.at)) {
          logger.info({ game_id: id, reason: event.reason }, "lobby game start failed: its room was aborted before the game began");
          return;
        }
        const ended = { status: "cancelled" as const, runtimeStatus: "aborted" as const, engineHealth: health, finishedAt: event.at };
        if (await updateRuntime(db, id, ["running", "paused"], ended, event.at)) {
          logger.info({ game_id: id, reason: event.reason }, "lobby game cancelled: its room was aborted mid-game");
          return;
        }
        await updateRuntime(db, id, ["cancelled"], { runtimeStatus: "stopped" }, event.at);
        return;
      }
    }
  };
}
