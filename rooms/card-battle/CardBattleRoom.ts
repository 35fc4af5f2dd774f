/**
 * The `card_battle` room (`game_rules: "simple_card_battle"`): a thin adapter
 * between seed-003 messages and the pure card battle rules. Rooms exist only
 * as managed rooms, created by the matchmaking service through the internal
 * API with a fixed list of players; the game starts by itself once all of
 * them have joined. Actions run through the shared pipeline
 * (rooms/shared/game-room.ts); this file is the card battle's adapter: its
 * rules, timer, schema sync and event mapping. Hooks appear in firing order.
 */
import { ServerError, type Client, type RoomException, type RoomMethodName } from "@colyseus/core";
import { randomUUID } from "node:crypto";
import {
  applyAction,
  createGame,
  initialEvents,
  matchResult,
  playerView,
  timeoutAction,
  type CardBattleAction,
  type CardBattleEvent,
  type CardBattleState as GameState,
  type RuleError,
} from "../../src/games/card-battle/index.js";
import { roomLogger } from "../../src/logger.js";
import type { AbortReason } from "../../src/platform/index.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import { CardBattleState } from "../../schema/card-battle.js";
import { reconnectionRefused, requireIdentityOnReconnect, type PlayerIdentity } from "../shared/auth.js";
import { authenticateManaged, ManagedLifecycle } from "../shared/managed.js";
import { ManagedSpecError, takeManagedSpec, type ManagedSpec } from "../../src/services/managed-spec.js";
import { Messenger, profileFromJoinOptions, type WireProfile } from "../shared/messenger.js";
import { NO_PATCH_INTERVAL } from "../shared/patching.js";
import { RateLimiter } from "../shared/rate-limiter.js";
import { roomServices } from "../../src/services/room-services.js";
import { GameRoom, type GameOutcome, type Refusal, type RulesOutcome, type SeatedClientData } from "../shared/game-room.js";
import { emptyPayload, pingPayload, playCardPayload, RULE_CODES, syncRequestPayload } from "./messages.js";
import { parseCardBattleSettings, RoomSettingsError, type CardBattleRoomSettings } from "./options.js";
import { syncSchema } from "./schema-sync.js";
import { SeatTable, type Seat } from "./seats.js";
import { TurnTimer } from "./turn-timer.js";
import { fullState, handOwnerOf, publicEvent, wireHand, type RoomPhase } from "./wire.js";

/** Per-connection data (card battle's events are the same in both wire profiles: none repeats the state). */
type BattleClient = Client<{ userData: SeatedClientData; auth: PlayerIdentity }>;

/** Listing metadata. */
export interface CardBattleMetadata {
  game: "card_battle";
  node_name: string;
  phase: RoomPhase;
  /** Always true: card battle rooms exist only when the matchmaking service creates them. */
  managed: true;
}

type GameOver = Extract<CardBattleEvent, { type: "game_over" }>;

/** The `card_battle` room type (see the module comment). */
export class CardBattleRoom extends GameRoom<
  { state: CardBattleState; metadata: CardBattleMetadata; client: BattleClient },
  GameState,
  CardBattleAction,
  CardBattleEvent,
  RuleError,
  GameOver
> {
  override state = new CardBattleState();
  /** Patches go out right after every change (broadcastPatch); no interval ticks in an idle room. */
  override patchRate = NO_PATCH_INTERVAL;
  /** The room closes itself (game over, abort): an empty room waits for its players until the join timeout. */
  override autoDispose = false;

  private spec!: ManagedSpec;
  private settings!: CardBattleRoomSettings;
  private seats!: SeatTable;
  private timer!: TurnTimer;
  /** The hand each player was last sent (card ids), to send `hand_updated` only on change. */
  private readonly sentHands = new Map<string, string>();
  private phase: RoomPhase = "WAITING";
  /** Set once the room is closing: aborted, or disconnecting after the game. */
  private closing = false;

  // ---------------------------------------------------------------- lifecycle

  /** Fires when the internal API creates the room: checks the spec and options, reports `ready`, arms the join timeout. */
  override async onCreate(options: unknown) {
    this.services = roomServices();
    const spec = await readSpec(options);
    if (spec === undefined) throw new ServerError(403, "card_battle rooms are created by the matchmaking service");
    if (spec.gameRules !== "simple_card_battle") throw new ServerError(400, `card_battle rooms run simple_card_battle, not ${spec.gameRules}`);
    this.roomId = spec.roomId;
    this.logger = roomLogger(this.services.logger, this.roomId, "card_battle");
    try {
      this.settings = parseCardBattleSettings(spec.config, spec.playerIds);
    } catch (error) {
      // the internal API answers over HTTP, so a refused create carries an HTTP status
      if (error instanceof RoomSettingsError) throw new ServerError(400, `invalid room options: ${error.message}`);
      throw error;
    }
    if (this.settings.ignoredKeys.length > 0) this.logger.debug({ keys: this.settings.ignoredKeys }, "ignoring unknown config keys");

    this.spec = spec;
    this.seed = spec.seed ?? randomUUID();
    this.seats = new SeatTable(spec.playerIds, spec.names);
    // room for a reconnecting connection while its old one is still being dropped
    this.maxClients = spec.playerIds.length * 2;
    this.maxMessagesPerSecond = 60;
    this.messenger = new Messenger(this, "card_battle", this.services.metrics, {
      playerOf: (client) => (client as BattleClient).userData?.playerId,
      profileOf: (client) => (client as BattleClient).userData?.profile ?? "native",
    });
    requireIdentityOnReconnect(this, (sessionId, token) => this.checkReconnection(sessionId, token));
    this.timer = new TurnTimer(this.settings.turnTimeMs, (turnNumber) => this.guard("turn timer", () => this.onTurnExpired(turnNumber)));
    this.registerMessages();
    this.syncState();
    void this.setPrivate(true);
    this.setPhase("WAITING");
    this.lifecycle = new ManagedLifecycle(spec, this.services, this.logger);
    this.lifecycle.begin(() => this.guard("join timeout", () => this.abort("join_timeout")));
  }

  /** Fires before a client joins: only the room's players, each with one connection. */
  override async onAuth(_client: BattleClient, options: unknown, context: { token?: string }): Promise<PlayerIdentity> {
    if (this.lifecycle === undefined || this.closing) {
      throw new ServerError(Number(ErrorCode.ROOM_NOT_FOUND), "ROOM_NOT_FOUND: this room is closing");
    }
    const identity = await authenticateManaged(this.services, context.token, options, this.lifecycle);
    this.freeSeatOf(identity.playerId);
    return identity;
  }

  /** Fires when a player joins (or rejoins): seats them with a view of their own hand; the last expected arrival starts the game. */
  override onJoin(client: BattleClient, options: unknown, auth: PlayerIdentity) {
    const seat = this.freeSeatOf(auth.playerId);
    if (!seat.named) {
      seat.name = auth.displayName ?? seat.playerId;
      seat.named = true;
    }
    // a fresh join replaces a dropped connection still inside its reconnection window
    seat.reconnection?.reject(new Error("replaced by a new connection"));
    seat.reconnection = undefined;
    seat.presence = "connected";
    seat.sessionId = client.sessionId;
    this.attachView(client, seat, profileFromJoinOptions(options));
    this.syncState();
    this.broadcastPatch();
    this.sendConnected(client, seat);

    if (this.game !== null) {
      this.sendHand(seat.playerId);
    } else if (this.lifecycle!.markJoined(seat.playerId)) {
      this.startGame();
    }
  }

  /** Fires when a connection drops: the seat waits for the reconnection window; the player's turns keep their timer. */
  override async onDrop(client: BattleClient) {
    const seat = this.seats.held(client.sessionId);
    if (seat === undefined) return;
    seat.presence = "reconnecting";
    this.afterPresenceChange();
    const reconnection = this.allowReconnection(client, this.settings.reconnectionSeconds);
    seat.reconnection = reconnection;
    try {
      await reconnection;
    } catch {
      // the window ran out (or a new connection took the seat): onLeave follows
    } finally {
      if (seat.reconnection === reconnection) seat.reconnection = undefined;
    }
  }

  /** Fires when a dropped connection comes back within the window: it gets the current state and its hand. */
  override onReconnect(client: BattleClient) {
    const seat = this.seats.held(client.sessionId);
    if (seat === undefined) return;
    seat.presence = "connected";
    seat.reconnection = undefined;
    this.afterPresenceChange();
    this.sendConnected(client, seat);
    if (this.game !== null) this.sendHand(seat.playerId);
  }

  /** Fires when a player is gone for good (left, or the window ran out): the seat stays, its turns run out on the timer. */
  override onLeave(client: BattleClient) {
    const seat = this.seats.held(client.sessionId);
    client.view?.dispose();
    if (seat === undefined) return;
    seat.presence = "gone";
    seat.sessionId = undefined;
    seat.reconnection = undefined;
    this.afterPresenceChange();
    if (this.game !== null && this.phase === "PLAYING" && !this.closing && !this.seats.anyoneHere) {
      this.logger.info("every player is gone: closing the room");
      this.abort("all_disconnected");
    }
  }

  /** Fires when the room is disposed; a room that neither finished nor aborted (e.g. the process stops) is reported lost. */
  override onDispose() {
    this.timer?.clear();
    clearTimeout(this.lingerTimer);
    if (this.lifecycle === undefined) return;
    if (!this.lifecycle.isSettled) this.lifecycle.reportAborted("process_error");
    this.lifecycle.dispose();
    this.services.metrics.removeRoom(this.roomId);
  }

  /**
   * Fires when the shutdown grace has run out: a game still running cannot
   * continue elsewhere, so the room ends as a process error; a room whose game
   * is over just closes (its result is already recorded).
   */
  override onBeforeShutdown() {
    if (this.lifecycle?.isSettled === true) this.close();
    else this.abort("process_error");
  }

  /** Stops the turn timer (the lobby's `pause`); players may still move. Callable across nodes with `remoteRoomCall`. */
  pause(): boolean {
    this.paused = true;
    this.timer.clear();
    this.syncState();
    this.broadcastPatch();
    return true;
  }

  /** Restarts the turn timer after `pause`, with a fresh deadline for the current turn. */
  resume(): boolean {
    if (!this.paused) return true;
    this.paused = false;
    this.armTimers();
    this.syncState();
    this.broadcastPatch();
    return true;
  }

  /** Called by the internal API (`matchMaker.remoteRoomCall(roomId, "terminate", [reason, adminId])`, from any node). */
  terminate(_reason: "admin_terminated" = "admin_terminated", adminId?: string): boolean {
    this.logger.info({ admin_id: adminId }, "room terminated by an administrator");
    this.abort("admin_terminated");
    return true;
  }

  /**
   * Fires on an exception in a hook, message handler or clock timer (Colyseus
   * also rethrows those of onCreate/onAuth/onJoin to the caller). Refusals are
   * not failures, and onAuth runs before the joining client touches the game;
   * anything else closes this room only.
   */
  override onUncaughtException(error: RoomException, methodName: RoomMethodName) {
    const cause = error.cause instanceof Error ? error.cause : error;
    const logger = this.logger ?? this.services?.logger;
    if (cause instanceof ServerError && (methodName === "onCreate" || methodName === "onAuth" || methodName === "onJoin")) {
      logger?.debug({ method: methodName, code: cause.code, reason: cause.message }, "request refused");
      return;
    }
    if (methodName === "onAuth") {
      logger?.error({ err: cause }, "checking a joining client failed: join refused");
      return;
    }
    this.fail(cause, methodName);
  }

  // ---------------------------------------------------------------- messages

  private registerMessages() {
    const gate = this.messageGate<BattleClient>("card_battle");
    const playerOf = (client: BattleClient) => client.userData!.playerId;
    gate.on("play_card", playCardPayload, (client, data) =>
      this.act(client, {
        type: "play_card",
        playerId: playerOf(client),
        cardId: data.card_id,
        ...(data.target_id !== undefined && data.target_id !== null ? { targetId: data.target_id } : {}),
      }),
    );
    gate.on("pass", emptyPayload, (client) => this.act(client, { type: "pass", playerId: playerOf(client) }));
    gate.on("surrender", emptyPayload, (client) => this.act(client, { type: "surrender", playerId: playerOf(client) }));
    gate.on("ping", pingPayload, (client, data) => gate.pong(client, data));
    gate.on("sync_request", syncRequestPayload, (client, data) => this.syncResponse(client, data.last_sequence));
    gate.rejectUnknown();
  }

  private syncResponse(client: BattleClient, lastSequence: number) {
    this.messenger.syncResponse(client, lastSequence, () => this.fullStateFor(client.userData?.playerId ?? null));
  }

  /** A reconnection must carry the JWT of the player whose seat it takes back (when authentication is configured). */
  private async checkReconnection(sessionId: string, token: string | undefined) {
    if (this.services.verifyToken === undefined && this.services.platform.client === undefined) return;
    const expected = this.seats.held(sessionId)?.playerId;
    if (expected === undefined || this.lifecycle === undefined) return; // no seat to take: Colyseus refuses the token itself
    let identity: PlayerIdentity;
    try {
      identity = await authenticateManaged(this.services, token, undefined, this.lifecycle);
    } catch {
      throw reconnectionRefused("needs the player's valid JWT");
    }
    if (identity.playerId !== expected) throw reconnectionRefused("JWT belongs to another player");
  }

  // ---------------------------------------------------------------- the game (the pipeline's adapter)

  /** Every expected player is in: the game starts (reports `started`). */
  private startGame() {
    this.game = createGame({ seed: this.seed, playerIds: this.spec.playerIds, names: this.seats.names(), options: this.settings.rules });
    this.startedAt = Date.now();
    this.setPhase("PLAYING");
    this.lifecycle!.reportStarted(new Date(this.startedAt));
    this.publish(initialEvents(this.game));
  }

  /** The turn timer ran out: the rules pass for the player and count it (the last allowed timeout forfeits). */
  private onTurnExpired(turnNumber: number) {
    const action = this.game === null || this.closing ? null : timeoutAction(this.game, turnNumber);
    if (action === null) return;
    const error = this.run(action);
    if (error !== undefined) throw new Error(`the rules refused a turn timeout: ${error.code}: ${error.message}`);
  }

  protected override applyRules(game: GameState, action: CardBattleAction): RulesOutcome<GameState, CardBattleEvent, RuleError> {
    return applyAction(game, action);
  }

  protected override refusalOf(error: RuleError): Refusal {
    return { code: RULE_CODES[error.code], message: error.message, details: { reason: error.code, ...error.details } };
  }

  protected override notStarted(): Refusal {
    const waiting = this.seats.seats.filter((s) => s.presence === "absent").map((s) => s.playerId);
    return { code: ErrorCode.GAME_NOT_STARTED, message: "The game starts once every player has joined", details: { waiting_for: waiting } };
  }

  protected override gameOverIn(events: readonly CardBattleEvent[]): GameOver | undefined {
    return events.find((event): event is GameOver => event.type === "game_over");
  }

  /** One timer per turn while the game runs and is not paused; the room's phase follows the game. */
  protected override armTimers() {
    if (this.finished) {
      this.timer.clear();
      if (this.phase === "PLAYING") this.setPhase("FINISHED");
    } else if (this.game?.status === "playing" && !this.paused) {
      this.timer.arm(this.game.turnNumber);
    }
  }

  protected override syncSchema() {
    this.syncState();
  }

  /** The rules' events as the seed's, in order; hands go to their owners once per action. */
  protected override publishEvents(events: readonly CardBattleEvent[]) {
    const game = this.game!;
    const running = this.timer.current;
    const lastHandChange = new Map<string, number>();
    events.forEach((event, index) => {
      const owner = handOwnerOf(event);
      if (owner !== undefined) lastHandChange.set(owner, index);
    });
    events.forEach((event, index) => {
      if (event.type === "game_over") return;
      if (event.type === "turn_started") this.lifecycle!.reportTurn(event.turn_number);
      const deadline = event.type === "turn_started" && running?.turnNumber === event.turn_number ? running.deadline : null;
      const wire = publicEvent(event, deadline);
      if (wire !== null) this.messenger.toAll(wire.event, wire.data);
      const owner = handOwnerOf(event);
      if (owner !== undefined && lastHandChange.get(owner) === index) this.sendHand(owner);
    });
    // anyone whose hand changed without an event of their own (e.g. no opening hand) still learns it
    for (const seat of this.seats.seats) {
      if (this.sentHands.get(seat.playerId) !== handKey(game, seat.playerId)) this.sendHand(seat.playerId);
    }
  }

  protected override announceResult(event: GameOver, durationSeconds: number): GameOutcome {
    const outcome = matchResult(event, durationSeconds);
    this.messenger.toAll("game_over", { winner_id: event.winner_id, result_data: outcome.resultData });
    return outcome;
  }

  protected override rulesOptions() {
    return { ...this.settings.rules };
  }

  protected override lingerMs() {
    return this.settings.gameOverLingerMs;
  }

  protected override closeRoom() {
    if (!this.closing) this.close();
  }

  // ---------------------------------------------------------------- closing

  /** Ends the room abnormally: everyone still here is told why, the reason is reported once, the room closes. */
  private abort(reason: AbortReason) {
    if (this.closing) return;
    this.finished = true;
    this.timer.clear();
    this.state.turn_deadline = 0;
    this.messenger.toAll("room_closed", { reason });
    this.lifecycle?.reportAborted(reason);
    this.close();
  }

  /** Disconnects everyone and disposes the room (once). */
  private close() {
    if (this.closing) return;
    this.closing = true;
    this.timer.clear();
    clearTimeout(this.lingerTimer);
    try {
      this.disconnect().catch((error: unknown) => this.logger.error({ err: error }, "disconnecting the room failed"));
    } catch (error) {
      this.logger.error({ err: error }, "disconnecting the room failed");
    }
  }

  /** An exception inside the room: its game can no longer be trusted, so this room closes as a process error; the process keeps serving. */
  private fail(error: unknown, where: string) {
    const logger = this.logger ?? this.services?.logger;
    logger?.error({ err: error, method: where }, "exception in the card_battle room: closing it");
    if (this.lifecycle !== undefined) this.abort("process_error");
  }

  /** Runs work outside Colyseus's own exception handling (native timers, handlers) through `fail`. */
  private guard(where: string, work: () => void) {
    try {
      work();
    } catch (error) {
      this.fail(error, where);
    }
  }

  // ---------------------------------------------------------------- seats, views and state

  /** The seat of a room player who has no live connection yet; refuses a second connection with 1005. */
  private freeSeatOf(playerId: string): Seat {
    const seat = this.seats.of(playerId);
    if (seat === undefined) throw new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), "AUTHENTICATION_FAILED: not a player of this room");
    if (seat.presence === "connected") throw new ServerError(Number(ErrorCode.ALREADY_IN_ROOM), "ALREADY_IN_ROOM: you are already connected to this room");
    return seat;
  }

  private attachView(client: BattleClient, seat: Seat, profile: WireProfile) {
    client.userData = { playerId: seat.playerId, limiter: client.userData?.limiter ?? new RateLimiter(), profile };
    this.attachPlayerView(client, this.state.players[seat.position]!);
  }

  private sendConnected(client: BattleClient, seat: Seat) {
    this.messenger.toClient(client, "connected", {
      connection_id: client.sessionId,
      room_id: this.roomId,
      player_id: seat.playerId,
      player_name: seat.name,
    });
  }

  /** Sends a player their own hand (`hand_updated`, to that player only). */
  private sendHand(playerId: string) {
    const hand = playerView(this.game!, playerId).hand ?? [];
    this.sentHands.set(playerId, handKey(this.game!, playerId));
    this.messenger.toPlayer(playerId, "hand_updated", wireHand(hand));
  }

  /** The room's state as one player may see it. */
  private fullStateFor(playerId: string | null) {
    const view = this.game === null ? null : playerView(this.game, playerId);
    return fullState(this.phase, this.seats.infos(), view, this.timer.current?.deadline ?? null, this.settings.rules.maxHp);
  }

  private afterPresenceChange() {
    this.syncState();
    this.broadcastPatch();
  }

  private syncState() {
    syncSchema(this.state, {
      phase: this.phase,
      seats: this.seats.infos(),
      game: this.game,
      deadline: this.timer.current?.deadline ?? 0,
      maxHp: this.settings.rules.maxHp,
    });
  }

  private setPhase(phase: RoomPhase) {
    this.phase = phase;
    this.services.metrics.setRoomPhase(this.roomId, "card_battle", phase);
    void this.setMetadata({ game: "card_battle", node_name: this.services.config.nodeName, phase, managed: true });
  }
}

/** The managed spec the create options' ticket names; an unknown ticket is refused like a client create. */
async function readSpec(options: unknown): Promise<ManagedSpec | undefined> {
  try {
    return await takeManagedSpec(options);
  } catch (error) {
    if (error instanceof ManagedSpecError) throw new ServerError(403, error.message);
    throw error;
  }
}

/** A player's hand as a comparable key (card ids in order). */
function handKey(game: GameState, playerId: string): string {
  return (game.players.find((p) => p.id === playerId)?.hand ?? []).map((c) => c.id).join(",");
}
