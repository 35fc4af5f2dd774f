/**
 * The `liap_tui` room: a thin adapter between seed-003 messages and the pure
 * Liap Tui rules. Actions run through the shared pipeline
 * (rooms/shared/game-room.ts); this file is Liap Tui's adapter (its rules,
 * timers, schema sync and event mapping) plus the open room's lobby. Hooks
 * appear in firing order.
 */
import { ServerError, type Client } from "@colyseus/core";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import {
  applyAction,
  awaiting,
  botAction,
  createGame,
  legalDeclarations,
  matchResult,
  playerView,
  timeoutAction,
  type LiapTuiAction,
  type LiapTuiEvent,
  type LiapTuiState as GameState,
  type RuleError,
  type Seat,
} from "../../src/games/liap-tui/index.js";
import { seedRng, type RngState } from "../../src/games/shared/prng.js";
import { insertRoom } from "../../src/db/rooms.js";
import { ErrorCode, type ErrorCodeValue } from "../../src/protocol/codes.js";
import { roomLogger, type Logger } from "../../src/logger.js";
import { LiapTuiState } from "../../schema/liap-tui.js";
import { authenticate, reconnectionRefused, requireIdentityOnReconnect, type PlayerIdentity } from "../shared/auth.js";
import { admitClientRoom } from "../../src/services/client-rooms.js";
import { authenticateManaged, ManagedLifecycle } from "../shared/managed.js";
import { ManagedSpecError, takeManagedSpec } from "../../src/services/managed-spec.js";
import type { AbortReason } from "../../src/platform/index.js";
import { Messenger, NOT_FOR_NATIVE, profileFromJoinOptions, type WireProfile } from "../shared/messenger.js";
import { NO_PATCH_INTERVAL } from "../shared/patching.js";
import { RateLimiter } from "../shared/rate-limiter.js";
import { roomServices } from "../../src/services/room-services.js";
import { GameRoom, type GameOutcome, type Refusal, type RulesOutcome, type SeatedClientData } from "../shared/game-room.js";
import {
  addBotPayload,
  declarePayload,
  namedPayload,
  pingPayload,
  playPayload,
  PROTOCOL,
  removePlayerPayload,
  syncRequestPayload,
  versionInfoPayload,
  RULE_CODES,
} from "./messages.js";
import { managedCreateOptions, parseRoomSettings, type LiapTuiRoomSettings } from "./options.js";
import { SeatTable, type SeatRecord } from "./seating.js";
import { syncSchema } from "./schema-sync.js";
import { TurnTimers, type FiredTimer } from "./turn-timers.js";
import { autoActionOf, nativePhaseChange, nativePhaseData, wireGameOver, wireGameState, wireHand, wirePhaseData, type SeatInfo } from "./wire.js";

/** Per-connection data: the shared part and the seat. */
interface ClientData extends SeatedClientData {
  position: Seat;
}

type LiapClient = Client<{ userData: ClientData; auth: PlayerIdentity }>;

/** Listing metadata (lobby and REST listing). */
export interface LiapTuiMetadata {
  game: "liap_tui";
  node_name: string;
  /** True for rooms the matchmaking service created (fixed players). */
  managed: boolean;
  room_name: string;
  host: string;
  humans: number;
  seats_filled: number;
  phase: string;
  is_public: boolean;
}

type GameOver = Extract<LiapTuiEvent, { type: "game_over" }>;

export class LiapTuiRoom extends GameRoom<
  { state: LiapTuiState; metadata: LiapTuiMetadata; client: LiapClient },
  GameState,
  LiapTuiAction,
  LiapTuiEvent,
  RuleError,
  GameOver
> {
  override state = new LiapTuiState();
  /** Four seats, plus room for a reconnecting client while its old connection is still being dropped. */
  override maxClients = 8;
  /** Patches go out right after every change (broadcastPatch); no interval ticks in an idle room. */
  override patchRate = NO_PATCH_INTERVAL;

  private settings!: LiapTuiRoomSettings;
  private readonly table = new SeatTable();
  private timers!: TurnTimers;
  private botRng!: RngState;
  private emptyTimer?: { clear(): void };
  /** The last sequence number each dropped player had been sent, to count what they missed. */
  private readonly droppedAtSequence = new Map<string, number>();
  /** Dropped connections waiting for their reconnection: session id → player id (to check a reconnection's JWT). */
  private readonly awaitingReconnection = new Map<string, string>();
  /** The last native `phase_change` body sent (phase + lean phase data), to send it only when it says something new. */
  private lastNativePhase = "";
  /** The spectator's view of the game after the last action (schema sync and events share it). */
  private publicView?: ReturnType<typeof playerView>;

  // ---------------------------------------------------------------- lifecycle

  /** Fires when the room is created: validates options, registers messages, records the room. */
  override async onCreate(options: unknown) {
    this.services = roomServices();
    const spec = await takeManagedSpec(options).catch((error: unknown) => {
      throw error instanceof ManagedSpecError ? new ServerError(403, error.message) : error;
    });
    if (spec !== undefined) this.roomId = spec.roomId;
    this.logger = roomLogger(this.services.logger, this.roomId, "liap_tui");
    try {
      this.settings = parseRoomSettings(spec === undefined ? options : managedCreateOptions(spec.roomId, spec.config, spec.seed));
      if (spec !== undefined && spec.playerIds.length !== 4) throw new Error("liap_tui needs exactly 4 players");
    } catch (error) {
      // matchmaking answers over HTTP, so a refused create carries an HTTP status
      throw new ServerError(400, `invalid room options: ${describeZodError(error)}`);
    }
    // rooms clients create are counted apart from the matchmaking service's (MAX_CLIENT_ROOMS)
    if (spec === undefined) admitClientRoom(this, this.services.config.maxClientRooms);
    this.messenger = new Messenger(this, "liap_tui", this.services.metrics, {
      playerOf: (client) => (client as LiapClient).userData?.playerId,
      profileOf: (client) => (client as LiapClient).userData?.profile ?? "native",
    });
    requireIdentityOnReconnect(this, (sessionId, token) => this.checkReconnection(sessionId, token));
    this.timers = new TurnTimers((fired) => {
      try {
        this.onTimerFired(fired);
      } catch (error) {
        this.onUncaughtException(error as Error, "timer");
      }
    });
    this.seed = String(this.settings.seed ?? randomUUID());
    this.botRng = seedRng(`${this.seed}:bots`);
    this.state.room_name = this.settings.roomName ?? `Room ${this.roomId}`;
    // hard backstop only (Colyseus counts on the room clock, which the gate ticks after each message); RateLimiter does the real limiting
    this.maxMessagesPerSecond = 500;
    this.registerMessages();
    if (spec !== undefined) {
      spec.playerIds.forEach((playerId, position) => this.table.reserve(position as Seat, playerId, spec.names[playerId]));
      this.lifecycle = new ManagedLifecycle(spec, this.services, this.logger);
      // an empty managed room waits for its players (a refused join must not dispose it); the join timeout ends the wait
      this.autoDispose = false;
    }
    this.syncState();
    void this.setPrivate(spec !== undefined || !this.settings.isPublic);
    this.updateMetadata();
    this.services.metrics.setRoomPhase(this.roomId, "liap_tui", "NOT_STARTED");
    if (this.lifecycle !== undefined) {
      this.lifecycle.begin(() => this.abort("join_timeout"));
    } else {
      this.persist(() =>
        insertRoom(this.services.db, {
          id: this.roomId,
          gameRules: "liap_tui",
          nodeName: this.services.config.nodeName,
          config: { ...this.settings, seed: String(this.seed) } as unknown as Record<string, unknown>,
        }),
      );
    }
  }

  /** Fires before a client joins: checks its token and that a seat is free for it. */
  override async onAuth(client: LiapClient, options: unknown, context: { token?: string }): Promise<PlayerIdentity> {
    const identity =
      this.lifecycle !== undefined
        ? await authenticateManaged(this.services, context.token, options, this.lifecycle)
        : await authenticate(this.services, context.token, client.sessionId);
    this.assertSeatFor(identity.playerId);
    return identity;
  }

  /** Fires when a client joins: seats it, gives it a view of its own hand, announces it. */
  override onJoin(client: LiapClient, options: { player_name?: unknown } | undefined, auth: PlayerIdentity) {
    const seat = this.assertSeatFor(auth.playerId);
    const requested = typeof options?.player_name === "string" && options.player_name.trim() !== "" ? options.player_name.trim().slice(0, 32) : undefined;
    const reclaimed = seat.playerId === auth.playerId;
    const open = this.lifecycle === undefined;
    this.table.seatHuman(seat, auth.playerId, (open ? requested : undefined) ?? auth.displayName ?? requested ?? `Player ${seat.position + 1}`, open);
    this.attachClient(client, seat, profileFromJoinOptions(options));
    this.cancelEmptyTimer();
    this.syncState();
    this.broadcastPatch();
    this.updateMetadata();

    this.messenger.toClient(client, "connected", {
      connection_id: client.sessionId,
      room_id: this.roomId,
      player_name: seat.name,
      reconnected: reclaimed,
    });
    this.messenger.toClient(client, "room_joined", {
      room_id: this.roomId,
      room_name: this.state.room_name,
      position: seat.position,
      host: this.table.host?.name ?? null,
      players: this.seatInfos().map((s) => ({ name: s.name, position: s.position, is_bot: s.isBot })),
      game_state: this.game === null ? null : this.fullState(seat.position),
    });
    this.messenger.toAll(
      "player_joined",
      { player_name: seat.name, position: seat.position, is_bot: false, timestamp: Date.now() / 1000 },
      { except: client },
    );
    if (this.game !== null) {
      this.sendHand(seat.position);
      this.armTimers();
      this.broadcastPatch();
    } else if (this.lifecycle?.markJoined(auth.playerId) === true) {
      // every expected player is in: a managed game starts by itself
      this.beginGame();
      this.lifecycle.reportStarted(new Date(this.startedAt));
    }
  }

  /** Fires when a connection drops: the seat is kept for the reconnection window and a bot covers it meanwhile. */
  override async onDrop(client: LiapClient) {
    const seat = this.seatOfClient(client);
    if (seat === undefined) return;
    seat.connected = false;
    this.droppedAtSequence.set(client.userData!.playerId, this.messenger.log.currentSequence);
    this.afterPresenceChange();
    if (this.game !== null && !this.finished) {
      this.messenger.toAll("bot_activated", { player: seat.name, reason: "disconnected", bot_difficulty: this.settings.botDifficulty });
      this.armTimers();
      this.broadcastPatch();
    }
    this.awaitingReconnection.set(client.sessionId, client.userData!.playerId);
    try {
      await this.allowReconnection(client, this.settings.reconnectionSeconds);
    } catch {
      // the window passed: onLeave handles the seat
    } finally {
      this.awaitingReconnection.delete(client.sessionId);
    }
  }

  /** Fires when a dropped client comes back within the window: it takes its seat back. */
  override onReconnect(client: LiapClient) {
    const seat = this.seatOfClient(client);
    if (seat === undefined) return;
    seat.connected = true;
    this.attachClient(client, seat, client.userData!.profile);
    this.cancelEmptyTimer();
    this.afterPresenceChange();
    const droppedAt = this.droppedAtSequence.get(seat.playerId!) ?? this.messenger.log.currentSequence;
    this.droppedAtSequence.delete(seat.playerId!);
    const missed = this.messenger.missedCount(client, droppedAt, { playerId: seat.playerId });
    this.messenger.toClient(client, "reconnected", {
      connection_id: client.sessionId,
      room_id: this.roomId,
      player_name: seat.name,
      missed_events: missed,
      game_state: this.game === null ? null : this.fullState(seat.position),
    });
    if (this.game !== null) {
      this.sendHand(seat.position);
      this.armTimers();
      this.broadcastPatch();
    }
  }

  /** Fires when a client leaves for good (or its reconnection window ran out). */
  override onLeave(client: LiapClient) {
    const seat = this.seatOfClient(client);
    client.view?.dispose();
    if (seat === undefined || seat.playerId !== client.userData?.playerId) return;
    if (this.game !== null) {
      this.table.replaceByBot(seat.position);
      this.messenger.toAll("player_left", { player_name: seat.name, position: seat.position, replaced_by_bot: !this.finished });
      if (!this.finished) {
        this.messenger.toAll("bot_activated", { player: seat.name, reason: "left", bot_difficulty: this.settings.botDifficulty });
      }
      this.afterPresenceChange();
      this.armTimers();
      this.broadcastPatch();
    } else {
      this.table.empty(seat.position);
      this.messenger.toAll("player_left", { player_name: seat.name, position: seat.position, replaced_by_bot: false });
      this.afterPresenceChange();
    }
  }

  /** Fires when the room is disposed. */
  override onDispose() {
    this.timers?.clearAll();
    this.cancelEmptyTimer();
    clearTimeout(this.lingerTimer);
    if (this.services === undefined || this.settings === undefined) return;
    this.services.metrics.removeRoom(this.roomId);
    if (this.lifecycle !== undefined) {
      // a managed room that ends without finishing or aborting (e.g. the process stops) is reported lost
      this.lifecycle.reportAborted("process_error");
      this.lifecycle.dispose();
    } else if (!this.finished) {
      this.persist(() => this.services.platform.outbox.aborted(this.roomId, "process_error"));
    }
  }

  /**
   * Fires when the shutdown grace has run out: a game still running cannot
   * continue elsewhere, so it ends as a process error; a room whose game is
   * over (or never began) just closes.
   */
  override onBeforeShutdown() {
    if (this.game !== null && !this.finished) this.abort("process_error");
    else void this.disconnect();
  }

  /** Stops the room's timers (the lobby's `pause`); players may still move. Callable across nodes. */
  pause() {
    this.paused = true;
    this.timers.clearAll();
    this.state.deadline = 0;
    this.state.timer_kind = "paused";
    this.broadcastPatch();
  }

  /** Restarts the timers after `pause`, with fresh deadlines. */
  resume() {
    if (!this.paused) return;
    this.paused = false;
    this.armTimers();
    this.broadcastPatch();
  }

  /** Called by the internal API (possibly from another node): closes the room for an administrator. */
  terminate(reason: "admin_terminated" = "admin_terminated", adminId?: string) {
    this.logger.info({ admin_id: adminId }, "room terminated by an administrator");
    this.abort(reason);
  }

  /** Fires on an exception in a handler or timer: log it; the room keeps serving. */
  override onUncaughtException(error: Error, methodName: string) {
    const logger = this.logger ?? roomServices().logger;
    // a ServerError is a deliberate refusal (bad options, a join that may not happen), not a fault
    if (error.cause instanceof ServerError || error instanceof ServerError) {
      logger.info({ reason: error.message, method: methodName }, "request refused");
      return;
    }
    logger.error({ err: error, method: methodName }, "uncaught exception in room");
    // an exception means this game's state can no longer be trusted: close it, report it, keep the process serving
    if (this.settings !== undefined) this.abort("process_error");
  }

  // ---------------------------------------------------------------- messages

  private registerMessages() {
    const gate = this.messageGate<LiapClient>("liap_tui");
    const seatOf = (client: LiapClient) => client.userData!.position;
    const ownName = (client: LiapClient, data: { player_name?: string }) => this.checkClaimedName(client, data.player_name);
    gate.on("start_game", namedPayload, (client) => this.startGame(client), ownName);
    gate.on("declare", declarePayload, (client, data) => this.act(client, { type: "declare", seat: seatOf(client), value: data.declaration }), ownName);
    gate.on("play", playPayload, (client, data) => this.act(client, { type: "play", seat: seatOf(client), pieceIds: data.piece_ids }), ownName);
    gate.on("accept_redeal", namedPayload, (client) => this.act(client, { type: "redeal_decision", seat: seatOf(client), accept: true }), ownName);
    gate.on("decline_redeal", namedPayload, (client) => this.act(client, { type: "redeal_decision", seat: seatOf(client), accept: false }), ownName);
    gate.on("add_bot", addBotPayload, (client, data) => this.addBot(client, data.position as Seat | undefined), ownName);
    gate.on("remove_player", removePlayerPayload, (client, data) => this.removePlayer(client, data.position as Seat), ownName);
    gate.on("leave_room", namedPayload, (client) => client.leave(), ownName);
    gate.on("ping", pingPayload, (client, data) => gate.pong(client, data));
    gate.on("sync_request", syncRequestPayload, (client, data) => this.syncResponse(client, data.last_sequence));
    gate.on("version_info", versionInfoPayload, (client, data) => this.negotiateVersion(client, data));
    gate.rejectUnknown();
  }

  /** A `player_name` in a payload must be the sender's own (identity comes from the connection). */
  private checkClaimedName(client: LiapClient, claimed: string | undefined): boolean {
    const seat = this.seatOfClient(client);
    if (claimed === undefined || seat === undefined || claimed === seat.name) return true;
    this.messenger.error(client, ErrorCode.AUTHENTICATION_FAILED, "player_name does not match your connection", {
      player_name: claimed,
      your_name: seat.name,
    });
    return false;
  }

  // ---------------------------------------------------------------- lobby actions

  private startGame(client: LiapClient) {
    const seat = this.seatOfClient(client);
    if (this.game !== null) return this.refuse(client, ErrorCode.INVALID_PLAY, "The game has already started", { phase: this.game.phase });
    if (seat === undefined || !seat.isHost) return this.refuse(client, ErrorCode.AUTHENTICATION_FAILED, "Only the host can start the game", { host: this.table.host?.name ?? null });
    if (!this.table.full) {
      const filled = this.table.seats.filter((s) => s.isBot || s.playerId !== undefined).length;
      return this.refuse(client, ErrorCode.GAME_NOT_STARTED, "All 4 seats must be filled (humans or bots) to start", { filled, required: 4 });
    }
    this.beginGame();
  }

  private addBot(client: LiapClient, position: Seat | undefined) {
    if (!this.hostOnly(client)) return;
    const outcome = this.table.addBot(position);
    if (typeof outcome === "string") {
      return this.refuse(client, ErrorCode.OUT_OF_RANGE, outcome === "no_empty_seat" ? "There is no empty seat" : "That seat is taken", { position: position ?? null });
    }
    this.syncState();
    this.broadcastPatch();
    this.updateMetadata();
    this.messenger.toAll("player_joined", { player_name: outcome.name, position: outcome.position, is_bot: true, timestamp: Date.now() / 1000 });
  }

  private removePlayer(client: LiapClient, position: Seat) {
    if (!this.hostOnly(client)) return;
    const seat = this.table.seats[position]!;
    if (seat.isHost) return this.refuse(client, ErrorCode.OUT_OF_RANGE, "The host cannot remove themselves; use leave_room", { position });
    if (seat.playerId === undefined && !seat.isBot) return this.refuse(client, ErrorCode.OUT_OF_RANGE, "That seat is empty", { position });
    const name = seat.name;
    const { playerId } = this.table.empty(position);
    const removed = playerId === undefined ? undefined : this.clients.find((c) => c.userData?.playerId === playerId);
    this.messenger.toAll("player_left", { player_name: name, position, removed_by_host: true, replaced_by_bot: false });
    if (removed !== undefined) {
      removed.userData = undefined;
      removed.leave(4000, "removed by the host");
    }
    this.afterPresenceChange();
  }

  private hostOnly(client: LiapClient): boolean {
    if (this.game !== null) {
      this.refuse(client, ErrorCode.INVALID_PLAY, "Seats cannot change once the game has started", { phase: this.game.phase });
      return false;
    }
    if (!this.seatOfClient(client)?.isHost) {
      this.refuse(client, ErrorCode.AUTHENTICATION_FAILED, "Only the host can change the seats", { host: this.table.host?.name ?? null });
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- the game

  private beginGame() {
    this.game = createGame({ seed: this.settings.seed ?? this.seed, options: this.settings.rules });
    this.startedAt = Date.now();
    this.autoDispose = false;
    void this.lock();
    // a managed room records its start (with the players) through its lifecycle
    if (this.lifecycle === undefined) this.persist(() => this.services.platform.outbox.started(this.roomId, { startedAt: new Date(this.startedAt), playerIds: [] }));
    this.publish([{ type: "dealt", round: 1, redeal: false, multiplier: 1 }]);
  }

  protected override applyRules(game: GameState, action: LiapTuiAction): RulesOutcome<GameState, LiapTuiEvent, RuleError> {
    return applyAction(game, action);
  }

  protected override refusalOf(error: RuleError, action: LiapTuiAction): Refusal {
    const details = { ...(error.details ?? {}) };
    if (error.code === "invalid-declaration" || (action.type === "declare" && error.code !== "not-your-turn")) {
      details.allowed = legalDeclarations(this.game!, (action as { seat: Seat }).seat);
    }
    return { code: RULE_CODES[error.code], message: error.message, details };
  }

  protected override notStarted(): Refusal {
    return { code: ErrorCode.GAME_NOT_STARTED, message: "The game has not started yet" };
  }

  protected override gameOverIn(events: readonly LiapTuiEvent[]): GameOver | undefined {
    return events.find((event): event is GameOver => event.type === "game_over");
  }

  /** Re-arms the timers for whatever the game waits for now (display pauses, bots, the human move timer). */
  protected override armTimers() {
    if (this.game === null || this.finished || this.paused) {
      this.timers.clearAll();
      if (this.finished) {
        this.state.deadline = 0;
        this.state.timer_kind = "";
      }
      return;
    }
    const wait = awaiting(this.game);
    const plan = this.timers.plan(this.game, wait, {
      isBotControlled: (seat) => {
        const record = this.table.seats[seat]!;
        return record.isBot || !record.connected;
      },
      timeouts: this.settings.timeouts,
      pauses: this.settings.pauses,
      botDelayMs: this.settings.botDelayMs,
    });
    this.state.deadline = plan?.deadline ?? 0;
    this.state.timer_kind = plan?.kind ?? (wait.kind === "advance" ? "display_pause" : "");
  }

  protected override syncSchema() {
    this.publicView = this.game === null ? undefined : playerView(this.game, null);
    this.syncState(this.publicView);
  }

  /** The seed's events for what happened, then `phase_change`. */
  protected override publishEvents(events: readonly LiapTuiEvent[]) {
    const game = this.game!;
    const view = this.publicView ?? playerView(game, null);
    const seats = this.seatInfos();
    const name = (seat: Seat) => seats[seat]!.name;
    for (const event of events) {
      switch (event.type) {
        case "dealt":
          for (const seat of this.table.seats) this.sendHand(seat.position);
          break;
        case "redeal_decided":
          this.messenger.toAll("redeal_decision_accepted", { player: name(event.seat), decision: event.accept ? "accept" : "decline" });
          break;
        case "declared":
          this.toSeat(event.seat, "declaration_accepted", { player: name(event.seat), declaration: event.value });
          break;
        case "played":
          this.toSeat(event.seat, "play_accepted", { player: name(event.seat), pieces_played: event.pieces.map((p) => p.id), play_type: event.playType });
          this.sendHand(event.seat);
          break;
        case "turn_started":
          this.lifecycle?.reportTurn(game.stats.totalTurns + 1);
          break;
        case "perfect_declaration":
          this.messenger.toAll("special_bonus", {
            player: name(event.seat),
            bonus_type: "PERFECT_DECLARATION",
            bonus_points: event.bonusPoints,
            message: `${name(event.seat)} achieved perfect declaration!`,
            animation: "celebration",
          });
          break;
        default:
          break;
      }
    }
    this.sendPhaseChange(view, seats, this.timerInfo());
    this.services.metrics.setRoomPhase(this.roomId, "liap_tui", game.phase);
    this.updateMetadata();
  }

  protected override announceResult(event: GameOver, durationSeconds: number): GameOutcome {
    const seats = this.seatInfos();
    this.messenger.toAll("game_over", wireGameOver(event, seats, durationSeconds));
    this.autoDispose = true;
    return matchResult(event, seats.map((s) => ({ ...s, playerId: this.table.seats[s.position]!.playerId })), durationSeconds);
  }

  protected override rulesOptions() {
    return { ...this.settings.rules };
  }

  protected override lingerMs() {
    return this.settings.gameOverLingerMs;
  }

  protected override closeRoom() {
    this.disconnect().catch((error: unknown) => this.logger.error({ err: error }, "disconnecting the room failed"));
  }

  /**
   * `phase_change` in both profiles from one log entry: seed 003's with the
   * full `game_state`; the native one without what the schema holds, and only
   * when that says something new.
   */
  private sendPhaseChange(view: ReturnType<typeof playerView>, seats: SeatInfo[], timer: Parameters<typeof wirePhaseData>[2]) {
    const phaseData = wirePhaseData(view, seats, timer);
    const lean = nativePhaseData(phaseData);
    const leanKey = `${view.phase}:${JSON.stringify(lean)}`;
    const native = leanKey === this.lastNativePhase ? NOT_FOR_NATIVE : (sequence: number, now: number) => nativePhaseChange(view.phase, lean, sequence, now);
    this.lastNativePhase = leanKey;
    this.messenger.toAll(
      "phase_change",
      // the same object wirePhaseChange() builds, with the phase data computed once
      (sequence: number, now: number) => ({ phase: view.phase, phase_data: phaseData, game_state: wireGameState(view, seats), sequence_number: sequence, server_time: now / 1000 }),
      { native },
    );
  }

  /** The human move timer as the wire shows it, or null. */
  private timerInfo() {
    const plan = this.timers.current;
    return plan === null ? null : { kind: plan.kind, deadline: plan.deadline, timeoutSeconds: plan.timeoutMs / 1000 };
  }

  /** A timer fired: advance a display pause, let a bot act, or act for humans whose time ran out (the rules decide how). */
  private onTimerFired(fired: FiredTimer) {
    if (this.game === null || this.finished) return;
    if (fired.type === "advance") {
      this.run({ type: "advance" });
      return;
    }
    if (fired.type === "bot") {
      const now = awaiting(this.game);
      if (now.kind !== "actors" || !now.seats.includes(fired.seat)) return;
      this.run(botAction(this.game, fired.seat, this.settings.botDifficulty, this.botRng));
      return;
    }
    for (const seat of fired.seats) {
      const action = timeoutAction(this.game, seat, this.settings.botDifficulty, this.botRng);
      if (action === null) continue;
      this.messenger.toAll("player_timeout", {
        player: this.table.seats[seat]!.name,
        action: action.type,
        auto_action: autoActionOf(action),
        timeout_seconds: fired.plan.timeoutMs / 1000,
      });
      this.run(action);
    }
  }

  // ---------------------------------------------------------------- replies and state

  private refuse(client: LiapClient, code: ErrorCodeValue, message: string, details?: Record<string, unknown>) {
    this.messenger.error(client, code, message, details);
  }

  private syncResponse(client: LiapClient, lastSequence: number) {
    const seat = this.seatOfClient(client);
    this.messenger.syncResponse(client, lastSequence, () =>
      this.game === null ? { phase: "NOT_STARTED", phase_data: this.lobbyPhaseData(), game_state: null } : this.fullState(seat?.position ?? null),
    );
  }

  /** A reconnection must carry the JWT of the player whose seat it takes back (when JWTs are configured). */
  private async checkReconnection(sessionId: string, token: string | undefined) {
    const managed = this.lifecycle !== undefined && this.services.platform.client !== undefined;
    if (this.services.verifyToken === undefined && !managed) return;
    const expected = this.awaitingReconnection.get(sessionId) ?? this.clients.find((c) => c.sessionId === sessionId)?.userData?.playerId;
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

  private negotiateVersion(client: LiapClient, data: z.infer<typeof versionInfoPayload>) {
    const offered = [data.client_version, ...(data.supported_versions ?? [])];
    const compatible = offered.find((v) => v.split(".")[0] === PROTOCOL.serverVersion.split(".")[0]);
    if (compatible === undefined) {
      return this.refuse(client, ErrorCode.VERSION_MISMATCH, `This server speaks protocol ${PROTOCOL.serverVersion}`, {
        server_version: PROTOCOL.serverVersion,
        client_versions: offered,
      });
    }
    this.messenger.toClient(client, "version_accepted", {
      server_version: PROTOCOL.serverVersion,
      negotiated_version: compatible,
      features: PROTOCOL.features,
    });
  }

  /** The current state from one seat's point of view (own hand only). */
  private fullState(position: Seat | null) {
    const view = playerView(this.game!, position);
    const seats = this.seatInfos();
    const plan = this.timers.current;
    const timer = plan === null ? null : { kind: plan.kind, deadline: plan.deadline, timeoutSeconds: plan.timeoutMs / 1000 };
    return {
      phase: view.phase,
      phase_data: wirePhaseData(view, seats, timer),
      game_state: wireGameState(view, seats),
      hand: view.hand === null ? null : wireHand(view.hand).pieces,
      sequence_number: this.messenger.log.currentSequence,
    };
  }

  private lobbyPhaseData() {
    return {
      host: this.table.host?.name ?? null,
      players: this.seatInfos().filter((s) => s.name !== "").map((s) => ({ name: s.name, position: s.position, is_bot: s.isBot })),
      seats_needed: this.table.seats.filter((s) => !s.isBot && s.playerId === undefined).length,
    };
  }

  private sendHand(position: Seat) {
    const seat = this.table.seats[position]!;
    if (this.game === null || seat.playerId === undefined) return;
    const hand = playerView(this.game, position).hand ?? [];
    // native clients have their hand in the schema state (@view)
    this.messenger.toPlayer(seat.playerId, "hand_updated", wireHand(hand), NOT_FOR_NATIVE);
  }

  private toSeat(position: Seat, event: string, data: unknown) {
    const playerId = this.table.seats[position]!.playerId;
    if (playerId !== undefined) this.messenger.toPlayer(playerId, event, data);
  }

  private syncState(view?: ReturnType<typeof playerView>) {
    syncSchema(this.state, this.game, this.table, view);
  }

  private seatInfos(): SeatInfo[] {
    return this.table.seats.map((s) => ({ position: s.position, name: s.name, isBot: s.isBot, connected: s.connected }));
  }

  private updateMetadata() {
    void this.setMetadata({
      game: "liap_tui",
      node_name: this.services.config.nodeName,
      managed: this.lifecycle !== undefined,
      room_name: this.state.room_name,
      host: this.table.host?.name ?? "",
      humans: this.table.seats.filter((s) => s.playerId !== undefined && !s.isBot).length,
      seats_filled: this.table.seats.filter((s) => s.isBot || s.playerId !== undefined).length,
      phase: this.game?.phase ?? "NOT_STARTED",
      is_public: this.settings.isPublic,
    });
  }

  // ---------------------------------------------------------------- seats and presence

  private assertSeatFor(playerId: string): SeatRecord {
    const place = this.table.placeFor(playerId, this.game !== null);
    if (place === "already_seated") throw new ServerError(Number(ErrorCode.ALREADY_IN_ROOM), "ALREADY_IN_ROOM: you are already in this room");
    if (place === "room_full" || place === "game_started") throw new ServerError(Number(ErrorCode.ROOM_FULL), "ROOM_FULL: all 4 seats are taken");
    return place;
  }

  private attachClient(client: LiapClient, seat: SeatRecord, profile: WireProfile) {
    client.userData = { playerId: seat.playerId!, position: seat.position, limiter: client.userData?.limiter ?? new RateLimiter(), profile };
    this.attachPlayerView(client, this.state.players[seat.position]!);
  }

  private seatOfClient(client: LiapClient): SeatRecord | undefined {
    const data = client.userData;
    if (data === undefined) return undefined;
    const seat = this.table.seats[data.position];
    return seat?.playerId === data.playerId ? seat : undefined;
  }

  /** After a join, drop, return or leave: state, listing, and the empty-room rule. */
  private afterPresenceChange() {
    this.syncState();
    this.broadcastPatch();
    this.updateMetadata();
    if (this.game !== null && !this.finished && this.table.connectedHumans.length === 0) {
      if (this.emptyTimer === undefined) {
        const handle = setTimeout(() => {
          try {
            this.logger.info("no human left: closing the room");
            this.abort("all_disconnected");
          } catch (error) {
            this.onUncaughtException(error as Error, "empty room timer");
          }
        }, this.settings.emptyRoomMs);
        this.emptyTimer = { clear: () => clearTimeout(handle) };
      }
    }
  }

  /** Ends the room abnormally: everyone still here is told why, the reason is reported once, the room closes. */
  private abort(reason: AbortReason) {
    if (this.finished) return;
    this.finished = true;
    this.timers.clearAll();
    this.cancelEmptyTimer();
    this.state.deadline = 0;
    this.messenger.toAll("room_closed", { reason });
    if (this.lifecycle !== undefined) this.lifecycle.reportAborted(reason);
    else this.persist(() => this.services.platform.outbox.aborted(this.roomId, reason));
    void this.disconnect();
  }

  private cancelEmptyTimer() {
    this.emptyTimer?.clear();
    this.emptyTimer = undefined;
  }
}

function describeZodError(error: unknown): string {
  if (typeof error === "object" && error !== null && "issues" in error && Array.isArray(error.issues)) {
    return (error.issues as Array<{ path: PropertyKey[]; message: string }>)
      .map((issue) => `${issue.path.map(String).join(".") || "options"}: ${issue.message}`)
      .join("; ");
  }
  return String(error);
}
