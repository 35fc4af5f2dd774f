/**
 * Lifecycle reporting as rooms use it: `ready`, `started`, `finished` and
 * `aborted` of one room reach the platform strictly in the order they were
 * called, even while an earlier one is retrying; rooms do not wait on each
 * other. A `finished` the platform did not acknowledge is stored for
 * redelivery (database and Redis). Without a configured platform the no-op
 * reporter answers every call with `{ ok: false, kind: "disabled" }`.
 */
import type { Logger } from "../logger.js";
import type { PlatformClient } from "./client.js";
import { finishedBody } from "./payloads.js";
import type { PersistFailedStore } from "./persist-failed-store.js";
import { RoomCallbackQueue } from "./room-queue.js";
import type { AbortReason, CallbackFailure, CallbackOutcome, FinishedBody, FinishedPayload, StartedPayload } from "./types.js";

/** The answer of a reporter that has no platform to report to. */
export interface DisabledOutcome {
  ok: false;
  kind: "disabled";
  attempts: 0;
}

/** What a lifecycle call resolves with. */
export type ReportOutcome = CallbackOutcome | DisabledOutcome;

/** What `finished` resolves with: the outcome, and whether an unacknowledged result was stored for redelivery. */
export type FinishedOutcome = ReportOutcome & { persisted: boolean };

/** What rooms call at each step of their life; every call resolves, none throws for platform trouble. */
export interface LifecycleReporter {
  /** True when a platform is configured. */
  readonly enabled: boolean;
  /** The room process is up (POST /internal/rooms). */
  ready(roomId: string): Promise<ReportOutcome>;
  /** Every expected player joined and the game began. */
  started(roomId: string, started: StartedPayload): Promise<ReportOutcome>;
  /**
   * The game ended normally. Call only after the result row in `game_results`
   * is written (await that write first): the platform may read it as soon as
   * it is told. Unacknowledged, the body is stored for redelivery.
   */
  finished(roomId: string, finished: FinishedPayload): Promise<FinishedOutcome>;
  /** The room ended abnormally. */
  aborted(roomId: string, reason: AbortReason, abortedAt?: Date): Promise<ReportOutcome>;
  /** Resolves once every callback called so far has settled. */
  flush(): Promise<void>;
  /**
   * For shutdown: waits up to `timeoutMs` for callbacks under way. Any
   * `finished` still unacknowledged then is stored for redelivery at once.
   * True when everything settled in time.
   */
  drain(timeoutMs: number): Promise<boolean>;
}

/** The reporter used when no platform is configured: reports nothing. */
export class NoopLifecycleReporter implements LifecycleReporter {
  readonly enabled = false;
  private static readonly outcome: DisabledOutcome = { ok: false, kind: "disabled", attempts: 0 };

  /** Reports nothing. */
  ready(_roomId: string): Promise<ReportOutcome> {
    return Promise.resolve(NoopLifecycleReporter.outcome);
  }
  /** Reports nothing. */
  started(_roomId: string, _started: StartedPayload): Promise<ReportOutcome> {
    return Promise.resolve(NoopLifecycleReporter.outcome);
  }
  /** Reports nothing and stores nothing. */
  finished(_roomId: string, _finished: FinishedPayload): Promise<FinishedOutcome> {
    return Promise.resolve({ ...NoopLifecycleReporter.outcome, persisted: false });
  }
  /** Reports nothing. */
  aborted(_roomId: string, _reason: AbortReason, _abortedAt?: Date): Promise<ReportOutcome> {
    return Promise.resolve(NoopLifecycleReporter.outcome);
  }
  /** Nothing to wait for. */
  flush(): Promise<void> {
    return Promise.resolve();
  }
  /** Nothing to wait for. */
  drain(_timeoutMs: number): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** Settings of a `PlatformLifecycleReporter`. */
export interface PlatformReporterOptions {
  client: PlatformClient;
  /** This node's name, sent with `ready`. */
  nodeName: string;
  logger: Logger;
  /** Where unacknowledged `finished` bodies go; without it they are only logged, whole. */
  store?: PersistFailedStore;
}

/** Reports each room's lifecycle to the platform, in order per room. */
export class PlatformLifecycleReporter implements LifecycleReporter {
  readonly enabled = true;
  private readonly client: PlatformClient;
  private readonly nodeName: string;
  private readonly logger: Logger;
  private readonly store: PersistFailedStore | undefined;
  private readonly queue = new RoomCallbackQueue();
  /** `finished` bodies called and not yet settled, by room. */
  private readonly unsettledFinished = new Map<string, FinishedBody>();
  /** Stores made by `drain` for `finished` callbacks still under way, by room. */
  private readonly earlySaves = new Map<string, Promise<boolean>>();

  constructor(options: PlatformReporterOptions) {
    this.client = options.client;
    this.nodeName = options.nodeName;
    this.logger = options.logger;
    this.store = options.store;
  }

  /** Queues POST /internal/rooms for the room. */
  ready(roomId: string): Promise<ReportOutcome> {
    return this.queue.enqueue(roomId, () => this.client.reportReady(roomId, this.nodeName));
  }

  /** Queues PUT …/started for the room. */
  started(roomId: string, started: StartedPayload): Promise<ReportOutcome> {
    const copy: StartedPayload = { startedAt: started.startedAt, playerIds: [...started.playerIds] };
    return this.queue.enqueue(roomId, () => this.client.reportStarted(roomId, copy));
  }

  /** Queues PUT …/finished for the room; stores the body when the platform does not acknowledge it. */
  finished(roomId: string, finished: FinishedPayload): Promise<FinishedOutcome> {
    // built now, so later changes to the caller's objects do not alter what is sent
    const body: FinishedBody = structuredClone(finishedBody(roomId, finished));
    this.unsettledFinished.set(roomId, body);
    return this.queue.enqueue(roomId, async () => {
      try {
        return await this.deliverFinished(body);
      } finally {
        this.unsettledFinished.delete(roomId);
        this.earlySaves.delete(roomId);
      }
    });
  }

  /** Queues PUT …/aborted for the room. */
  aborted(roomId: string, reason: AbortReason, abortedAt: Date = new Date()): Promise<ReportOutcome> {
    return this.queue.enqueue(roomId, () => this.client.reportAborted(roomId, reason, abortedAt));
  }

  /** Resolves once every callback called so far has settled. */
  flush(): Promise<void> {
    return this.queue.idle();
  }

  /** Waits up to `timeoutMs`, then stores every `finished` still unacknowledged. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = await Promise.race([this.queue.idle().then(() => true as const), deadline]);
    clearTimeout(timer);
    if (settled) return true;
    const bodies = [...this.unsettledFinished.values()];
    this.logger.warn({ rooms: this.queue.activeRooms, unsettled_finished: bodies.length }, "platform callbacks still under way at shutdown");
    await Promise.all(bodies.map((body) => this.saveEarly(body)));
    return false;
  }

  private async deliverFinished(body: FinishedBody): Promise<FinishedOutcome> {
    const roomId = body.room_id;
    const outcome = await this.client.deliverFinished(body);
    const early = this.earlySaves.get(roomId);
    if (outcome.ok || outcome.kind === "not_found") {
      // drain stored it meanwhile; the platform has answered for good, so the copy goes
      if (early !== undefined && (await early)) await this.clearQuietly(roomId);
      if (!outcome.ok) this.logger.warn({ room_id: roomId }, "platform does not know the room (404); its finished result is not stored for redelivery");
      return { ...outcome, persisted: false };
    }
    return { ...outcome, persisted: await this.persist(body, outcome) };
  }

  /** Stores an unacknowledged body; true when at least one copy was written. */
  private async persist(body: FinishedBody, failure: CallbackFailure): Promise<boolean> {
    const lastError = failure.error ?? failure.kind;
    if (this.store === undefined) {
      this.logger.error({ room_id: body.room_id, payload: body, last_error: lastError }, "finished callback failed and no store is configured; this log line is its only copy");
      return false;
    }
    const stored = await this.store.save(body, { attempts: failure.attempts, lastError });
    return stored.database || stored.redis;
  }

  private saveEarly(body: FinishedBody): Promise<boolean> {
    const failure: CallbackFailure = { ok: false, kind: "exhausted", attempts: 0, error: "shutdown before the platform acknowledged" };
    const save = this.persist(body, failure);
    this.earlySaves.set(body.room_id, save);
    return save;
  }

  private async clearQuietly(roomId: string): Promise<void> {
    try {
      await this.store?.clear(roomId);
    } catch (error) {
      // redelivery will send it once more; the platform treats a repeat as the same result
      this.logger.error({ err: error, room_id: roomId }, "could not clear a result stored at shutdown after the platform acknowledged it");
    }
  }
}

/** Settings for `createLifecycleReporter`. */
export interface LifecycleReporterSettings {
  /** The platform client; undefined when PLATFORM_URL is not configured. */
  client: PlatformClient | undefined;
  nodeName: string;
  logger: Logger;
  store?: PersistFailedStore;
}

/** The reporter for this configuration: the platform one with a client, else the no-op one. */
export function createLifecycleReporter(settings: LifecycleReporterSettings): LifecycleReporter {
  if (settings.client === undefined) return new NoopLifecycleReporter();
  return new PlatformLifecycleReporter({
    client: settings.client,
    nodeName: settings.nodeName,
    logger: settings.logger,
    store: settings.store,
  });
}
