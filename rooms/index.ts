/** The room types this server offers, by the name clients use to create or join them. */
import { defineRoom, LobbyRoom, type RegisteredHandler } from "@colyseus/core";
import { LiapTuiRoom } from "./liap-tui/LiapTuiRoom.js";
import { CardBattleRoom } from "./card-battle/CardBattleRoom.js";

/** Every room definition, keyed by room name. `lobby` lists public rooms in real time. */
export function gameRooms(): Record<string, RegisteredHandler> {
  return {
    lobby: defineRoom(LobbyRoom),
    liap_tui: defineRoom(LiapTuiRoom).enableRealtimeListing(),
    card_battle: defineRoom(CardBattleRoom),
  };
}

/** Names of the game rooms clients may list (card battle rooms are private to their players). */
export const GAME_ROOM_NAMES = ["liap_tui", "card_battle"] as const;
