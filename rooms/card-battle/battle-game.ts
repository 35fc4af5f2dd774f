/**
 * The card battle's adapter to the shared pipeline
 * (rooms/shared/game-room.ts): its rules, turn timer, schema sync and event
 * mapping, the room-wide controls (pause, resume, terminate, abort) and the
 * seats' views. The hooks and messages are in ./CardBattleRoom.ts.
 */
import { ServerError, type Client } from "@colyseus/core";
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
import type { AbortReason } from "../../src/platform/index.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import { CardBattleState } from "../../schema/card-battle.js";
import type { PlayerIdentity } from "../shared/auth.js";
import type { ManagedSpec } from "../../src/services/managed-spec.js";
import type { WireProfile } from "../shared/messenger.js";
import { RateLimiter } from "../shared/rate-limiter.js";
import { GameRoom, type GameOutcome, type Refusal, type RulesOutcome, type SeatedClientData } from "../shared/game-room.js";
import { RULE_CODES } from "./messages.js";
import type { CardBattleRoomSettings } from "./options.js";
import { syncSchema } from "./schema-sync.js";
import { SeatTable, type Seat } from "./seats.js";
import type { TurnTimer } from "./turn-timer.js";
import { CardBattleWire, fullState, gameOverEvent, type RoomPhase } from "../../src/games/card-battle/wire.js";

/** Per-connection data (card battle's events are the same in both wire profiles: none repeats the state). */
export type BattleClient = Client<{ userData: SeatedClientData; auth: PlayerIdentity }>;

/** Listing metadata. */
export interface CardBattleMetadata {
  game: "card_battle";
  node_name: string;
  phase: RoomPhase;
  /** True for the matchmaking service's rooms; false for practice rooms (./practice-room.ts), which players create. */
  managed: boolean;
  /** Spectators watching (rooms/shared/spectators.ts). */
  spectators: number;
}

type GameOver = Extract<CardBattleEvent, { type: "game_over" }>;

export abstract class CardBattleGame extends GameRoom<
  { state: CardBattleState; metadata: CardBattleMetadata; client: BattleClient },
  GameState,
  CardBattleAction,
  CardBattleEvent,
  RuleError,
  GameOver
> {
  override state = new CardBattleState();

  protected spec!: ManagedSpec;
  protected settings!: CardBattleRoomSettings;
  protected seats!: SeatTable;
  protected timer!: TurnTimer;
  /** The game's events as the wire's (src/games/card-battle/wire.ts, shared with replays; remembers the hand each player was last sent). */
  private readonly wire = new CardBattleWire();
  protected phase: RoomPhase = "WAITING";
  /** Set once the room is closing: aborted, or disconnecting after the game. */
  protected closing = false;

  // ---------------------------------------------------------------- room-wide controls

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

  // ---------------------------------------------------------------- the game (the pipeline's adapter)

  /** Every expected player is in: the game starts (reports `started`). */
  protected startGame() {
    this.game = createGame({ seed: this.seed, playerIds: this.spec.playerIds, names: this.seats.names(), options: this.settings.rules });
    this.startedAt = Date.now();
    this.setPhase("PLAYING");
    this.lifecycle?.reportStarted(new Date(this.startedAt));
    this.publish(initialEvents(this.game));
  }

  /** The turn timer ran out: the rules pass for the player and count it (the last allowed timeout forfeits). */
  protected onTurnExpired(turnNumber: number) {
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
    for (const event of events) if (event.type === "turn_started") this.lifecycle?.reportTurn(event.turn_number);
    for (const out of this.wire.step(events, this.game!, this.spec.playerIds, this.timer.current)) this.deliver(out);
  }

  protected override announceResult(event: GameOver, durationSeconds: number): GameOutcome {
    const outcome = matchResult(event, durationSeconds);
    this.deliver(gameOverEvent(event, outcome.resultData));
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

  // ---------------------------------------------------------------- the replay record

  protected override playerOfSeat(seat: number) {
    return this.spec.playerIds[seat];
  }

  protected override seatPlayerIds(): Array<string | null> {
    return [...this.spec.playerIds];
  }

  /** The turn timer running after the step (for `turn_started.deadline`). */
  protected override replayStepContext() {
    return { timer: this.timer.current };
  }

  /** The game's player ids (bots' too: the rules know them) and names, and the stored result. */
  protected override replayContext(outcome: GameOutcome) {
    return { playerIds: [...this.spec.playerIds], names: this.seats.names(), resultData: outcome.resultData };
  }

  // ---------------------------------------------------------------- closing

  /** Ends the room abnormally: everyone still here is told why, the reason is reported once, the room closes. */
  protected abort(reason: AbortReason) {
    if (this.closing) return;
    this.finished = true;
    this.timer.clear();
    this.state.turn_deadline = 0;
    this.messenger.toAll("room_closed", { reason });
    this.lifecycle?.reportAborted(reason);
    this.close();
  }

  /** Disconnects everyone and disposes the room (once). */
  protected close() {
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
  protected fail(error: unknown, where: string) {
    const logger = this.logger ?? this.services?.logger;
    logger?.error({ err: error, method: where }, "exception in the card_battle room: closing it");
    if (this.lifecycle !== undefined) this.abort("process_error");
  }

  /** Runs work outside Colyseus's own exception handling (native timers, handlers) through `fail`. */
  protected guard(where: string, work: () => void) {
    try {
      work();
    } catch (error) {
      this.fail(error, where);
    }
  }

  // ---------------------------------------------------------------- seats, views and state

  /** The seat of a room player who has no live connection yet; refuses a second connection with 1005. */
  protected freeSeatOf(playerId: string): Seat {
    const seat = this.seats.of(playerId);
    if (seat === undefined) throw new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), "AUTHENTICATION_FAILED: not a player of this room");
    if (seat.presence === "connected") throw new ServerError(Number(ErrorCode.ALREADY_IN_ROOM), "ALREADY_IN_ROOM: you are already connected to this room");
    return seat;
  }

  protected attachView(client: BattleClient, seat: Seat, profile: WireProfile) {
    client.userData = { playerId: seat.playerId, limiter: client.userData?.limiter ?? new RateLimiter(), profile };
    this.attachPlayerView(client, this.state.players[seat.position]!);
  }

  protected sendConnected(client: BattleClient, seat: Seat) {
    this.messenger.toClient(client, "connected", {
      connection_id: client.sessionId,
      room_id: this.roomId,
      player_id: seat.playerId,
      player_name: seat.name,
    });
  }

  /** Sends a player their own hand (`hand_updated`, to that player only). */
  protected sendHand(playerId: string) {
    this.deliver(this.wire.hand(this.game!, this.spec.playerIds, playerId));
  }

  /** The room's state as one player may see it. */
  protected fullStateFor(playerId: string | null) {
    const view = this.game === null ? null : playerView(this.game, playerId);
    return fullState(this.phase, this.seats.infos(), view, this.timer.current?.deadline ?? null, this.settings.rules.maxHp);
  }

  protected afterPresenceChange() {
    this.syncState();
    this.broadcastPatch();
  }

  protected syncState() {
    syncSchema(this.state, {
      phase: this.phase,
      seats: this.seats.infos(),
      game: this.game,
      deadline: this.timer.current?.deadline ?? 0,
      maxHp: this.settings.rules.maxHp,
      retired: this.retired,
    });
  }

  protected setPhase(phase: RoomPhase) {
    this.phase = phase;
    this.services.metrics.setRoomPhase(this.roomId, "card_battle", phase);
    void this.setMetadata({ game: "card_battle", node_name: this.services.config.nodeName, phase, managed: true, spectators: this.spectators.count });
  }

  protected override reconnectingPlayerOf(sessionId: string): string | undefined {
    return this.seats.held(sessionId)?.playerId;
  }
}
