/**
 * What the HTTP edge knows about a room type's options: the allow-list of a
 * client's matchmaking options, and what a managed create's `config` may
 * hold. The rooms define these; the entry point hands them to the server
 * (ServerExtensions.roomOptions), so nothing else in src/ imports rooms/.
 */
import { GAME_RULES, GAMES } from "../games/registry.js";

/** A managed create request as far as its room's settings are concerned. */
export interface ManagedConfigRequest {
  roomId: string;
  playerIds: readonly string[];
  config: Record<string, unknown>;
}

/** One room type's option rules. */
export interface RoomOptionsPolicy {
  /**
   * The allow-list of a client's matchmaking options for this room type, by method: a fresh null-prototype copy.
   * Throws a ZodError for options outside it, ManagedOnlyError for a call the room type does not allow.
   */
  clientOptions(method: string, raw: unknown): Record<string, unknown>;
  /** Why the room would refuse a managed create with this `config` (checked at the edge for a 400), or undefined. */
  managedConfigProblem(request: ManagedConfigRequest): string | undefined;
}

/** Option rules by room name. */
export type RoomOptionPolicies = Readonly<Record<string, RoomOptionsPolicy>>;

/** Thrown when a client asks matchmaking for something only the server may do (e.g. create a managed-only room). */
export class ManagedOnlyError extends Error {
  override name = "ManagedOnlyError";
}

/** Refuses, at start-up, a server whose game rooms lack option rules (their client options would go unchecked). */
export function assertPoliciesCover(roomNames: readonly string[], policies: RoomOptionPolicies): void {
  for (const rules of GAME_RULES) {
    const room = GAMES[rules].room;
    if (roomNames.includes(room) && !Object.hasOwn(policies, room)) {
      throw new Error(`room type ${room} (${rules}) is served without option rules: pass roomOptions to startServer`);
    }
  }
}
