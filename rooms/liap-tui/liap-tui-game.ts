/**
 * Liap Tui's adapter to the shared pipeline (rooms/shared/game-room.ts): its
 * rules, timers, schema sync and event mapping, the timer firings (display
 * pauses, bots, timeouts), and the room-wide controls (pause, resume,
 * terminate, abort). The seats are in ./seated-room.ts, the hooks in
 * ./LiapTuiRoom.ts.
 */
import {
  applyAction,
  awaiting,
  botAction,
  createGame,
  legalDeclarations,
  matchResult,
  sharedPublicView,
  timeoutAction,
  type LiapTuiAction,
  type LiapTuiEvent,
  type LiapTuiView,
  type LiapTuiState as GameState,
  type RuleError,
  type Seat,
} from "../../src/games/liap-tui/index.js";
import type { RngState } from "../../src/games/shared/prng.js";
import type { AbortReason } from "../../src/platform/index.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { GameOutcome, Refusal, RulesOutcome, StepNote } from "../shared/game-room.js";
import { RULE_CODES } from "./messages.js";
import { fullState, LiapTuiPublisher } from "./publisher.js";
import { LiapTuiSeatedRoom, type GameOver, type LiapClient } from "./seated-room.js";
import type { SpectatorIdentity } from "../shared/spectators.js";
import { TurnTimers, type FiredTimer, type TimerContext, type TimerPlan } from "./turn-timers.js";
import { gameOverEvent, playerTimeoutEvent, type TimerInfo, type WireSeat } from "../../src/games/liap-tui/wire.js";

export abstract class LiapTuiGame extends LiapTuiSeatedRoom {
  protected timers!: TurnTimers;
  protected botRng!: RngState;
  protected publisher!: LiapTuiPublisher;
  /** The phase last reported to the metrics and the listing. */
  private reportedPhase = "";
  /** The spectator's view of the game after the last action (schema sync and events share it). */
  private publicView?: { game: GameState; view: LiapTuiView };
  /** The seat list the last replay step recorded (steps record it only when it changed). */
  private replaySeats?: readonly WireSeat[];
  /** What the timer planner reads of the room, made on first use. */
  private timerContext?: TimerContext;
  /** The last TimerInfo handed out, and the plan it describes (a plan's deadline never changes). */
  private timerInfoOf?: { plan: TimerPlan; info: TimerInfo };
  /** The seats as the wire sees them, rebuilt only when one of them changed (read on every action). */
  private wireSeatsNow: WireSeat[] = [];

  /** Timers, bots and the publisher; called once from onCreate, after the settings and messenger exist. */
  protected setUpGame(botRng: RngState) {
    this.botRng = botRng;
    this.publisher = new LiapTuiPublisher(this.messenger, this.table, (turn) => this.lifecycle?.reportTurn(turn));
    this.timers = new TurnTimers((fired) => {
      try {
        this.onTimerFired(fired);
      } catch (error) {
        this.onUncaughtException(error as Error, "timer");
      }
    });
  }

  // ---------------------------------------------------------------- room-wide controls

  /** Stops the room's timers (the lobby's `pause`); players may still move. Callable across nodes. */
  pause() {
    this.paused = true;
    this.timers.clearAll();
    this.state.deadline = 0;
    this.state.timeout_seconds = 0;
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

  /** Ends the room abnormally: everyone still here is told why, the reason is reported once, the room closes. */
  protected override abort(reason: AbortReason) {
    if (this.finished) return;
    this.finished = true;
    this.timers.clearAll();
    this.cancelEmptyTimer();
    this.state.deadline = 0;
    this.state.timeout_seconds = 0;
    this.messenger.toAll("room_closed", { reason });
    if (this.lifecycle !== undefined) this.lifecycle.reportAborted(reason);
    else this.persist(() => this.services.platform.outbox.aborted(this.roomId, reason));
    void this.disconnect();
  }

  // ---------------------------------------------------------------- the game

  protected override beginGame() {
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
        this.state.timeout_seconds = 0;
        this.state.timer_kind = "";
      }
      return;
    }
    const wait = this.viewOfGame().awaiting;
    const plan = this.timers.plan(this.game, wait, (this.timerContext ??= this.makeTimerContext()));
    this.state.deadline = plan?.deadline ?? 0;
    this.state.timeout_seconds = plan === null ? 0 : plan.timeoutMs / 1000;
    this.state.timer_kind = plan?.kind ?? (wait.kind === "advance" ? "display_pause" : "");
  }

  protected override syncSchema() {
    this.syncState(this.game === null ? undefined : this.viewOfGame());
  }

  /** The spectator's view of the current game, computed once per game state (timers, schema sync and events share it). */
  private viewOfGame(): LiapTuiView {
    if (this.publicView === undefined || this.publicView.game !== this.game) this.publicView = { game: this.game!, view: sharedPublicView(this.game!) };
    return this.publicView.view;
  }

  /** The seed's events for what happened, then `phase_change`. */
  protected override publishEvents(events: readonly LiapTuiEvent[]) {
    const game = this.game!;
    this.publisher.events(game, events, this.viewOfGame(), this.wireSeats(), this.timerInfo());
    if (game.phase !== this.reportedPhase) {
      this.reportedPhase = game.phase;
      this.services.metrics.setRoomPhase(this.roomId, "liap_tui", game.phase);
      this.updateMetadata();
    }
  }

  protected override announceResult(event: GameOver, durationSeconds: number): GameOutcome {
    const seats = this.seatInfos();
    this.publisher.deliver(gameOverEvent(event, seats, durationSeconds));
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

  // ---------------------------------------------------------------- the replay record

  protected override playerOfSeat(seat: number) {
    return this.table.seats[seat]?.playerId;
  }

  protected override seatPlayerIds() {
    return this.table.seats.map((s) => s.playerId ?? null);
  }

  /** The move timer after the step, a timeout's length (the note), and the seats whenever they changed. */
  protected override replayStepContext(note: StepNote | undefined) {
    const seats = this.wireSeats();
    const changed = seats !== this.replaySeats;
    this.replaySeats = seats;
    const context: Record<string, unknown> = note === undefined ? { timer: this.timerInfo() } : { timer: this.timerInfo(), ...note };
    if (changed) context.seats = seats;
    return context;
  }

  protected override replayContext(_outcome: GameOutcome, durationSeconds: number) {
    return { durationSeconds };
  }

  /** The seats as the wire sees them, and whether a player holds each (only then are its private events sent). */
  private wireSeats(): WireSeat[] {
    const seats = this.table.seats;
    const known = this.wireSeatsNow;
    let same = known.length === seats.length;
    for (let i = 0; same && i < seats.length; i++) {
      const seat = seats[i]!;
      const wire = known[i]!;
      same = wire.name === seat.name && wire.isBot === seat.isBot && wire.connected === seat.connected && wire.seated === (seat.playerId !== undefined);
    }
    // a new array when anything changed: the previous one stays as it was in the replay steps and events that hold it
    if (!same) this.wireSeatsNow = this.seatInfos().map((s) => ({ ...s, seated: seats[s.position]!.playerId !== undefined }));
    return this.wireSeatsNow;
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
      const timeoutSeconds = fired.plan.timeoutMs / 1000;
      this.publisher.deliver(playerTimeoutEvent(action as LiapTuiAction & { seat: Seat }, this.seatInfos(), timeoutSeconds));
      this.run(action, { timeoutSeconds });
    }
  }

  // ---------------------------------------------------------------- what a (re)joining client is sent

  /** The running move timer as events and replay steps carry it: one object per plan, shared by the steps it spans. */
  private timerInfo(): TimerInfo | null {
    const plan = this.timers.current;
    if (plan === null) return null;
    const known = this.timerInfoOf;
    if (known !== undefined && known.plan === plan) return known.info;
    const info: TimerInfo = { kind: plan.kind, deadline: plan.deadline, timeoutSeconds: plan.timeoutMs / 1000 };
    this.timerInfoOf = { plan, info };
    return info;
  }

  /** What the timer planner reads of the room (made once: the settings do not change during a game). */
  private makeTimerContext(): TimerContext {
    return {
      isBotControlled: (seat) => {
        const record = this.table.seats[seat]!;
        return record.isBot || !record.connected;
      },
      timeouts: this.settings.timeouts,
      pauses: this.settings.pauses,
      botDelayMs: this.settings.botDelayMs,
    };
  }

  /** The current state from one seat's point of view (own hand only). */
  protected fullState(position: Seat | null) {
    return fullState(this.game!, position, this.seatInfos(), this.timerInfo(), this.messenger.log.currentSequence);
  }

  /** A seat's hand, to its player (seed-003 clients). */
  protected sendHand(position: Seat) {
    if (this.game !== null) this.publisher.hand(this.game, position);
  }

  /** A spectator came in: told it watches (no seat, `position: null`) and shown the public table. */
  protected welcomeSpectator(client: LiapClient, identity: SpectatorIdentity, options: unknown) {
    this.admitSpectator(client, identity, options);
    this.messenger.toClient(client, "connected", { connection_id: client.sessionId, room_id: this.roomId, player_name: null, reconnected: false, spectator: true });
    this.messenger.toClient(client, "room_joined", {
      room_id: this.roomId,
      room_name: this.state.room_name,
      position: null,
      spectator: true,
      host: this.table.host?.name ?? null,
      players: this.seatInfos().map((s) => ({ name: s.name, position: s.position, is_bot: s.isBot })),
      game_state: this.game === null ? null : this.fullState(null),
    });
  }

  /** A dropped spectator is back: what it missed (public events only) and the public table. */
  protected welcomeBackSpectator(client: LiapClient) {
    this.messenger.toClient(client, "reconnected", {
      connection_id: client.sessionId,
      room_id: this.roomId,
      player_name: null,
      spectator: true,
      missed_events: this.spectatorMissed(client),
      game_state: this.game === null ? null : this.fullState(null),
    });
  }
}
