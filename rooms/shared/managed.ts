/**
 * Rooms created by the matchmaking service (seed 000; their spec and ticket
 * are in src/services/managed-spec.ts): the fixed list of
 * expected players, the join timeout, and the lifecycle callbacks — ready
 * when the room exists, started when everyone has joined, then exactly one of
 * finished or aborted. Each is recorded in the lifecycle outbox together with
 * the state change causing it (the result row for finished), and sent from
 * there. Shared by both game rooms.
 */
import { LocalPresence, matchMaker, ServerError } from "@colyseus/core";
import { TokenError } from "../../src/auth/jwt.js";
import type { Logger } from "../../src/logger.js";
import type { AbortReason, GameFinish } from "../../src/platform/index.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import { managedRoomsKey, type ManagedSpec } from "../../src/services/managed-spec.js";
import type { PlayerIdentity } from "./auth.js";
import type { RoomLifecycleEvent, RoomServices } from "../../src/services/room-services.js";

/**
 * Whether this process's managed rooms are listed for the dead-node reaper, which reads the list from Redis when
 * the process dies. With local presence (one node) nobody is left to read it, and LocalPresence keeps a set as an
 * array: each add and remove scanned every managed room on the node.
 */
const reapable = (): boolean => !(matchMaker.presence instanceof LocalPresence);

/** Finished-game result as a managed room reports it (its game rules come from the spec). */
export type ManagedResult = Omit<GameFinish, "gameRules">;

/** One managed room's lifecycle; every report happens at most once and never throws. */
export class ManagedLifecycle {
  private readonly joined = new Set<string>();
  private joinTimer?: NodeJS.Timeout;
  private started = false;
  private settled = false;

  constructor(
    readonly spec: ManagedSpec,
    private readonly services: RoomServices,
    private readonly logger: Logger,
  ) {}

  /** Records the room with its `ready` callback; arms the join timeout, which calls `onJoinTimeout`. */
  begin(onJoinTimeout: () => void): void {
    const { spec, services } = this;
    void services.platform.outbox.ready({
      id: spec.roomId,
      gameRules: spec.gameRules,
      playerIds: spec.playerIds,
      config: spec.config,
      managed: true,
    });
    if (reapable()) this.later(() => matchMaker.presence.sadd(managedRoomsKey(matchMaker.processId), spec.roomId));
    if (spec.joinTimeoutMs > 0) {
      this.joinTimer = setTimeout(() => {
        if (!this.started && !this.settled) onJoinTimeout();
      }, spec.joinTimeoutMs);
    }
  }

  /** Whether this player is one of the room's expected players. */
  isExpected(playerId: string): boolean {
    return this.spec.playerIds.includes(playerId);
  }

  /** Notes a player's arrival; true once every expected player has joined at least once. */
  markJoined(playerId: string): boolean {
    if (this.isExpected(playerId)) this.joined.add(playerId);
    return this.spec.playerIds.every((id) => this.joined.has(id));
  }

  /** True once the game has started. */
  get hasStarted(): boolean {
    return this.started;
  }

  /** True once finished or aborted was reported. */
  get isSettled(): boolean {
    return this.settled;
  }

  /** Every expected player is in: the game starts (reports `started`). */
  reportStarted(startedAt: Date = new Date()): void {
    if (this.started || this.settled) return;
    this.started = true;
    clearTimeout(this.joinTimer);
    void this.services.platform.outbox.started(this.spec.roomId, { startedAt, playerIds: this.spec.playerIds });
    this.notify({ kind: "started", roomId: this.spec.roomId, at: startedAt });
  }

  /** A new turn began (for followers that show the current turn). */
  reportTurn(turnNumber: number): void {
    if (!this.settled) this.notify({ kind: "turn", roomId: this.spec.roomId, at: new Date(), turnNumber });
  }

  /** The game ended normally: result row, room status and `finished` are recorded together; resolves once durable. */
  async reportFinished(result: ManagedResult): Promise<void> {
    if (this.settled) return;
    this.settle();
    const { spec, services } = this;
    await services.platform.outbox.finished(spec.roomId, { ...result, gameRules: spec.gameRules });
    this.notify({ kind: "finished", roomId: spec.roomId, at: result.finishedAt, winnerId: result.winnerId });
  }

  /** The room ends abnormally: reports `aborted` once. */
  reportAborted(reason: AbortReason): void {
    if (this.settled) return;
    this.settle();
    this.logger.info({ reason }, "room aborted");
    void this.services.platform.outbox.aborted(this.spec.roomId, reason);
    this.notify({ kind: "aborted", roomId: this.spec.roomId, at: new Date(), reason });
  }

  private notify(event: RoomLifecycleEvent) {
    for (const hook of this.services.lifecycleHooks) {
      Promise.resolve()
        .then(() => hook(event))
        .catch((error: unknown) => this.logger.error({ err: error, event: event.kind }, "room lifecycle hook failed"));
    }
  }

  /** Stops the join timer (room disposed). */
  dispose(): void {
    clearTimeout(this.joinTimer);
  }

  /** The room's outcome is decided: no more timers, and it no longer needs reporting should this process die. */
  private settle(): void {
    this.settled = true;
    clearTimeout(this.joinTimer);
    if (reapable()) this.later(() => matchMaker.presence.srem(managedRoomsKey(matchMaker.processId), this.spec.roomId));
  }

  /** Runs a write in the background (presence calls may be synchronous); failures are logged, never thrown into the room. */
  private later(write: () => unknown) {
    Promise.resolve()
      .then(write)
      .catch((error: unknown) => this.logger.error({ err: error }, "background write failed"));
  }
}

/**
 * Who a client joining a managed room is: its JWT verified locally, or by the
 * platform (`POST /internal/auth/verify`, active accounts only) when local
 * verification is not configured or AUTH_VERIFY=remote. Only expected players
 * get in. Without any verification (guest mode, development only) the client
 * names itself with `player_id` in its join options.
 */
export async function authenticateManaged(
  services: RoomServices,
  token: string | undefined,
  joinOptions: unknown,
  lifecycle: ManagedLifecycle,
): Promise<PlayerIdentity> {
  const identity = await verifyIdentity(services, token, joinOptions);
  if (!lifecycle.isExpected(identity.playerId)) {
    throw new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), "AUTHENTICATION_FAILED: not a player of this room");
  }
  return identity;
}

export async function verifyIdentity(services: RoomServices, token: string | undefined, joinOptions: unknown): Promise<PlayerIdentity> {
  const refuse = (reason: string) => new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), `AUTHENTICATION_FAILED: ${reason}`);
  const remote = services.platform.client;
  const useRemote = remote !== undefined && (services.config.authVerify === "remote" || services.verifyToken === undefined);
  if (useRemote) {
    if (token === undefined || token === "") throw refuse("missing");
    const answer = await remote.verifyToken(token);
    if (!answer.valid) throw refuse(answer.reason ?? "invalid");
    if (answer.status !== "active") throw refuse(`account ${answer.status}`);
    return { playerId: answer.user_id, displayName: answer.display_name, guest: false };
  }
  if (services.verifyToken !== undefined) {
    try {
      const identity = await services.verifyToken(token);
      return { playerId: identity.userId, displayName: identity.displayName, guest: false };
    } catch (error) {
      throw refuse(error instanceof TokenError ? error.reason : "invalid");
    }
  }
  const claimed = (joinOptions as { player_id?: unknown } | undefined)?.player_id;
  if (typeof claimed !== "string" || claimed === "") throw refuse("guest mode: pass player_id in the join options");
  return { playerId: claimed, guest: true };
}
