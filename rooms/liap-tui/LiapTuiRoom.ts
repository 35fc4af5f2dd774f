/**
 * The `liap_tui` room: a thin adapter between seed-003 messages and the pure
 * Liap Tui rules. This file holds the room's public hooks (in firing order)
 * and its message registration; the layers below it:
 *   ./liap-tui-game.ts   the adapter to the shared pipeline (rooms/shared/game-room.ts), timers, controls
 *   ./seated-room.ts     seats, the open room's lobby, presence, listing
 *   ./publisher.ts       what clients are told after an action (both wire profiles)
 */
import { ServerError } from "@colyseus/core";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Seat } from "../../src/games/liap-tui/index.js";
import { seedRng } from "../../src/games/shared/prng.js";
import { insertRoom } from "../../src/db/rooms.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import { roomLogger } from "../../src/logger.js";
import { authenticate, type PlayerIdentity } from "../shared/auth.js";
import { admitClientRoom } from "../../src/services/client-rooms.js";
import { authenticateManaged, ManagedLifecycle } from "../shared/managed.js";
import { profileFromJoinOptions, type WireProfile } from "../shared/messenger.js";
import { NO_PATCH_INTERVAL } from "../shared/patching.js";
import { roomServices } from "../../src/services/room-services.js";
import { readManagedSpec } from "../shared/game-room.js";
import { isSpectateRequest, isSpectatorIdentity, managedAllowsSpectators } from "../shared/spectators.js";
import { attachRoomChat, roomMember } from "../shared/chat.js";
import { pong } from "../shared/message-gate.js";
import { MessageRoutes } from "../shared/message-routes.js";
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
} from "./messages.js";
import { describeZodError, managedCreateOptions, parseRoomSettings } from "./options.js";
import { LiapTuiGame } from "./liap-tui-game.js";
import type { LiapClient } from "./seated-room.js";
import type { SeatRecord } from "./seating.js";

export type { LiapTuiMetadata } from "./seated-room.js";

/** The seat of a seated client (the gate lets only seated clients' game messages through to the rules). */
const seatOf = (client: LiapClient) => client.userData!.position;

export class LiapTuiRoom extends LiapTuiGame {
  /** Four seats, plus room for a reconnecting client while its old connection is still being dropped. */
  override maxClients = 8;
  /** Patches go out right after every change (broadcastPatch); no interval ticks in an idle room. */
  override patchRate = NO_PATCH_INTERVAL;

  /** The last sequence number each dropped player had been sent, to count what they missed. */
  private readonly droppedAtSequence = new Map<string, number>();

  // ---------------------------------------------------------------- lifecycle

  /** Fires when the room is created: validates options, registers messages, records the room. */
  override async onCreate(options: unknown) {
    this.services = roomServices();
    const spec = await readManagedSpec(options);
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
    this.messenger = this.createMessenger("liap_tui");
    this.useSharedEncodeBuffers();
    this.guardReconnections();
    this.seed = String(this.settings.seed ?? randomUUID());
    this.setUpGame(seedRng(`${this.seed}:bots`));
    this.state.room_name = this.settings.roomName ?? `Room ${this.roomId}`;
    // hard backstop only (Colyseus counts on the room clock, which the gate ticks after each message); RateLimiter does the real limiting
    this.maxMessagesPerSecond = 500;
    attachRoomChat(this, { services: this.services, logger: this.logger, game: "liap_tui", memberOf: (client) => roomMember(client, this.seatOfClient(client as LiapClient)?.name) });
    this.openGate("liap_tui", LiapTuiRoom.routes);
    if (spec !== undefined) {
      spec.playerIds.forEach((playerId, position) => this.table.reserve(position as Seat, playerId, spec.names[playerId]));
      this.lifecycle = new ManagedLifecycle(spec, this.services, this.logger);
      // an empty managed room waits for its players (a refused join must not dispose it); the join timeout ends the wait
      this.autoDispose = false;
    }
    this.openGallery({ allowed: spec === undefined || managedAllowsSpectators(spec.config), managed: spec !== undefined });
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
    if (isSpectateRequest(options)) return this.authenticateSpectator(client, context.token, (id) => this.table.seatOf(id) !== undefined);
    const identity =
      this.lifecycle !== undefined
        ? await authenticateManaged(this.services, context.token, options, this.lifecycle)
        : await authenticate(this.services, context.token, client.sessionId);
    this.assertSeatFor(identity.playerId);
    return identity;
  }

  /** Fires when a client joins: seats it, gives it a view of its own hand, announces it. */
  override onJoin(client: LiapClient, options: { player_name?: unknown } | undefined, auth: PlayerIdentity) {
    if (isSpectatorIdentity(auth)) return this.welcomeSpectator(client, auth, options);
    const seat = this.assertSeatFor(auth.playerId);
    if (this.endDroppedConnection(auth.playerId)) return this.welcomeBack(client, seat, profileFromJoinOptions(options));
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
    if (this.spectators.has(client.sessionId)) return this.holdSpectator(client, this.settings.reconnectionSeconds);
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
    await this.holdForReconnection(client, client.userData!.playerId);
  }

  /** Fires when a dropped client comes back within the window: it takes its seat back. */
  override onReconnect(client: LiapClient) {
    if (this.spectators.has(client.sessionId)) return this.welcomeBackSpectator(client);
    const seat = this.seatOfClient(client);
    if (seat !== undefined) this.welcomeBack(client, seat, client.userData!.profile);
  }

  /** A dropped player is back (reconnected, or joined anew while the seat waited): seat, what was missed, the hand. */
  private welcomeBack(client: LiapClient, seat: SeatRecord, profile: WireProfile) {
    seat.connected = true;
    this.attachClient(client, seat, profile);
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
    if (this.releaseSpectator(client)) return;
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
    this.spectators.releaseAll();
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

  /** A lobby or game message's `player_name`, when given, must be the sender's own. */
  private static ownName(room: LiapTuiRoom, client: LiapClient, data: { player_name?: string }): boolean {
    return room.checkClaimedName(client, data.player_name);
  }

  /** The room's messages, shared by every Liap Tui room (message-routes.ts); a lobby message must carry the sender's own name, if any. */
  private static readonly routes = new MessageRoutes<LiapTuiRoom, LiapClient>()
    .on("start_game", namedPayload, (room, client) => room.startGame(client), LiapTuiRoom.ownName)
    .on("declare", declarePayload, (room, client, data) => room.act(client, { type: "declare", seat: seatOf(client), value: data.declaration }), LiapTuiRoom.ownName)
    .on("play", playPayload, (room, client, data) => room.act(client, { type: "play", seat: seatOf(client), pieceIds: data.piece_ids }), LiapTuiRoom.ownName)
    .on("accept_redeal", namedPayload, (room, client) => room.act(client, { type: "redeal_decision", seat: seatOf(client), accept: true }), LiapTuiRoom.ownName)
    .on("decline_redeal", namedPayload, (room, client) => room.act(client, { type: "redeal_decision", seat: seatOf(client), accept: false }), LiapTuiRoom.ownName)
    .on("add_bot", addBotPayload, (room, client, data) => room.addBot(client, data.position as Seat | undefined), LiapTuiRoom.ownName)
    .on("remove_player", removePlayerPayload, (room, client, data) => room.removePlayer(client, data.position as Seat), LiapTuiRoom.ownName)
    .on("leave_room", namedPayload, (_room, client) => client.leave(), LiapTuiRoom.ownName)
    .on("ping", pingPayload, (room, client, data) => pong(room.messenger, client, data))
    .on("sync_request", syncRequestPayload, (room, client, data) => room.syncResponse(client, data.last_sequence))
    .on("version_info", versionInfoPayload, (room, client, data) => room.negotiateVersion(client, data));

  private syncResponse(client: LiapClient, lastSequence: number) {
    const seat = this.seatOfClient(client);
    this.messenger.syncResponse(client, lastSequence, () =>
      this.game === null ? { phase: "NOT_STARTED", phase_data: this.lobbyPhaseData(), game_state: null } : this.fullState(seat?.position ?? null),
    );
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
    this.messenger.toClient(client, "version_accepted", { server_version: PROTOCOL.serverVersion, negotiated_version: compatible, features: PROTOCOL.features });
  }
}
