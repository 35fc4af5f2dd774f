/**
 * Lobby games: creating, reading, editing and listing them, and every status
 * transition of the seed's status machine, including starting the room that
 * runs a game. Knows nothing of HTTP.
 */
import type { LobbyGameRow, NewLobbyGameRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { requireOwner, visibleGame, type Actor } from "./access.js";
import { conflict, invalid, notFound } from "./errors.js";
import { activeMembers, closePendingOfGames, countActiveMembers } from "./queries/enrollment.js";
import { getGame, insertGame, isEngineVersionEnabled, listGames, listGamesOfUser, lockGame, updateGame, updateRuntime } from "./queries/games.js";
import {
  adminGameCreateSchema,
  gameUpdateSchema,
  parseOrThrow,
  userGameCreateSchema,
  type GameCreateInput,
  type Paging,
} from "./requests.js";
import { LOBBY_GAMES, parseEngineVersion, playerBoundsProblem, TRANSITIONS, EDITABLE, WITH_ROOM, type EngineTarget, type TransitionName } from "./rules.js";
import type { LobbySettings } from "./settings.js";
import type { RoomGateway } from "./runtime.js";
import { gameDetail, gameStateChange, gameSummary, type GameSummary, type LobbyGameDetail, type LobbyGameStateChange, type PageView } from "./views.js";

/** What the lobby services need. */
export interface LobbyDeps {
  db: Database;
  rooms: RoomGateway;
  settings: LobbySettings;
  logger: Logger;
  /** The current time (tests may pin it). */
  now?: () => Date;
}

/** Games and their transitions. */
export class GamesService {
  private readonly now: () => Date;

  constructor(private readonly deps: LobbyDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Creates a private game owned by the user, or (for an administrator) a public game open for enrollment at once.
   * Whether its engine version is available is not asked here: the seed checks it at start.
   */
  async create(actor: Actor, body: unknown): Promise<LobbyGameDetail> {
    const input: GameCreateInput = parseOrThrow(actor.kind === "user" ? userGameCreateSchema : adminGameCreateSchema, body);
    const now = this.now();
    if (input.enrollment_ends_at.getTime() <= now.getTime()) throw invalid("enrollment_ends_at must be in the future");
    const problem = playerBoundsProblem(this.targetOf(input.target_engine_version), input.min_players, input.max_players);
    if (problem !== undefined) throw invalid(problem);
    const row = await insertGame(this.deps.db, {
      name: input.game_name.trim(),
      description: input.description ?? "",
      visibility: actor.kind === "user" ? "private" : "public",
      ownerUserId: actor.kind === "user" ? actor.userId : null,
      // public games have no owner to open them, so they open at creation
      status: actor.kind === "user" ? "draft" : "enrollment_open",
      minPlayers: input.min_players,
      maxPlayers: input.max_players,
      startGapHours: input.start_gap_hours,
      startGapPlayers: input.start_gap_players,
      enrollmentEndsAt: input.enrollment_ends_at,
      turnSchedule: input.turn_schedule.trim(),
      targetEngineVersion: input.target_engine_version,
      createdAt: now,
      updatedAt: now,
    });
    return gameDetail(row);
  }

  /** One game as the actor may see it. */
  async get(actor: Actor, gameId: string): Promise<LobbyGameDetail> {
    return gameDetail(await visibleGame(this.deps.db, gameId, actor));
  }

  /** The owner's partial update, while the game is a draft or open for enrollment. */
  async update(actor: Actor, gameId: string, body: unknown): Promise<LobbyGameDetail> {
    const game = await visibleGame(this.deps.db, gameId, actor);
    requireOwner(game, actor, "editing the game");
    const input = parseOrThrow(gameUpdateSchema, body);
    const now = this.now();
    if (input.enrollment_ends_at !== undefined && input.enrollment_ends_at.getTime() <= now.getTime()) {
      throw invalid("enrollment_ends_at must be in the future");
    }
    const target = this.targetOf(input.target_engine_version ?? game.targetEngineVersion);
    const minPlayers = input.min_players ?? game.minPlayers;
    const maxPlayers = input.max_players ?? game.maxPlayers;
    const problem = playerBoundsProblem(target, minPlayers, maxPlayers);
    if (problem !== undefined) throw invalid(problem);
    const row = await this.deps.db.transaction(async (tx) => {
      const locked = await lockGame(tx, gameId);
      if (locked === undefined) throw notFound("no such game");
      if (!EDITABLE.includes(locked.status)) throw conflict(`the game can no longer be edited (status ${locked.status})`);
      const members = await countActiveMembers(tx, gameId);
      if (maxPlayers < members) throw conflict(`max_players ${maxPlayers} is below the ${members} active members`);
      const patch: Partial<NewLobbyGameRow> = {};
      if (input.game_name !== undefined) patch.name = input.game_name.trim();
      if (input.description !== undefined) patch.description = input.description;
      if (input.enrollment_ends_at !== undefined) patch.enrollmentEndsAt = input.enrollment_ends_at;
      if (input.turn_schedule !== undefined) patch.turnSchedule = input.turn_schedule.trim();
      if (input.target_engine_version !== undefined) patch.targetEngineVersion = input.target_engine_version;
      if (input.min_players !== undefined) patch.minPlayers = input.min_players;
      if (input.max_players !== undefined) patch.maxPlayers = input.max_players;
      if (input.start_gap_hours !== undefined) patch.startGapHours = input.start_gap_hours;
      if (input.start_gap_players !== undefined) patch.startGapPlayers = input.start_gap_players;
      return Object.keys(patch).length === 0 ? locked : updateGame(tx, gameId, patch, now);
    });
    return gameDetail(row);
  }

  /** A page of public games (`GameSummaryPage`). */
  async listPublic(paging: Paging): Promise<PageView<GameSummary>> {
    const page = await listGames(this.deps.db, paging, "public");
    return { items: page.rows.map(gameSummary), page: paging.page, page_size: paging.page_size, total: page.total };
  }

  /** A page of every game with its details (`AdminGameList`). */
  async listAll(paging: Paging): Promise<PageView<LobbyGameDetail>> {
    const page = await listGames(this.deps.db, paging);
    return { items: page.rows.map(gameDetail), page: paging.page, page_size: paging.page_size, total: page.total };
  }

  /** A page of the games a user owns or is an active member of. */
  async listMine(userId: string, paging: Paging): Promise<{ items: GameSummary[]; total: number }> {
    const page = await listGamesOfUser(this.deps.db, userId, paging);
    return { items: page.rows.map(gameSummary), total: page.total };
  }

  /** Applies a requested transition for its owner (or an administrator); 409 when the status does not allow it. */
  async transition(actor: Actor, gameId: string, name: TransitionName): Promise<LobbyGameStateChange> {
    const game = actor.kind === "admin" ? await this.existing(gameId) : await visibleGame(this.deps.db, gameId, actor);
    requireOwner(game, actor, name.replaceAll("_", "-"));
    switch (name) {
      case "open_enrollment":
      case "ready_to_start":
        return this.simpleTransition(gameId, name);
      case "start":
      case "retry_start":
      case "force_start":
        return this.start(gameId, name);
      case "pause":
      case "resume":
        return this.pauseOrResume(gameId, name);
      case "cancel":
      case "force_stop":
        return this.cancel(gameId, name, actor);
    }
  }

  private async simpleTransition(gameId: string, name: "open_enrollment" | "ready_to_start"): Promise<LobbyGameStateChange> {
    const now = this.now();
    const row = await this.deps.db.transaction(async (tx) => {
      const game = await this.lockedFor(tx, gameId, name);
      if (name === "ready_to_start") {
        const members = await countActiveMembers(tx, gameId);
        if (members < game.minPlayers) throw conflict(`the game needs at least ${game.minPlayers} active members to be ready (it has ${members})`);
        await closePendingOfGames(tx, [gameId], now);
      }
      return updateGame(tx, gameId, { status: TRANSITIONS[name].to }, now);
    });
    return gameStateChange(row);
  }

  /**
   * Moves the game to `starting` with its roster fixed, then creates its room; a room that cannot be created leaves it `start_failed`.
   * The engine version must be available now (an enabled `engine_versions` row, as the seed checks "at start time"); if it is
   * not, the start is refused with 409 and the game keeps its status.
   */
  private async start(gameId: string, name: "start" | "retry_start" | "force_start"): Promise<LobbyGameStateChange> {
    const now = this.now();
    const prepared = await this.deps.db.transaction(async (tx) => {
      const game = await this.lockedFor(tx, gameId, name);
      const target = this.targetOf(game.targetEngineVersion);
      if (!(await isEngineVersionEnabled(tx, target.engineVersion))) {
        const meaning = target.plain ? ` (on ${target.gameRules}, this lobby's default game)` : "";
        throw conflict(`cannot start: engine version ${game.targetEngineVersion}${meaning} is not available (no enabled engine_versions row ${target.engineVersion})`);
      }
      const rules = target.gameRules;
      const members = await activeMembers(tx, gameId);
      const fits = LOBBY_GAMES[rules];
      const least = Math.max(game.minPlayers, fits.minPlayers);
      const most = Math.min(game.maxPlayers, fits.maxPlayers);
      if (members.length < least || members.length > most) {
        throw conflict(`the game needs ${least === most ? least : `${least} to ${most}`} active members to start (it has ${members.length})`);
      }
      if (game.status === "enrollment_open") await closePendingOfGames(tx, [gameId], now);
      await updateGame(tx, gameId, { status: "starting", runtimeStatus: "creating", engineHealth: null, nodeName: null }, now);
      return { rules, members };
    });

    const { rules, members } = prepared;
    const failed = (reason: string) =>
      updateRuntime(this.deps.db, gameId, ["starting"], { status: "start_failed", runtimeStatus: "start_failed", engineHealth: reason }, this.now());
    try {
      const outcome = await this.deps.rooms.create({
        roomId: gameId,
        gameRules: rules,
        playerIds: members.map((m) => m.userId),
        config: { ...(this.deps.settings.roomConfig[rules] ?? {}), player_count: members.length, game_rules: rules },
        names: Object.fromEntries(members.map((m) => [m.userId, m.raceName])),
      });
      if (outcome.kind === "created") {
        await updateRuntime(this.deps.db, gameId, ["starting"], { runtimeStatus: "waiting_for_players", nodeName: outcome.nodeName }, this.now(), ["creating"]);
        // cancelled while the room was being made: the cancel found no room to terminate, so do it now
        if ((await getGame(this.deps.db, gameId))?.status === "cancelled") await this.deps.rooms.terminate(gameId);
      } else {
        await failed(outcome.kind === "capacity_exceeded" ? "capacity_exceeded: every node is full" : outcome.kind);
      }
    } catch (error) {
      this.deps.logger.warn({ err: error, game_id: gameId }, "the room of a lobby game could not be created");
      await failed(`room creation failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
    }
    return gameStateChange(await this.existing(gameId));
  }

  private async pauseOrResume(gameId: string, name: "pause" | "resume"): Promise<LobbyGameStateChange> {
    const row = await this.deps.db.transaction(async (tx) => {
      await this.lockedFor(tx, gameId, name);
      try {
        await this.deps.rooms.call(gameId, name);
      } catch (error) {
        this.deps.logger.warn({ err: error, game_id: gameId }, `${name} of a lobby game's room failed`);
        throw conflict(`the game's room is not reachable, so it cannot be ${name === "pause" ? "paused" : "resumed"}`);
      }
      const to = TRANSITIONS[name].to;
      return updateGame(tx, gameId, { status: to, runtimeStatus: to }, this.now());
    });
    return gameStateChange(row);
  }

  /** Cancels a game (owner) or force-stops it (administrator): status `cancelled`, and its room, if any, terminated. */
  private async cancel(gameId: string, name: "cancel" | "force_stop", actor: Actor): Promise<LobbyGameStateChange> {
    const now = this.now();
    const { row, hadRoom } = await this.deps.db.transaction(async (tx) => {
      const game = await this.lockedFor(tx, gameId, name);
      const hadRoom = WITH_ROOM.includes(game.status);
      await closePendingOfGames(tx, [gameId], now);
      const row = await updateGame(tx, gameId, hadRoom ? { status: "cancelled", runtimeStatus: "stopped", finishedAt: now } : { status: "cancelled" }, now);
      return { row, hadRoom };
    });
    if (hadRoom) {
      await this.deps.rooms.terminate(gameId, actor.kind === "admin" ? actor.username : actor.userId).catch((error: unknown) => {
        this.deps.logger.error({ err: error, game_id: gameId }, "terminating a cancelled lobby game's room failed");
      });
    }
    return gameStateChange(row);
  }

  /** The game locked in `tx`, if the transition may leave its status; else 409. */
  private async lockedFor(tx: Database, gameId: string, name: TransitionName): Promise<LobbyGameRow> {
    const game = await lockGame(tx, gameId);
    if (game === undefined) throw notFound("no such game");
    const allowed: readonly string[] = TRANSITIONS[name].from;
    if (!allowed.includes(game.status)) {
      throw conflict(`${name.replaceAll("_", "-")} is not allowed while the game is ${game.status}`);
    }
    return game;
  }

  private async existing(gameId: string): Promise<LobbyGameRow> {
    const game = await getGame(this.deps.db, gameId);
    if (game === undefined) throw notFound("no such game");
    return game;
  }

  /** What a `target_engine_version` targets (a plain semver means the lobby's default game). */
  private targetOf(version: string): EngineTarget {
    const parsed = parseEngineVersion(version, this.deps.settings.defaultGame);
    if (!parsed.ok) throw invalid(`target_engine_version: ${parsed.reason}`);
    return parsed.target;
  }
}
