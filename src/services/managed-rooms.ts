/**
 * The room side of the matchmaking contract (seed 000): create a room for a
 * given id and players (idempotently, within this node's capacity), terminate
 * it wherever it lives, and describe this node's load. Knows nothing of HTTP.
 */
import { matchMaker } from "@colyseus/core";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { getRoom } from "../db/rooms.js";
import type { Metrics } from "../metrics.js";
import type { LifecycleOutbox } from "../platform/index.js";
import { createManagedRoom, type ManagedSpec } from "./managed-spec.js";
import { GAMES, type GameRules } from "../games/registry.js";
import { pickProcess } from "../cluster/placement.js";
import { managedProcessLoads } from "./client-rooms.js";
import { connectedPlayers } from "./spectator-census.js";

/** A validated create request. */
export interface CreateRoomRequest {
  roomId: string;
  gameTypeId?: string;
  playerIds: string[];
  gameRules: GameRules;
  /** The request's `config`, passed to the room as it came. */
  config: Record<string, unknown>;
  seed?: string;
  /** Seat names by player id (the lobby passes race names). */
  names?: Record<string, string>;
}

/** Outcome of a create: made (or already live), refused for capacity or shutdown, or an id whose game already finished. */
export type CreateOutcome =
  | { kind: "created"; roomId: string; nodeName: string }
  | { kind: "capacity_exceeded" }
  | { kind: "shutting_down" }
  | { kind: "finished" };

/** What the service needs. */
export interface ManagedRoomDeps {
  config: Config;
  db: Database;
  metrics: Metrics;
  /** Where a lost room's abort is recorded. */
  outbox: LifecycleOutbox;
  startedAt: number;
  /** True once this node is shutting down: it creates no more rooms. */
  isDraining?: () => boolean;
}

/** Creates, terminates and counts managed rooms. */
export class ManagedRoomService {
  private readonly inFlight = new Map<string, Promise<CreateOutcome>>();

  constructor(private readonly deps: ManagedRoomDeps) {}

  /**
   * Creates the room, or answers as if it did when a room with that id is
   * live. An id whose room is recorded but gone is not "created": a finished
   * game stays finished, and a lost one (aborted, or recorded alive on no
   * live node) is created anew.
   */
  create(request: CreateRoomRequest): Promise<CreateOutcome> {
    const pending = this.inFlight.get(request.roomId);
    if (pending !== undefined) return pending;
    const attempt = this.createOnce(request).finally(() => this.inFlight.delete(request.roomId));
    this.inFlight.set(request.roomId, attempt);
    return attempt;
  }

  private async createOnce(request: CreateRoomRequest): Promise<CreateOutcome> {
    const existing = await this.find(request.roomId);
    if (existing.kind === "live") return { kind: "created", roomId: request.roomId, nodeName: existing.nodeName };
    if (existing.kind === "finished") return { kind: "finished" };
    if (this.deps.isDraining?.() === true) return { kind: "shutting_down" };
    // 503 only when every live node holds MAX_ROOMS managed rooms (client-created rooms do not count); the room goes to the least-loaded node
    if (pickProcess(await managedProcessLoads(), this.deps.config.maxRooms) === undefined) return { kind: "capacity_exceeded" };
    const spec: ManagedSpec = {
      roomId: request.roomId,
      gameRules: request.gameRules,
      gameTypeId: request.gameTypeId,
      playerIds: request.playerIds,
      names: request.names ?? {},
      config: request.config,
      seed: request.seed,
      joinTimeoutMs: this.deps.config.joinTimeoutSeconds * 1000,
    };
    // the spec stays server-side (presence, readable on every node); the room gets only a single-use ticket
    const room = await createManagedRoom(GAMES[request.gameRules].room, spec);
    const nodeName = (room.metadata as { node_name?: string } | undefined)?.node_name ?? this.deps.config.nodeName;
    return { kind: "created", roomId: room.roomId, nodeName };
  }

  /**
   * What exists for this id: a live room (on any node), a finished game, or
   * nothing usable. A room recorded alive that no node runs was lost (its
   * process died before anyone reported it): it is reported aborted through
   * the outbox now, exactly once, and the id is free again.
   */
  private async find(roomId: string): Promise<{ kind: "live"; nodeName: string } | { kind: "finished" } | { kind: "free" }> {
    const [live] = await matchMaker.query({ roomId });
    if (live !== undefined) {
      return { kind: "live", nodeName: (live.metadata as { node_name?: string } | undefined)?.node_name ?? this.deps.config.nodeName };
    }
    const recorded = await getRoom(this.deps.db, roomId);
    if (recorded === undefined || recorded.status === "aborted") return { kind: "free" };
    if (recorded.status === "finished") return { kind: "finished" };
    await this.deps.outbox.aborted(roomId, "process_error");
    return { kind: "free" };
  }

  /** Closes a live room wherever it runs (players get a final event, `aborted` is reported); false when there is none. */
  async terminate(roomId: string, adminId?: string): Promise<boolean> {
    const [live] = await matchMaker.query({ roomId });
    if (live === undefined) return false;
    await matchMaker.remoteRoomCall(roomId, "terminate", ["admin_terminated", adminId]);
    return true;
  }

  /** `GET /internal/health` for this node. */
  health() {
    return {
      status: "ok" as const,
      node_name: this.deps.config.nodeName,
      active_rooms: this.deps.metrics.gameRoomCount(),
      connected_players: connectedPlayers(matchMaker.stats.local.ccu),
      uptime_seconds: Math.floor((Date.now() - this.deps.startedAt) / 1000),
    };
  }
}
