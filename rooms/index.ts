/** The room types this server offers, by the name clients use to create or join them (names from the game registry). */
import { defineRoom, LobbyRoom, type RegisteredHandler } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import { GAMES } from "../src/games/registry.js";
import { toNullPrototype } from "../src/http/safe-json.js";
import { ManagedOnlyError, type RoomOptionPolicies } from "../src/services/room-options.js";
import { LiapTuiRoom } from "./liap-tui/LiapTuiRoom.js";
import { CardBattleRoom } from "./card-battle/CardBattleRoom.js";
import { liapTuiOptionsPolicy } from "./liap-tui/options.js";
import { cardBattleOptionsPolicy } from "./card-battle/options.js";
import { CardBattlePracticeRoom, PRACTICE_ROOM, practiceOptionsPolicy } from "./card-battle/practice-room.js";
import { SCHEMA_BUFFER_BYTES } from "./shared/patching.js";

/** Every room definition, keyed by room name. `lobby` lists public rooms in real time. Sets the schema buffer size (before any room exists). */
export function gameRooms(): Record<string, RegisteredHandler> {
  Encoder.BUFFER_SIZE = SCHEMA_BUFFER_BYTES;
  return {
    lobby: defineRoom(LobbyRoom),
    [GAMES.liap_tui.room]: defineRoom(LiapTuiRoom).enableRealtimeListing(),
    [GAMES.simple_card_battle.room]: defineRoom(CardBattleRoom),
    // one player against bots (the play page); refused unless PRACTICE_ROOMS is on
    [PRACTICE_ROOM]: defineRoom(CardBattlePracticeRoom),
  };
}

/** Every room type's option rules, keyed by room name (the entry point hands them to the server). */
export function roomOptionPolicies(): RoomOptionPolicies {
  return {
    [GAMES.liap_tui.room]: liapTuiOptionsPolicy,
    [GAMES.simple_card_battle.room]: cardBattleOptionsPolicy,
    [PRACTICE_ROOM]: practiceOptionsPolicy,
    lobby: {
      clientOptions(method, raw) {
        if (method === "create") throw new ManagedOnlyError("the lobby room is shared: use joinOrCreate");
        return toNullPrototype(raw) as Record<string, unknown>;
      },
      managedConfigProblem: () => "the lobby room is not a game",
    },
  };
}

export { GAME_ROOM_NAMES } from "../src/games/registry.js";

/** Room types beside the registry's games (they run a registered game's rules): card battle practice against bots. */
export const SIDE_ROOMS: readonly string[] = [PRACTICE_ROOM];
