/** Every table of the database, for drizzle and drizzle-kit. */
export * from "./rooms.js";
export * from "./results.js";
export * from "./outbox.js";
export * from "./lobby.js";
export * from "./race-names.js";
export * from "./chat.js";
export * from "./replays.js";
