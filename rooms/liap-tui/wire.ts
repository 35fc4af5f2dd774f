/**
 * Seed 003 payloads of Liap Tui: the mapping lives in src/games/liap-tui/wire.ts
 * (pure), shared by the room and by replays.
 */
export * from "../../src/games/liap-tui/wire.js";
