/**
 * The lobby's race-name registry (seed 004 `RaceNameDetail`): race names
 * users registered for good after finishing a game under them. Reservations
 * (a name held in a game under way) and pending registrations (a name earned
 * in a finished game, not yet registered) are not stored here: they are read
 * from `lobby_memberships`, so they can never disagree with the rosters.
 */
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestampTz } from "./columns.js";
import { lobbyGames } from "./lobby.js";

/** The `lobby_registered_race_names` table: one row per registered race name, unique platform-wide by its canonical key. */
export const lobbyRegisteredRaceNames = pgTable(
  "lobby_registered_race_names",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: uuid("owner_user_id").notNull(),
    /** The name as the owner played it in the source game. */
    name: text("name").notNull(),
    /** The name folded as `canonicalRaceName` folds it (the same key memberships carry); one owner per key. */
    canonicalKey: text("canonical_key").notNull().unique(),
    /** The finished game the name was earned in. */
    sourceGameId: uuid("source_game_id").references(() => lobbyGames.id, { onDelete: "set null" }),
    /** When the owner joined the source game under the name. */
    reservedAt: timestampTz("reserved_at"),
    registeredAt: timestampTz("registered_at").notNull().defaultNow(),
  },
  (table) => [index("lobby_registered_race_names_owner_idx").on(table.ownerUserId, table.registeredAt, table.id)],
);

/** A row of `lobby_registered_race_names` as read. */
export type RegisteredRaceNameRow = typeof lobbyRegisteredRaceNames.$inferSelect;
