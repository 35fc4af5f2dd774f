/**
 * Domain errors of the lobby. Services and queries throw these; only the
 * lobby's route modules turn them into HTTP statuses and the seed-004 envelope.
 */

/** What went wrong, in the lobby's own terms. */
export type LobbyErrorKind =
  /** The request's content is malformed or breaks a rule of the game (bad field, unknown engine version). */
  | "invalid"
  /** No trustworthy identity came with the request. */
  | "unauthenticated"
  /** The caller may see the thing but may not do this to it (not the owner, blocked, not the invitee). */
  | "forbidden"
  /** The thing does not exist, or the caller may not see it. */
  | "not_found"
  /** The thing is not in a state that allows this (status machine, full game, taken race name). */
  | "conflict"
  /** The caller sent too many requests. */
  | "rate_limited"
  /** The lobby cannot serve now (start-up failed, the database is unreachable). */
  | "unavailable";

/** A refusal the lobby explains to its caller. */
export class LobbyError extends Error {
  constructor(
    readonly kind: LobbyErrorKind,
    message: string,
    /** Seconds after which a rate-limited caller may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "LobbyError";
  }
}

/** A malformed request or one that breaks a game rule. */
export const invalid = (message: string) => new LobbyError("invalid", message);
/** A caller who may not do this. */
export const forbidden = (message: string) => new LobbyError("forbidden", message);
/** Something missing or invisible to the caller. */
export const notFound = (message: string) => new LobbyError("not_found", message);
/** A request the current state does not allow. */
export const conflict = (message: string) => new LobbyError("conflict", message);
