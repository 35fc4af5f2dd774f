/** The room types this server offers, by the name clients use to create or join them. */
import { defineRoom, LobbyRoom, type RegisteredHandler } from "@colyseus/core";
import { LiapTuiRoom } from "./liap-tui/LiapTuiRoom.js";

/** Every room definition, keyed by room name. `lobby` lists public rooms in real time. */
export function gameRooms(): Record<string, RegisteredHandler> {
  return {
    lobby: defineRoom(LobbyRoom),
    liap_tui: defineRoom(LiapTuiRoom).enableRealtimeListing(),
  };
}

/** Names of the game rooms (not the lobby). */
export const GAME_ROOM_NAMES = ["liap_tui"] as const;
