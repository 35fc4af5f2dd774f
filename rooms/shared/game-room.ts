/**
 * The one room pipeline both games run through. Every action — a player's
 * move, a bot's, a timeout's, a display pause ending — takes the same steps:
 *
 *   gate → rules → commit → timers → schema sync → patch → events
 *
 * (and, when the rules end the game, the result: announced, stored and
 * reported in one transaction, then the room closes after a linger). The
 * timers are armed before the schema sync, so their fields go out in the
 * same patch as the move that armed them. A game room supplies a small
 * adapter: its rules (`applyRules`, the refusal mapping), its timers, its
 * schema sync and its event mapping.
 */
import { Room, ServerError, type Client } from "@colyseus/core";
import { StateView, type Schema } from "@colyseus/schema";
import { gameOfRoom } from "../../src/games/registry.js";
import type { Logger } from "../../src/logger.js";
import type { FinishedResultData } from "../../src/platform/index.js";
import { ErrorCode, type ErrorCodeValue } from "../../src/protocol/codes.js";
import { ManagedSpecError, takeManagedSpec, type ManagedSpec } from "../../src/services/managed-spec.js";
import type { RoomServices } from "../../src/services/room-services.js";
import type { OutgoingEvent } from "../../src/games/shared/outgoing.js";
import { authenticate, reconnectionRefused, requireIdentityOnReconnect, type PlayerIdentity } from "./auth.js";
import { authenticateManaged, type ManagedLifecycle } from "./managed.js";
import { corked } from "./corking.js";
import { MessageGate, type GateRoom } from "./message-gate.js";
import type { MessageRoutes } from "./message-routes.js";
import { Messenger, profileFromJoinOptions, type WireProfile } from "./messenger.js";
import type { RateLimiter } from "./rate-limiter.js";
import { SpectatorGallery, type SpectatorIdentity } from "./spectators.js";
import { StableFrames } from "./stable-frames.js";
import { shareEncodeBuffers } from "./encode-buffers.js";
import { RetiredSchemas } from "./schema-pool.js";
import { GameRecord } from "./game-record.js";

/** What every game room keeps per connection. */
export interface SeatedClientData {
  playerId: string;
  limiter: RateLimiter;
  /** The wire profile asked for at join (`protocol: "seed003"`), kept across reconnections. */
  profile: WireProfile;
}

/** The rules' verdict on one action. */
export type RulesOutcome<G, E, Err> = { ok: true; state: G; events: readonly E[] } | { ok: false; error: Err };

/** How a refusal is answered: a seed-003 code, a message and details. */
export interface Refusal {
  code: ErrorCodeValue;
  message: string;
  details?: Record<string, unknown>;
}

/** A finished game as the rules built it (winners, result data), before the room adds time and replay data. */
export interface GameOutcome {
  winnerId: string | null;
  winnerIds: string[];
  turnsPlayed: number;
  resultData: FinishedResultData;
}

/** What the room knew beside the rules when it ran an action (for its replay), e.g. that a timeout took it. */
export type StepNote = Record<string, unknown>;

/** The answer to an action sent after the game ended (the same in both games). */
const GAME_OVER_REFUSAL: Refusal = { code: ErrorCode.INVALID_PLAY, message: "the game is over", details: { reason: "game-over" } };

/** A game room: the pipeline, written once; `G` game state, `A` action, `E` rules event, `Err` rule error, `O` game-over event. */
export abstract class GameRoom<T extends { state: Schema; metadata: object; client: Client }, G, A, E, Err, O> extends Room<T> {
  protected services!: RoomServices;
  protected logger!: Logger;
  protected messenger!: Messenger;
  /** Set when the matchmaking service created this room. */
  protected lifecycle?: ManagedLifecycle;
  /** The game, once it has started. */
  protected game: G | null = null;
  /** The replay record's steps, and from them every accepted action, until the game ends (game-record.ts). */
  private readonly record = new GameRecord<A>();
  protected seed = "";
  protected startedAt = 0;
  /** Set once the game is over or the room was aborted: no more actions. */
  protected finished = false;
  /** While true no timer runs (lobby pause). */
  protected paused = false;
  protected lingerTimer?: NodeJS.Timeout;
  /** Who watches without a seat; none until the room opens its gallery (`openGallery`). */
  protected spectators = new SpectatorGallery({ limit: 0, allowed: false, managed: false });
  /** Copies of the state frames sent to spectators (rooms/shared/stable-frames.ts); made with the first spectator. */
  private stableFrames: StableFrames | undefined;
  /** Schema objects the sync took out of the state, reused once the patch that removed them is encoded (schema-pool.ts). */
  protected readonly retired = new RetiredSchemas();

  // ------------------------------------------------------------ the adapter

  /** The rules' verdict on one action (the only call into the rules for moves). */
  protected abstract applyRules(game: G, action: A): RulesOutcome<G, E, Err>;
  /** How a refusal of the rules is answered. */
  protected abstract refusalOf(error: Err, action: A): Refusal;
  /** How an action before the game started is answered. */
  protected abstract notStarted(): Refusal;
  /** The game-over event among these events, if the game ended. */
  protected abstract gameOverIn(events: readonly E[]): O | undefined;
  /** Arms (or keeps, or clears) the timers for what the game waits for now; clears them all once finished or paused. */
  protected abstract armTimers(): void;
  /** Copies the game (and the timers) into the synced schema state. */
  protected abstract syncSchema(): void;
  /** Sends the events of one action (hands only to their owners), except the game-over event. */
  protected abstract publishEvents(events: readonly E[]): void;
  /** Builds the result (in the rules), announces `game_over`, and returns what is stored. */
  protected abstract announceResult(gameOver: O, durationSeconds: number): GameOutcome;
  /** The options the result is stored with (to replay the game). */
  protected abstract rulesOptions(): Record<string, unknown>;
  /** How long the room stays open after the game is over (ms). */
  protected abstract lingerMs(): number;
  /** The player holding a seat now (undefined: nobody, e.g. a bot), to whom that seat's private events go. */
  protected abstract playerOfSeat(seat: number): string | undefined;
  /** Who holds each seat as the game starts (null: a bot), in seat order: whose replay each seat's is. */
  protected abstract seatPlayerIds(): Array<string | null>;
  /** The room's context of a step for the replay (timers, seats...), taken after the timers were armed. */
  protected abstract replayStepContext(note: StepNote | undefined): Record<string, unknown>;
  /** What else the game's replay needs, known once it is over (names, duration...). */
  protected abstract replayContext(outcome: GameOutcome, durationSeconds: number): Record<string, unknown>;
  /** Disconnects everyone and disposes the room. */
  protected abstract closeRoom(): void;
  /** The player whose seat a reconnecting session takes back, if any. */
  protected abstract reconnectingPlayerOf(sessionId: string): string | undefined;

  // ------------------------------------------------------------ the pipeline

  /** Gate: a player's action is answered with a refusal, or runs through the pipeline. */
  protected act(client: Client, action: A): void {
    const refusal = this.game === null ? this.notStarted() : this.finished ? GAME_OVER_REFUSAL : this.runRefused(action);
    if (refusal !== undefined) this.messenger.error(client, refusal.code, refusal.message, refusal.details);
  }

  /** Rules → commit → the rest of the pipeline; the refusal, if the rules refused. */
  private runRefused(action: A): Refusal | undefined {
    const error = this.run(action);
    return error === undefined ? undefined : this.refusalOf(error, action);
  }

  /** Runs one action (a player's, a bot's, a timeout's) through rules and commit; the rule error if refused. `note` goes to the replay. */
  protected run(action: A, note?: StepNote): Err | undefined {
    if (this.game === null || this.finished) return undefined;
    const outcome = this.applyRules(this.game, action);
    if (!outcome.ok) return outcome.error;
    this.game = outcome.state;
    this.publish(outcome.events, action, note);
    return undefined;
  }

  /** The game starts (no action), or an action was committed: timers → schema sync → patch → (replay step) → events → result. */
  protected publish(events: readonly E[], action: A | null = null, note?: StepNote): void {
    // each client's patch and events leave in one socket write (see corking.ts)
    corked(this.clients, () => {
      const gameOver = this.gameOverIn(events);
      if (gameOver !== undefined) this.finished = true;
      this.armTimers();
      this.syncSchema();
      this.broadcastPatch();
      this.recordStep(action, note);
      this.publishEvents(events);
      if (gameOver !== undefined) this.finish(gameOver);
    });
  }

  /** Game over: the result is announced, then stored and reported in one transaction; the room closes after the linger. */
  private finish(gameOver: O): void {
    const finishedAt = new Date();
    const durationSeconds = (finishedAt.getTime() - this.startedAt) / 1000;
    const outcome = this.announceResult(gameOver, durationSeconds);
    this.broadcastPatch();
    const options = this.rulesOptions();
    const { steps, actions } = this.record.read();
    const replay = { seed: this.seed, options, playerIds: this.replayPlayerIds, context: this.replayContext(outcome, durationSeconds), steps };
    const result = { ...outcome, seed: this.seed, options, actions, durationSeconds, finishedAt, replay };
    const recorded =
      this.lifecycle !== undefined
        ? this.lifecycle.reportFinished(result)
        : this.services.platform.outbox.finished(this.roomId, { ...result, gameRules: gameOfRoom(this.roomName)?.rules ?? this.roomName });
    recorded
      .catch((error: unknown) => this.logger.error({ err: error }, "recording the result failed"))
      .finally(() => {
        this.lingerTimer = setTimeout(() => this.closeRoom(), this.lingerMs());
      });
  }

  /** Who held each seat at the start (taken with the first step). */
  private replayPlayerIds: Array<string | null> = [];

  /**
   * Notes a step for the replay: the action, the last sequence number before
   * its events, its time and the adapter's context (past the record's cap,
   * the action only: game-record.ts).
   */
  private recordStep(action: A | null, note: StepNote | undefined): void {
    if (this.record.stepCount === 0) this.replayPlayerIds = this.seatPlayerIds();
    this.record.add(action, () => ({ action, sequence: this.messenger.log.currentSequence, at: Date.now(), ...this.replayStepContext(note) }));
  }

  /** Every patch (the pipeline's and the rooms' own) hands the objects it removed back to their pools. */
  override broadcastPatch(): boolean {
    const sent = super.broadcastPatch();
    this.retired.release();
    return sent;
  }

  // ------------------------------------------------------------ shared helpers

  /** Sends one of the game's outgoing events (src/games/<game>/wire.ts, shared with replays) to everybody or to its seat's player. */
  protected deliver(out: OutgoingEvent): void {
    this.messenger.deliver(out, (seat) => this.playerOfSeat(seat));
  }

  /** Encodes patches and full states into the process's shared buffers, not two of the room's own (rooms/shared/encode-buffers.ts); call in onCreate. */
  protected useSharedEncodeBuffers(): void {
    shareEncodeBuffers((this as unknown as { _serializer: unknown })._serializer);
  }

  /** The room's messenger (wire profiles, event log, encode once per audience), for a game's seated clients. */
  protected createMessenger(game: string): Messenger {
    return new Messenger(this, game, this.services.metrics, {
      playerOf: (client) => (client.userData as SeatedClientData | undefined)?.playerId,
      profileOf: (client) => (client.userData as SeatedClientData | undefined)?.profile ?? "native",
    });
  }

  /** Makes every reconnection carry the JWT of the player whose seat it takes back (see requireIdentityOnReconnect). */
  protected guardReconnections(): void {
    requireIdentityOnReconnect(this, (sessionId, token) => this.checkReconnection(sessionId, token));
  }

  /** A reconnection must carry the JWT of the player whose seat it takes back (when JWTs or the platform are configured). */
  private async checkReconnection(sessionId: string, token: string | undefined): Promise<void> {
    if (this.spectators.has(sessionId)) return this.spectators.checkReconnection(this.services, sessionId, token);
    const managed = this.lifecycle !== undefined && this.services.platform.client !== undefined;
    if (this.services.verifyToken === undefined && !managed) return;
    const expected = this.reconnectingPlayerOf(sessionId);
    if (expected === undefined) return; // no seat to take: Colyseus refuses the token itself
    let identity: PlayerIdentity;
    try {
      identity =
        this.lifecycle !== undefined
          ? await authenticateManaged(this.services, token, undefined, this.lifecycle)
          : await authenticate(this.services, token, sessionId);
    } catch {
      throw reconnectionRefused("needs the player's valid JWT");
    }
    if (identity.playerId !== expected) throw reconnectionRefused("JWT belongs to another player");
  }

  /** The one gate all of this room's game messages pass (metrics, rate limit, validation, errors), over its class's routes. */
  protected gate?: MessageGate<unknown, Client>;

  /** Opens the gate over `routes`, the message table of this room's own class (call once in onCreate). */
  protected openGate<R, C extends Client>(game: string, routes: MessageRoutes<R, C>): void {
    const gate = new MessageGate<R, C>(this as unknown as R & GateRoom<C>, routes, {
      game,
      messenger: this.messenger,
      metrics: this.services.metrics,
      logger: this.logger,
      limiterOf: (client) => (client.userData as SeatedClientData | undefined)?.limiter,
      // no interval ticks the room clock: Colyseus's per-second message count reads it
      afterMessage: () => this.clock.tick(),
    });
    gate.open();
    this.gate = gate as unknown as MessageGate<unknown, Client>;
  }

  /** Gives a seated client a view of its own player (hand included, also cards added later). */
  protected attachPlayerView(client: Client, player: Schema & { hand: object }): void {
    client.view?.dispose();
    const view = new StateView();
    view.add(player);
    view.subscribe(player.hand as Parameters<StateView["subscribe"]>[0]);
    client.view = view;
  }

  // ------------------------------------------------------------ spectators (rooms/shared/spectators.ts)

  /** Takes spectators (up to SPECTATOR_LIMIT; a managed room only if its config allows), with room for them on top of `maxClients`. */
  protected openGallery(rules: { allowed: boolean; managed: boolean }): void {
    this.spectators = new SpectatorGallery({ limit: this.services.config.spectatorLimit, ...rules });
    this.maxClients += this.spectators.capacity;
  }

  /** onAuth of a `spectate: true` join; `isPlayer` names the room's players (they join their seat instead). */
  protected authenticateSpectator(client: Client, token: string | undefined, isPlayer: (playerId: string) => boolean): Promise<SpectatorIdentity> {
    return this.spectators.authenticate(this.services, token, client.sessionId, isPlayer);
  }

  /** onJoin of a spectator: counted, marked (no StateView, so it sends copies of its state frames), listed; the room then tells it where it is. */
  protected admitSpectator(client: Client, identity: SpectatorIdentity, options: unknown): void {
    this.spectators.admit(client, identity, profileFromJoinOptions(options));
    (this.stableFrames ??= new StableFrames()).protect(client);
    this.listSpectators();
  }

  /** onDrop of a spectator: its place waits for the reconnection window. */
  protected async holdSpectator(client: Client, seconds: number): Promise<void> {
    this.spectators.markDropped(client.sessionId, this.messenger.log.currentSequence);
    let back: Client;
    try {
      back = await this.allowReconnection(client, seconds);
    } catch {
      // the window passed: onLeave releases the spectator
      return;
    }
    // the connection that came back is a new Client object (before its full state: that waits for its JOIN_ROOM answer)
    this.stableFrames?.protect(back);
  }

  /** onLeave: true (and the listing updated) when the connection was a spectator's. */
  protected releaseSpectator(client: Client): boolean {
    if (!this.spectators.release(client.sessionId)) return false;
    this.listSpectators();
    return true;
  }

  /** Events a returning spectator missed while away (public ones only). */
  protected spectatorMissed(client: Client): number {
    return this.messenger.missedCount(client, this.spectators.droppedAt(client.sessionId) ?? this.messenger.log.currentSequence, {});
  }

  /** The listing's spectator count (rooms also put `spectators` in their own metadata updates). */
  private listSpectators(): void {
    void this.setMetadata({ ...(this.metadata as object), spectators: this.spectators.count } as Parameters<this["setMetadata"]>[0]);
  }

  /** Runs a database write without blocking the game; failures are logged, never thrown into the room. */
  protected persist(write: () => Promise<unknown>): void {
    write().catch((error: unknown) => this.logger.error({ err: error }, "database write failed"));
  }
}

/** The managed spec the create options' ticket names (undefined for a client's create); an unknown ticket is refused with 403. */
export async function readManagedSpec(options: unknown): Promise<ManagedSpec | undefined> {
  try {
    return await takeManagedSpec(options);
  } catch (error) {
    if (error instanceof ManagedSpecError) throw new ServerError(403, error.message);
    throw error;
  }
}
