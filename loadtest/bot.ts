/**
 * One bot player on one SDK room connection: it keeps what it learns from the
 * room's messages, decides its next move through its game's policy, paces it
 * (think time, per-bot rate ceiling), sends it, and measures how long the
 * server takes to acknowledge it and to send a state patch that reflects it.
 */
import type { Room } from "@colyseus/sdk";
import type { Recorder } from "./recorder.js";
import { meterOf, type ConnectionMeter } from "./wire-meter.js";

/**
 * What a bot needs of a room connection: an `@colyseus/sdk` room (through
 * `sdkBotRoom`) or the light wire client (`WireRoom`, loadtest/wire-client.ts).
 */
export interface BotRoom {
  readonly roomId: string;
  readonly meter: ConnectionMeter;
  readonly state: unknown;
  readonly isOpen: boolean;
  onMessage(type: "*", handler: (type: string | number, payload: any) => void): unknown;
  onStateChange(handler: (state: unknown) => void): unknown;
  onDrop(handler: (code: number) => void): unknown;
  onReconnect(handler: () => void): unknown;
  onLeave(handler: (code: number, reason?: string) => void): unknown;
  send(type: string, payload: unknown): void;
  /** Consented leave. */
  leave(): Promise<unknown>;
}

/** Adapts an SDK room to the bots' interface (bytes counted by the wire meter). */
export function sdkBotRoom(room: Room): BotRoom {
  return {
    roomId: room.roomId,
    meter: meterOf(room),
    get state() {
      return room.state;
    },
    get isOpen() {
      return room.connection?.isOpen === true;
    },
    onMessage: (type, handler) => room.onMessage(type, handler),
    onStateChange: (handler) => room.onStateChange(handler),
    onDrop: (handler) => room.onDrop(handler),
    onReconnect: (handler) => room.onReconnect(handler),
    onLeave: (handler) => room.onLeave(handler),
    send: (type, payload) => room.send(type, payload),
    leave: () => room.leave(true),
  };
}

/** The seed-003 envelope every room event arrives in. */
export interface Envelope {
  event: string;
  data: Record<string, unknown>;
  room_id?: string;
  server_time?: number;
  sequence_number: number;
  error?: unknown;
}

/** One move a policy wants to make now. */
export interface Move {
  /** Latency bucket, e.g. "liap_tui.play". */
  kind: string;
  /** Message type and payload sent to the room. */
  type: string;
  payload: Record<string, unknown>;
  /** The decision point this move answers; a bot never answers the same one twice. */
  key: string;
  /** True for the room event that acknowledges this move. */
  isAck(type: string, data: Record<string, unknown>): boolean;
  /** Set when no event acknowledges the move (Liap Tui's native profile): the state patch that reflects it does. */
  ackedByState?: true;
  /** True once the decoded state shows the move's effect. */
  reflected(state: unknown): boolean;
}

/** A game's decision logic for one seat. */
export interface Policy {
  /** Learns from a room event (called before the bot decides anything). */
  observe(type: string, envelope: Envelope): void;
  /** The move to make now, or null. */
  next(state: unknown): Move | null;
  /** A move was refused with this code; return true to let the same decision point be answered again. */
  refused(code: string, data: Record<string, unknown>): boolean;
  /** True when a `player_timeout` event is about this seat. */
  isMine(data: Record<string, unknown>): boolean;
}

/** How fast bots act. */
export interface Pace {
  /** Mean wait between the moment a bot may act and its action. */
  thinkTimeMs: number;
  /**
   * Spread of the think time, 0–1: each wait is drawn uniformly from
   * thinkTimeMs × [1 − jitter, 1 + jitter], so the mean (and the rate) stay the
   * same. Players do not answer in lockstep; with a fixed wait every table that
   * was served in one burst acts again in one burst, think time later, and the
   * bursts merge over a run into load no player population makes.
   */
  thinkJitter: number;
  actionsPerSecond: number;
  ackTimeoutMs: number;
}

/** How a bot's game ended, from its point of view. */
export type BotOutcome = "game_over" | "room_closed" | "disconnected" | "stopped";

/** One think time: `u` uniform in [0, 1) spread over thinkTimeMs × [1 − jitter, 1 + jitter]. */
export function thinkDelay(pace: Pick<Pace, "thinkTimeMs" | "thinkJitter">, u: number): number {
  return pace.thinkTimeMs * (1 + pace.thinkJitter * (2 * u - 1));
}

const SERVER_ERROR_EVENTS = new Set(["error", "validation_error"]);

export class Bot {
  readonly meter: ConnectionMeter;
  /**
   * Time the room was last heard from: a message or a state patch (the room's
   * watchdog reads it). A native Liap Tui client hears of most moves through
   * patches alone, so at human pace whole turns pass without a message.
   */
  lastHeardAt = Date.now();
  outcome?: BotOutcome;
  readonly done: Promise<BotOutcome>;

  private resolveDone!: (outcome: BotOutcome) => void;
  private pending?: { move: Move; sentAt: number; timer: NodeJS.Timeout };
  private awaitingPatch?: { move: Move; sentAt: number };
  private scheduled?: NodeJS.Timeout;
  private lastKey?: string;
  private lastSentAt = 0;
  private leaving = false;
  private readonly record: ReturnType<Recorder["connectionOpened"]>;

  constructor(
    readonly label: string,
    readonly room: BotRoom,
    private readonly policy: Policy,
    private readonly pace: Pace,
    private readonly recorder: Recorder,
    /** Uniform in [0, 1): the think times' draws (seeded by the generator, so a run's pacing repeats). */
    private readonly random: () => number,
  ) {
    this.meter = room.meter;
    this.record = recorder.connectionOpened(this.meter);
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    // the load generator counts a drop as a disconnect; the SDK's automatic reconnection stays on, as in a real client
    room.onMessage("*", (type: string | number, payload: Envelope) => this.onMessage(String(type), payload));
    room.onStateChange((state: unknown) => this.onState(state));
    room.onDrop((code: number) => {
      recorder.drops++;
      recorder.error("unexpected_disconnect", `${label}: connection dropped (${code})`);
    });
    room.onReconnect(() => {
      recorder.reconnects++;
    });
    room.onLeave((code: number, reason?: string) => {
      recorder.connectionClosed(this.record);
      this.clearTimers();
      if (!this.leaving && this.outcome === undefined) {
        recorder.unexpectedLeaves++;
        recorder.error("unexpected_disconnect", `${label}: left the room unexpectedly (${code}${reason ? `: ${reason}` : ""})`);
        this.finish("disconnected");
      }
    });
  }

  /** Sends a message that is not a measured move (e.g. start_game). */
  send(type: string, payload: Record<string, unknown> = {}): void {
    this.room.send(type, payload);
  }

  /** Leaves the room (consented) and stops acting; resolves once left or after 3 s. */
  async leave(): Promise<void> {
    this.leaving = true;
    this.clearTimers();
    this.finish("stopped");
    if (this.room.isOpen) {
      await Promise.race([this.room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
    }
    this.recorder.connectionClosed(this.record);
  }

  private onMessage(type: string, envelope: Envelope): void {
    this.lastHeardAt = Date.now();
    if (envelope === null || typeof envelope !== "object") return;
    const data = (envelope.data ?? {}) as Record<string, unknown>;
    if (SERVER_ERROR_EVENTS.has(type)) {
      const code = String(data.code ?? "?");
      const message = String(data.message ?? "");
      if (this.pending !== undefined) {
        const retry = this.policy.refused(code, data);
        this.recorder.refused(code, `${this.label} ${this.pending.move.type}: ${message}`);
        clearTimeout(this.pending.timer);
        this.pending = undefined;
        this.awaitingPatch = undefined;
        if (retry) this.lastKey = undefined;
      } else {
        this.recorder.error("server_error_event", `${this.label}: ${type} ${code}: ${message}`);
      }
    }
    if (type === "player_timeout" && this.policy.isMine(data)) this.recorder.serverTimeouts++;
    this.policy.observe(type, envelope);

    if (this.pending !== undefined && this.pending.move.isAck(type, data)) {
      this.recorder.acknowledged(this.pending.move.kind, performance.now() - this.pending.sentAt);
      clearTimeout(this.pending.timer);
      this.pending = undefined;
    }
    if (type === "game_over") {
      this.finish("game_over");
      return;
    }
    if (type === "room_closed") {
      this.recorder.error("room_closed", `${this.label}: room_closed ${JSON.stringify(data)}`);
      this.finish("room_closed");
      return;
    }
    this.maybeSchedule();
  }

  private onState(state: unknown): void {
    this.lastHeardAt = Date.now();
    const waiting = this.awaitingPatch;
    if (waiting !== undefined && waiting.move.reflected(state)) {
      const latency = performance.now() - waiting.sentAt;
      this.recorder.patched(waiting.move.kind, latency);
      this.awaitingPatch = undefined;
      if (waiting.move.ackedByState === true && this.pending?.move === waiting.move) {
        this.recorder.acknowledged(waiting.move.kind, latency);
        clearTimeout(this.pending.timer);
        this.pending = undefined;
      }
    }
    this.maybeSchedule();
  }

  private maybeSchedule(): void {
    if (this.outcome !== undefined || this.pending !== undefined || this.scheduled !== undefined) return;
    const move = this.policy.next(this.room.state);
    if (move === null || move.key === this.lastKey) return;
    const now = performance.now();
    const earliest = this.lastSentAt + 1000 / this.pace.actionsPerSecond;
    const delay = Math.max(thinkDelay(this.pace, this.random()), earliest - now, 0);
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.fire();
    }, delay);
  }

  private fire(): void {
    if (this.outcome !== undefined || this.pending !== undefined) return;
    // decide again with what is known now: the situation may have moved on during the think time
    const move = this.policy.next(this.room.state);
    if (move === null || move.key === this.lastKey) return;
    if (!this.room.isOpen) return;
    if (this.awaitingPatch !== undefined) this.recorder.patchesMissing++;
    const sentAt = performance.now();
    this.lastKey = move.key;
    this.lastSentAt = sentAt;
    const timer = setTimeout(() => {
      if (this.pending?.move !== move) return;
      this.pending = undefined;
      this.recorder.ackTimeouts++;
      this.recorder.error("ack_timeout", `${this.label}: no acknowledgement of ${move.type} within ${this.pace.ackTimeoutMs} ms`);
      this.maybeSchedule();
    }, this.pace.ackTimeoutMs);
    this.pending = { move, sentAt, timer };
    this.awaitingPatch = { move, sentAt };
    this.recorder.actionSent(move.kind);
    this.room.send(move.type, move.payload);
  }

  private finish(outcome: BotOutcome): void {
    if (this.outcome !== undefined) return;
    this.outcome = outcome;
    this.clearTimers();
    this.resolveDone(outcome);
  }

  private clearTimers(): void {
    if (this.scheduled !== undefined) clearTimeout(this.scheduled);
    this.scheduled = undefined;
    if (this.pending !== undefined) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }
}
