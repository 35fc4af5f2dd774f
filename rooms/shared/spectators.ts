/**
 * Spectators: connections that watch a room without a seat. Shared by both
 * game rooms, which call these from small hooks in their lifecycle.
 *
 * - A client asks with the join option `spectate: true` (`joinById`; the
 *   matchmaking edge lets it into a running, locked room, and its option
 *   allow-list makes `spectate` a boolean).
 * - It proves who it is like a player (a JWT, or a guest identity in guest
 *   mode) but needs no place in the room's player list; a managed room admits
 *   spectators only when the matchmaking service's `config` says
 *   `allow_spectators: true`, and every room at most `SPECTATOR_LIMIT`.
 * - It never takes a seat, never counts as a player (lifecycle callbacks,
 *   health, listings), has no StateView (so no `@view()` field — no hand —
 *   ever reaches it), gets the public form of every event
 *   (spectator-events.ts), and may not act: game actions are answered with an
 *   error, never a disconnect.
 */
import { ServerError, type Client } from "@colyseus/core";
import { z } from "zod";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { RoomServices } from "../../src/services/room-services.js";
import { spectatorArrived, spectatorLeft } from "../../src/services/spectator-census.js";
import { authenticate, reconnectionRefused, type PlayerIdentity } from "./auth.js";
import { verifyIdentity } from "./managed.js";
import type { WireProfile } from "./messenger.js";
import { RateLimiter } from "./rate-limiter.js";

// ------------------------------------------------------------------ options

/** The join option's schema in the rooms' allow-lists: a boolean, anything else is a validation error. */
export const spectateOption = z.boolean().optional();

/** Create options may not ask to spectate: a spectator watches an existing room (`joinById`). */
export function notSpectating(options: { spectate?: boolean }): boolean {
  return options.spectate !== true;
}

/** The refusal of `spectate: true` in a room-creating call (a zod refinement's params). */
export const SPECTATE_ON_CREATE = { path: ["spectate"], message: "spectators join an existing room with joinById" };

/** True when a join asks to spectate (only the boolean `true` counts). */
export function isSpectateRequest(options: unknown): boolean {
  return options !== null && typeof options === "object" && Object.hasOwn(options, "spectate") && (options as { spectate?: unknown }).spectate === true;
}

/** The key of a managed room's `config` that lets spectators in. */
export const ALLOW_SPECTATORS_KEY = "allow_spectators";

/** Whether a managed room's `config` admits spectators (only `allow_spectators: true` does). */
export function managedAllowsSpectators(config: Readonly<Record<string, unknown>>): boolean {
  return config[ALLOW_SPECTATORS_KEY] === true;
}

/** What is wrong with `allow_spectators` in a managed `config`, if anything. */
export function allowSpectatorsProblem(config: Readonly<Record<string, unknown>>): string | undefined {
  const value = config[ALLOW_SPECTATORS_KEY];
  return value === undefined || typeof value === "boolean" ? undefined : `${ALLOW_SPECTATORS_KEY} must be true or false`;
}

// ------------------------------------------------------------------ who is watching

/** A spectator's identity, as onAuth hands it to onJoin. */
export type SpectatorIdentity = PlayerIdentity & { spectator: true };

/** True for the auth data of a spectator (set by `SpectatorGallery.authenticate`). */
export function isSpectatorIdentity(auth: unknown): auth is SpectatorIdentity {
  return auth !== null && typeof auth === "object" && (auth as { spectator?: unknown }).spectator === true;
}

/** A spectator connection's data (`client.userData`): the shared fields of a seated client, marked. */
export interface SpectatorClientData {
  /** The spectator's own identity (JWT subject or guest id): never a seat of the room. */
  playerId: string;
  displayName?: string;
  limiter: RateLimiter;
  profile: WireProfile;
  spectator: true;
}

/** True for a spectator's connection. */
export function isSpectatorClient(client: Client): boolean {
  return (client.userData as { spectator?: unknown } | undefined)?.spectator === true;
}

/** How a room admits spectators. */
export interface SpectatorRules {
  /** At most this many at once (SPECTATOR_LIMIT). */
  limit: number;
  /** False in a managed room whose `config` does not allow spectators. */
  allowed: boolean;
  /** True in a room the matchmaking service created: tokens may be verified by the platform (AUTH_VERIFY=remote). */
  managed: boolean;
}

/** The spectators of one room: who they are, how many, and the census of the process. */
export class SpectatorGallery {
  private readonly present = new Map<string, SpectatorIdentity>();
  /** The last event sequence a dropped spectator had been sent, by session. */
  private readonly dropped = new Map<string, number>();

  constructor(readonly rules: SpectatorRules) {}

  /** Connections a room must keep free for spectators on top of its players' (its `maxClients`). */
  get capacity(): number {
    return this.rules.allowed ? this.rules.limit : 0;
  }

  /** Spectators in the room (also while one waits for its reconnection). */
  get count(): number {
    return this.present.size;
  }

  /** Whether a connection is one of this room's spectators. */
  has(sessionId: string): boolean {
    return this.present.has(sessionId);
  }

  /**
   * onAuth of a spectator: refused when the room takes none or is full, or
   * when the identity is a player of the room (players take their seat);
   * else who it is. `isPlayer` names the room's players.
   */
  async authenticate(services: RoomServices, token: string | undefined, sessionId: string, isPlayer: (playerId: string) => boolean): Promise<SpectatorIdentity> {
    this.assertRoom();
    const identity = await this.identify(services, token, sessionId);
    if (isPlayer(identity.playerId)) {
      throw new ServerError(Number(ErrorCode.ALREADY_IN_ROOM), "ALREADY_IN_ROOM: players of this room join their seat, not as spectators");
    }
    return { ...identity, spectator: true };
  }

  /** onJoin of a spectator: counts it (checked again: spectators may have arrived meanwhile) and marks its connection; no StateView. */
  admit(client: Client, identity: SpectatorIdentity, profile: WireProfile): void {
    this.assertRoom();
    this.present.set(client.sessionId, identity);
    spectatorArrived();
    client.view?.dispose();
    client.view = undefined;
    const data: SpectatorClientData = { playerId: identity.playerId, limiter: new RateLimiter(), profile, spectator: true };
    if (identity.displayName !== undefined) data.displayName = identity.displayName;
    client.userData = data;
  }

  /** Notes where a dropped spectator's events stopped. */
  markDropped(sessionId: string, sequence: number): void {
    this.dropped.set(sessionId, sequence);
  }

  /** Where a returning spectator's events stopped (forgotten once read). */
  droppedAt(sessionId: string): number | undefined {
    const sequence = this.dropped.get(sessionId);
    this.dropped.delete(sessionId);
    return sequence;
  }

  /** A spectator left for good; false when the connection was not one. */
  release(sessionId: string): boolean {
    this.dropped.delete(sessionId);
    if (!this.present.delete(sessionId)) return false;
    spectatorLeft();
    return true;
  }

  /** The room is disposed: whoever is still counted leaves the census. */
  releaseAll(): void {
    for (const sessionId of [...this.present.keys()]) this.release(sessionId);
  }

  /**
   * A spectator's reconnection carries its own JWT when JWTs are configured
   * (like a player's): the reconnection token alone would let anyone speak
   * as it (chat). Resolves for connections that are not spectators.
   */
  async checkReconnection(services: RoomServices, sessionId: string, token: string | undefined): Promise<void> {
    const expected = this.present.get(sessionId);
    if (expected === undefined || expected.guest) return;
    let identity: PlayerIdentity;
    try {
      identity = await this.identify(services, token, sessionId);
    } catch {
      throw reconnectionRefused("needs the spectator's valid JWT");
    }
    if (identity.playerId !== expected.playerId) throw reconnectionRefused("JWT belongs to someone else");
  }

  /** Who a token names: as the room verifies its players (locally, or by the platform in a managed room); a guest id in guest mode. */
  private identify(services: RoomServices, token: string | undefined, sessionId: string): Promise<PlayerIdentity> {
    const remote = services.platform.client !== undefined && (services.config.authVerify === "remote" || services.verifyToken === undefined);
    return this.rules.managed && remote ? verifyIdentity(services, token, undefined) : authenticate(services, token, sessionId);
  }

  private assertRoom(): void {
    if (!this.rules.allowed || this.rules.limit === 0) {
      throw new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), "AUTHENTICATION_FAILED: this room admits no spectators");
    }
    if (this.present.size >= this.rules.limit) {
      throw new ServerError(Number(ErrorCode.ROOM_FULL), `ROOM_FULL: this room admits at most ${this.rules.limit} spectators`);
    }
  }
}

// ------------------------------------------------------------------ what they may send

/** Messages a spectator may send: nothing that acts in the game. */
export const SPECTATOR_MESSAGES: ReadonlySet<string> = new Set(["ping", "sync_request", "version_info", "leave_room", "message:create"]);

/** The answer to a game action sent by a spectator (an error event; the connection stays). */
export function spectatorRefusal(type: string) {
  return {
    code: ErrorCode.AUTHENTICATION_FAILED,
    message: "Spectators watch the game: they cannot act in it",
    details: { reason: "spectator", event: type.slice(0, 32) },
  } as const;
}
