/**
 * What the `card_battle` room sends: the mapping lives in
 * src/games/card-battle/wire.ts (pure), shared by the room and by replays.
 */
export * from "../../src/games/card-battle/wire.js";
