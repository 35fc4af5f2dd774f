/**
 * The lifecycle outbox as rooms use it: `ready`, `started`, `finished` and
 * `aborted` are recorded in the database together with the state change that
 * causes them (src/db/lifecycle.ts), one room's writes strictly in call
 * order. Nothing is sent from here: the delivery worker sends what is
 * recorded, so no callback leaves before it is durable. A write that fails
 * (a slow or unreachable database) is retried until it succeeds or, at
 * shutdown, until `flush`'s deadline; only then is it logged whole as lost.
 */
import type { NewGameResultRow } from "../../drizzle/schema/index.js";
import type { Database } from "../db/database.js";
import { abortRoomsOfNode, recordGameFinished, recordLostRoomAborted, recordRoomAborted, recordRoomReady, recordRoomStarted, type RoomStart } from "../db/lifecycle.js";
import type { Logger } from "../logger.js";
import { abortedBody, finishedBody, readyBody, startedBody } from "./payloads.js";
import { RoomCallbackQueue } from "./room-queue.js";
import { MAX_REPLAY_STEPS, replayRow, type ReplayRecord } from "../replay/record.js";
import type { AbortReason, FinishedResultData, StartedPayload } from "./types.js";

/** A finished game as a room reports it. */
export interface GameFinish {
  gameRules: string;
  winnerId: string | null;
  winnerIds: string[];
  resultData: FinishedResultData;
  seed: string;
  options: Record<string, unknown>;
  actions: unknown[];
  turnsPlayed: number;
  durationSeconds: number;
  finishedAt: Date;
  /** What the game is replayed from (stored with the result unless it is over the cap). */
  replay?: ReplayRecord;
}

/** Settings of a `LifecycleOutbox`. */
export interface LifecycleOutboxOptions {
  db: Database;
  nodeName: string;
  logger: Logger;
  /** Called after a write recorded a callback, so the worker sends it at once. */
  onRecorded?: () => void;
  /** First wait after a failed write; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/** Records room life events durably; every method resolves (true when the state changed now), none throws. */
export class LifecycleOutbox {
  private readonly db: Database;
  private readonly nodeName: string;
  private readonly logger: Logger;
  private readonly onRecorded: () => void;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly queue = new RoomCallbackQueue();
  /** Set by `flush`: writes still failing after this time are given up. */
  private giveUpAt = Number.POSITIVE_INFINITY;
  private readonly wakeRetries = new Set<() => void>();

  constructor(options: LifecycleOutboxOptions) {
    this.db = options.db;
    this.nodeName = options.nodeName;
    this.logger = options.logger;
    this.onRecorded = options.onRecorded ?? (() => {});
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  }

  /** A room exists: records it as ready (a managed room also owes `ready`). */
  ready(room: Omit<RoomStart, "nodeName">, at: Date = new Date()): Promise<boolean> {
    const start: RoomStart = { ...room, nodeName: this.nodeName, playerIds: [...(room.playerIds ?? [])], config: { ...(room.config ?? {}) } };
    const body = readyBody(room.id, this.nodeName);
    return this.write(room.id, "ready", body, () => recordRoomReady(this.db, start, body, at));
  }

  /** The game began (a managed room owes `started`). */
  started(roomId: string, started: StartedPayload): Promise<boolean> {
    const body = startedBody(roomId, started);
    return this.write(roomId, "started", body, () => recordRoomStarted(this.db, roomId, body, started.startedAt));
  }

  /** The game ended normally: result row, room status and (managed) `finished`, in one transaction. */
  finished(roomId: string, game: GameFinish): Promise<boolean> {
    // one copy of what is stored, taken now: later changes to the caller's objects do not alter it, and what the
    // result, the body and the replay share (the result data, every action) is copied once, not once per use
    // a record over the cap is not stored (replayRow), so it is not copied either
    const storedReplay = game.replay !== undefined && game.replay.steps.length <= MAX_REPLAY_STEPS ? game.replay : undefined;
    const copy = structuredClone({ winnerIds: game.winnerIds, resultData: game.resultData, options: game.options, actions: game.actions, replay: storedReplay });
    const body = finishedBody(roomId, { winnerId: game.winnerId, resultData: copy.resultData, finishedAt: game.finishedAt });
    const row: NewGameResultRow = {
      roomId,
      gameRules: game.gameRules,
      winnerIds: copy.winnerIds,
      resultData: copy.resultData,
      seed: game.seed,
      options: copy.options,
      actions: copy.actions,
      turnsPlayed: game.turnsPlayed,
      durationSeconds: Math.round(game.durationSeconds),
      finishedAt: new Date(game.finishedAt.getTime()),
    };
    const replay = copy.replay === undefined ? undefined : replayRow(roomId, game.gameRules, copy.replay);
    if (game.replay !== undefined && replay === undefined) {
      this.logger.warn({ room_id: roomId, steps: game.replay.steps.length, max_steps: MAX_REPLAY_STEPS }, "the game's replay record is over the cap: stored without a replay");
    }
    return this.write(roomId, "finished", { body, result: row }, () => recordGameFinished(this.db, row, body, replay));
  }

  /** The room ended abnormally (a managed room owes `aborted`). */
  aborted(roomId: string, reason: AbortReason, at: Date = new Date()): Promise<boolean> {
    const body = abortedBody(roomId, reason, at);
    return this.write(roomId, "aborted", body, () => recordRoomAborted(this.db, roomId, body, at));
  }

  /** A managed room lost with a dead node (the reaper): `aborted` is owed even where this database never recorded the room. */
  lostElsewhere(roomId: string, reason: AbortReason, at: Date = new Date()): Promise<boolean> {
    const body = abortedBody(roomId, reason, at);
    return this.write(roomId, "aborted", body, () => recordLostRoomAborted(this.db, roomId, body, at));
  }

  /**
   * Start-up recovery without Redis: every room this node's previous life
   * left alive is aborted with `process_error`, its callback recorded. Runs
   * before the node takes any room; throws when the database fails (the
   * server must not start on a state it cannot trust).
   */
  async recoverPreviousLife(at: Date = new Date()): Promise<string[]> {
    const lost = await abortRoomsOfNode(this.db, this.nodeName, (roomId) => abortedBody(roomId, "process_error", at), at);
    if (lost.length > 0) {
      this.logger.warn({ rooms: lost.length, room_ids: lost.slice(0, 50) }, "rooms of this node's previous life were lost: reported aborted (process_error)");
      this.onRecorded();
    }
    return lost;
  }

  /** Number of rooms with writes not yet durable. */
  get pendingRooms(): number {
    return this.queue.activeRooms;
  }

  /**
   * For shutdown: waits up to `timeoutMs` for every write called so far to be
   * durable; writes still failing then are given up (logged whole). True
   * when everything was written.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    this.giveUpAt = Date.now() + timeoutMs;
    for (const wake of this.wakeRetries) wake();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs + 250);
    });
    const done = await Promise.race([this.queue.idle().then(() => true as const), deadline]);
    clearTimeout(timer);
    if (!done) this.logger.error({ rooms: this.queue.activeRooms }, "lifecycle writes still not durable at the shutdown deadline");
    return done;
  }

  /** Runs one room's write behind its earlier ones, retrying until it succeeds or is given up. */
  private write(roomId: string, kind: string, record: unknown, run: () => Promise<boolean>): Promise<boolean> {
    return this.queue.enqueue(roomId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const changed = await run();
          if (changed) this.onRecorded();
          return changed;
        } catch (error) {
          const delayMs = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (attempt - 1));
          if (Date.now() + delayMs > this.giveUpAt) {
            this.logger.fatal({ err: error, room_id: roomId, kind, record }, "could not record a room's life event before shutdown; this log line is its only copy");
            return false;
          }
          this.logger.error({ err: error, room_id: roomId, kind, attempt, retry_in_ms: delayMs }, "recording a room's life event failed; retrying");
          await this.pause(delayMs);
        }
      }
    });
  }

  /** Waits `ms`, or less when `flush` begins (so the deadline is checked at once). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeRetries.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeRetries.add(done);
    });
  }
}
