/**
 * The seats of a Liap Tui room: who sits where, the open room's lobby (host,
 * bots, removals), presence (the empty-room rule), the listing metadata and
 * the schema sync of the seats. The game on top of it is in
 * ./liap-tui-game.ts, the hooks in ./LiapTuiRoom.ts.
 */
import { ServerError, type Client, type Deferred } from "@colyseus/core";
import type { LiapTuiAction, LiapTuiEvent, LiapTuiState as GameState, RuleError, Seat } from "../../src/games/liap-tui/index.js";
import { playerView } from "../../src/games/liap-tui/index.js";
import type { AbortReason } from "../../src/platform/index.js";
import { ErrorCode, type ErrorCodeValue } from "../../src/protocol/codes.js";
import { LiapTuiState } from "../../schema/liap-tui.js";
import type { PlayerIdentity } from "../shared/auth.js";
import { GameRoom, type SeatedClientData } from "../shared/game-room.js";
import type { WireProfile } from "../shared/messenger.js";
import { RateLimiter } from "../shared/rate-limiter.js";
import type { LiapTuiRoomSettings } from "./options.js";
import { syncSchema } from "./schema-sync.js";
import { SeatTable, type SeatRecord } from "./seating.js";
import type { SeatInfo } from "../../src/games/liap-tui/wire.js";

/** Per-connection data: the shared part and the seat. */
export interface ClientData extends SeatedClientData {
  position: Seat;
}

export type LiapClient = Client<{ userData: ClientData; auth: PlayerIdentity }>;

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
  /** Spectators watching (not counted in `humans` or the listing's `clients`). */
  spectators: number;
}

export type GameOver = Extract<LiapTuiEvent, { type: "game_over" }>;

export abstract class LiapTuiSeatedRoom extends GameRoom<
  { state: LiapTuiState; metadata: LiapTuiMetadata; client: LiapClient },
  GameState,
  LiapTuiAction,
  LiapTuiEvent,
  RuleError,
  GameOver
> {
  override state = new LiapTuiState();
  protected settings!: LiapTuiRoomSettings;
  protected readonly table = new SeatTable();
  private emptyTimer?: { clear(): void };
  /** The listing metadata last set (JSON). */
  private listedMetadata = "";
  /** Dropped connections waiting for their reconnection: session id → player id (to check a reconnection's JWT). */
  protected readonly awaitingReconnection = new Map<string, string>();
  /** The same waits by player id: a fresh join of that player ends its wait (see endDroppedConnection). */
  private readonly droppedConnections = new Map<string, { client: LiapClient; reconnection: Deferred<Client> }>();

  /** Deals the first hand (the host's `start_game`, or a managed room's last arrival). */
  protected abstract beginGame(): void;
  /** Ends the room abnormally (see LiapTuiGame). */
  protected abstract abort(reason: AbortReason): void;
  /** Logs an exception; closes the room if its game can no longer be trusted (see LiapTuiRoom). */
  abstract override onUncaughtException(error: Error, methodName: string): void;

  // ---------------------------------------------------------------- lobby actions

  protected startGame(client: LiapClient) {
    const seat = this.seatOfClient(client);
    if (this.game !== null) return this.refuse(client, ErrorCode.INVALID_PLAY, "The game has already started", { phase: this.game.phase });
    if (seat === undefined || !seat.isHost) return this.refuse(client, ErrorCode.AUTHENTICATION_FAILED, "Only the host can start the game", { host: this.table.host?.name ?? null });
    if (!this.table.full) {
      const filled = this.table.seats.filter((s) => s.isBot || s.playerId !== undefined).length;
      return this.refuse(client, ErrorCode.GAME_NOT_STARTED, "All 4 seats must be filled (humans or bots) to start", { filled, required: 4 });
    }
    this.beginGame();
  }

  protected addBot(client: LiapClient, position: Seat | undefined) {
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

  protected removePlayer(client: LiapClient, position: Seat) {
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

  /** A `player_name` in a payload must be the sender's own (identity comes from the connection). */
  protected checkClaimedName(client: LiapClient, claimed: string | undefined): boolean {
    const seat = this.seatOfClient(client);
    if (claimed === undefined || seat === undefined || claimed === seat.name) return true;
    this.messenger.error(client, ErrorCode.AUTHENTICATION_FAILED, "player_name does not match your connection", {
      player_name: claimed,
      your_name: seat.name,
    });
    return false;
  }

  protected refuse(client: LiapClient, code: ErrorCodeValue, message: string, details?: Record<string, unknown>) {
    this.messenger.error(client, code, message, details);
  }

  protected lobbyPhaseData() {
    return {
      host: this.table.host?.name ?? null,
      players: this.seatInfos().filter((s) => s.name !== "").map((s) => ({ name: s.name, position: s.position, is_bot: s.isBot })),
      seats_needed: this.table.seats.filter((s) => !s.isBot && s.playerId === undefined).length,
    };
  }

  // ---------------------------------------------------------------- seats and presence

  protected assertSeatFor(playerId: string): SeatRecord {
    const place = this.table.placeFor(playerId, this.game !== null);
    if (place === "already_seated") throw new ServerError(Number(ErrorCode.ALREADY_IN_ROOM), "ALREADY_IN_ROOM: you are already in this room");
    if (place === "room_full" || place === "game_started") throw new ServerError(Number(ErrorCode.ROOM_FULL), "ROOM_FULL: all 4 seats are taken");
    return place;
  }

  protected attachClient(client: LiapClient, seat: SeatRecord, profile: WireProfile) {
    client.userData = { playerId: seat.playerId!, position: seat.position, limiter: client.userData?.limiter ?? new RateLimiter(), profile };
    this.attachPlayerView(client, this.state.players[seat.position]!);
  }

  /** Keeps a dropped player's seat for the reconnection window; resolves when it came back, was replaced or ran out. */
  protected async holdForReconnection(client: LiapClient, playerId: string): Promise<void> {
    this.awaitingReconnection.set(client.sessionId, playerId);
    const reconnection = this.allowReconnection(client, this.settings.reconnectionSeconds);
    this.droppedConnections.set(playerId, { client, reconnection });
    try {
      await reconnection;
    } catch {
      // the window passed (onLeave handles the seat), or a fresh join took the seat
    } finally {
      this.awaitingReconnection.delete(client.sessionId);
      if (this.droppedConnections.get(playerId)?.client === client) this.droppedConnections.delete(playerId);
    }
  }

  /**
   * A player whose dropped connection still waits joins anew (another node's
   * gateway, or a client that lost its reconnection token): the old wait ends
   * without touching the seat, which would otherwise be vacated when its window
   * ran out under the new connection. True when the player was away.
   */
  protected endDroppedConnection(playerId: string): boolean {
    const dropped = this.droppedConnections.get(playerId);
    if (dropped === undefined) return false;
    this.droppedConnections.delete(playerId);
    dropped.client.userData = undefined;
    dropped.reconnection.reject(new Error("replaced by a new connection"));
    return true;
  }

  protected seatOfClient(client: LiapClient): SeatRecord | undefined {
    const data = client.userData;
    if (data === undefined) return undefined;
    const seat = this.table.seats[data.position];
    return seat?.playerId === data.playerId ? seat : undefined;
  }

  /** After a join, drop, return or leave: state, listing, and the empty-room rule. */
  protected afterPresenceChange() {
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

  protected cancelEmptyTimer() {
    this.emptyTimer?.clear();
    this.emptyTimer = undefined;
  }

  // ---------------------------------------------------------------- state and listing

  protected syncState(view?: ReturnType<typeof playerView>) {
    syncSchema(this.state, this.game, this.table, view, this.retired);
  }

  protected seatInfos(): SeatInfo[] {
    return this.table.seats.map((s) => ({ position: s.position, name: s.name, isBot: s.isBot, connected: s.connected }));
  }

  /** The listing (and, with several nodes, the driver's copy), rewritten only when it changed: most moves change nothing in it. */
  protected updateMetadata() {
    const metadata: LiapTuiMetadata = {
      game: "liap_tui",
      node_name: this.services.config.nodeName,
      managed: this.lifecycle !== undefined,
      room_name: this.state.room_name,
      host: this.table.host?.name ?? "",
      humans: this.table.seats.filter((s) => s.playerId !== undefined && !s.isBot).length,
      seats_filled: this.table.seats.filter((s) => s.isBot || s.playerId !== undefined).length,
      phase: this.game?.phase ?? "NOT_STARTED",
      is_public: this.settings.isPublic,
      spectators: this.spectators.count,
    };
    const key = JSON.stringify(metadata);
    if (key === this.listedMetadata) return;
    this.listedMetadata = key;
    void this.setMetadata(metadata);
  }

  protected override reconnectingPlayerOf(sessionId: string): string | undefined {
    return this.awaitingReconnection.get(sessionId) ?? this.clients.find((c) => c.sessionId === sessionId)?.userData?.playerId;
  }
}
