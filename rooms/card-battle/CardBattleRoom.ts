/**
 * The `card_battle` room (`game_rules: "simple_card_battle"`): a thin adapter
 * between seed-003 messages and the pure card battle rules. Rooms exist only
 * as managed rooms, created by the matchmaking service through the internal
 * API with a fixed list of players; the game starts by itself once all of
 * them have joined. This file holds the room's public hooks (in firing order)
 * and its message registration; ./battle-game.ts is the card battle's adapter
 * to the shared pipeline (rooms/shared/game-room.ts).
 */
import { ServerError, type RoomException, type RoomMethodName } from "@colyseus/core";
import { randomUUID } from "node:crypto";
import { roomLogger } from "../../src/logger.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { PlayerIdentity } from "../shared/auth.js";
import { authenticateManaged, ManagedLifecycle } from "../shared/managed.js";
import { profileFromJoinOptions } from "../shared/messenger.js";
import { NO_PATCH_INTERVAL } from "../shared/patching.js";
import { roomServices } from "../../src/services/room-services.js";
import { readManagedSpec } from "../shared/game-room.js";
import { isSpectateRequest, isSpectatorClient, isSpectatorIdentity, type SpectatorIdentity } from "../shared/spectators.js";
import { attachRoomChat, roomMember } from "../shared/chat.js";
import { pong } from "../shared/message-gate.js";
import { MessageRoutes } from "../shared/message-routes.js";
import { emptyPayload, pingPayload, playCardPayload, syncRequestPayload } from "./messages.js";
import { parseCardBattleSettings, RoomSettingsError } from "./options.js";
import { SeatTable, type Seat } from "./seats.js";
import { TurnTimer } from "./turn-timer.js";
import { CardBattleGame, type BattleClient } from "./battle-game.js";

export type { CardBattleMetadata } from "./battle-game.js";

/** The player of a seated client. */
const playerOf = (client: BattleClient) => client.userData!.playerId;

/** The `card_battle` room type (see the module comment). */
export class CardBattleRoom extends CardBattleGame {
  /** Patches go out right after every change (broadcastPatch); no interval ticks in an idle room. */
  override patchRate = NO_PATCH_INTERVAL;
  /** The room closes itself (game over, abort): an empty room waits for its players until the join timeout. */
  override autoDispose = false;

  // ---------------------------------------------------------------- lifecycle

  /** Fires when the internal API creates the room: checks the spec and options, reports `ready`, arms the join timeout. */
  override async onCreate(options: unknown) {
    this.services = roomServices();
    const spec = await readManagedSpec(options);
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
    this.openGallery({ allowed: this.settings.allowSpectators, managed: true });
    this.maxMessagesPerSecond = 60;
    this.messenger = this.createMessenger("card_battle");
    this.useSharedEncodeBuffers();
    this.guardReconnections();
    this.timer = new TurnTimer(this.settings.turnTimeMs, (turnNumber) => this.guard("turn timer", () => this.onTurnExpired(turnNumber)));
    this.registerMessages();
    attachRoomChat(this, { services: this.services, logger: this.logger, game: "card_battle", memberOf: (client) => roomMember(client, this.seats.held(client.sessionId)?.name) });
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
    if (isSpectateRequest(options)) return this.authenticateSpectator(_client, context.token, (id) => this.seats.of(id) !== undefined);
    const identity = await authenticateManaged(this.services, context.token, options, this.lifecycle);
    this.freeSeatOf(identity.playerId);
    return identity;
  }

  /** Fires when a player joins (or rejoins): seats them with a view of their own hand; the last expected arrival starts the game. */
  override onJoin(client: BattleClient, options: unknown, auth: PlayerIdentity) {
    if (isSpectatorIdentity(auth)) return this.welcomeSpectator(client, auth, options);
    const seat = this.freeSeatOf(auth.playerId);
    if (!seat.named) {
      seat.name = auth.displayName ?? seat.playerId;
      seat.named = true;
    }
    this.seatConnection(client, seat, options);

    if (this.game !== null) {
      this.sendHand(seat.playerId);
    } else if (this.lifecycle!.markJoined(seat.playerId)) {
      this.startGame();
    }
  }

  /** Puts a joining client in its seat (a fresh join replaces a dropped connection still inside its reconnection window) and tells it so. */
  protected seatConnection(client: BattleClient, seat: Seat, options: unknown) {
    seat.reconnection?.reject(new Error("replaced by a new connection"));
    seat.reconnection = undefined;
    seat.presence = "connected";
    seat.sessionId = client.sessionId;
    this.attachView(client, seat, profileFromJoinOptions(options));
    this.syncState();
    this.broadcastPatch();
    this.sendConnected(client, seat);
  }

  /** Fires when a connection drops: the seat waits for the reconnection window; the player's turns keep their timer. */
  override async onDrop(client: BattleClient) {
    if (this.spectators.has(client.sessionId)) return this.holdSpectator(client, this.settings.reconnectionSeconds);
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
    if (this.spectators.has(client.sessionId)) return this.sendSpectatorConnected(client, true);
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
    if (this.releaseSpectator(client)) return;
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
    this.spectators.releaseAll();
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

  /** The room's messages, shared by every card battle room, practice rooms included (message-routes.ts). */
  private static readonly routes = new MessageRoutes<CardBattleRoom, BattleClient>()
    .on("play_card", playCardPayload, (room, client, data) =>
      room.act(client, {
        type: "play_card",
        playerId: playerOf(client),
        cardId: data.card_id,
        ...(data.target_id !== undefined && data.target_id !== null ? { targetId: data.target_id } : {}),
      }),
    )
    .on("pass", emptyPayload, (room, client) => room.act(client, { type: "pass", playerId: playerOf(client) }))
    .on("surrender", emptyPayload, (room, client) => room.act(client, { type: "surrender", playerId: playerOf(client) }))
    .on("ping", pingPayload, (room, client, data) => pong(room.messenger, client, data))
    .on("sync_request", syncRequestPayload, (room, client, data) => room.syncResponse(client, data.last_sequence));

  /** Starts taking the room's game messages. */
  protected registerMessages() {
    this.openGate("card_battle", CardBattleRoom.routes);
  }

  private syncResponse(client: BattleClient, lastSequence: number) {
    // a spectator's full state is nobody's: no hand
    this.messenger.syncResponse(client, lastSequence, () => this.fullStateFor(isSpectatorClient(client) ? null : (client.userData?.playerId ?? null)));
  }

  /** A spectator came in (before or during the game): it watches, with no seat and no hand. */
  private welcomeSpectator(client: BattleClient, identity: SpectatorIdentity, options: unknown) {
    this.admitSpectator(client, identity, options);
    this.sendSpectatorConnected(client, false);
  }

  /** `connected` for a spectator (again after a reconnection, with what it missed). */
  private sendSpectatorConnected(client: BattleClient, reconnected: boolean) {
    const missed = reconnected ? { missed_events: this.spectatorMissed(client) } : {};
    this.messenger.toClient(client, "connected", { connection_id: client.sessionId, room_id: this.roomId, player_id: null, player_name: null, spectator: true, ...missed });
  }
}
