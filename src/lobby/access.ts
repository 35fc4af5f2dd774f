/**
 * Who may see and act on a lobby game. Public games are seen by everyone;
 * a private game by its owner and by anyone with a membership, an application
 * or an invite bound to them, and — while enrollment is open — by anyone who
 * has its id (so they can apply or redeem a code). Everyone else gets 404.
 */
import type { LobbyGameRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import { forbidden, notFound } from "./errors.js";
import { getGame } from "./queries/games.js";
import { isParticipant } from "./queries/enrollment.js";

/** Who is asking: a user of the user surface, or an administrator of the admin surface. */
export type Actor = { kind: "user"; userId: string } | { kind: "admin"; username: string };

/** The message every invisible or missing game gets, so the two cannot be told apart. */
const NO_SUCH_GAME = "no such game";

/** Whether the actor may see the game. */
export async function canSee(db: Database, game: LobbyGameRow, actor: Actor): Promise<boolean> {
  if (actor.kind === "admin") return true;
  if (game.visibility === "public") return true;
  if (game.ownerUserId === actor.userId) return true;
  if (game.status === "enrollment_open") return true;
  return isParticipant(db, game.id, actor.userId);
}

/** The game if the actor may see it; otherwise a `not_found` error. */
export async function visibleGame(db: Database, gameId: string, actor: Actor): Promise<LobbyGameRow> {
  const game = await getGame(db, gameId);
  if (game === undefined || !(await canSee(db, game, actor))) throw notFound(NO_SUCH_GAME);
  return game;
}

/** Whether the actor owns the game (administrators own every game; public games have no user owner). */
export function isOwner(game: LobbyGameRow, actor: Actor): boolean {
  return actor.kind === "admin" || (game.ownerUserId !== null && game.ownerUserId === actor.userId);
}

/** Throws `forbidden` unless the actor owns the game. */
export function requireOwner(game: LobbyGameRow, actor: Actor, what: string): void {
  if (!isOwner(game, actor)) {
    throw forbidden(
      game.ownerUserId === null ? `${what}: this public game is managed by administrators` : `${what}: only the game's owner may do this`,
    );
  }
}

/** The user id of a user actor, or null for administrators. */
export function userIdOf(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
