/**
 * Everything a run counts: connections, rooms, games, actions and their
 * latencies, bytes, errors and disconnects. Bots report into one recorder;
 * `snapshot()` turns it into the report's figures.
 */
import type { ConnectionMeter } from "./wire-meter.js";
import { Samples, type LatencySummary } from "./stats.js";

/** Categories of errors; any of them makes a run "with errors". */
export type ErrorCategory =
  | "join_failed"
  | "room_create_failed"
  | "server_error_event"
  | "action_refused"
  | "ack_timeout"
  | "game_stalled"
  | "room_closed"
  | "unexpected_disconnect"
  | "client_cap";

/** One action kind's latencies. */
export interface KindFigures {
  sent: number;
  ack_ms: LatencySummary;
  patch_ms: LatencySummary;
}

const MAX_ERROR_SAMPLES = 40;

/** Per-connection bookkeeping for bytes and client-minutes. */
interface ConnectionRecord {
  meter: ConnectionMeter;
  openedAt: number;
  closedAt?: number;
}

export class Recorder {
  readonly startedAt = Date.now();

  // connections
  connectionsOpened = 0;
  openConnections = 0;
  peakConnections = 0;
  private readonly connections: ConnectionRecord[] = [];

  // rooms and games
  roomsCreated = 0;
  openRooms = 0;
  peakRooms = 0;
  gamesStarted = 0;
  readonly gamesCompleted = { liap_tui: 0, card_battle: 0 };
  gamesAborted = 0;
  gamesUnfinished = 0;
  /** Bytes received by the clients of completed games, summed per client, for the per-game figure. */
  private readonly perGameClientBytesIn: Record<"liap_tui" | "card_battle", number[]> = { liap_tui: [], card_battle: [] };

  // actions
  actionsSent = 0;
  actionsAcknowledged = 0;
  readonly refusedByCode = new Map<string, number>();
  ackTimeouts = 0;
  patchesMissing = 0;
  /** Moves the server made for a player because its timer ran out (the bots were too slow). */
  serverTimeouts = 0;
  readonly ack = new Samples();
  readonly patch = new Samples();
  private readonly byKind = new Map<string, { sent: number; ack: Samples; patch: Samples }>();

  // disconnects
  drops = 0;
  reconnects = 0;
  unexpectedLeaves = 0;

  // errors
  readonly errorsByCategory = new Map<ErrorCategory, number>();
  readonly errorSamples: Array<{ at_ms: number; category: ErrorCategory; message: string }> = [];

  // timeline (one row per interval)
  readonly timeline: Array<{
    t_s: number;
    clients: number;
    rooms: number;
    actions: number;
    games_completed: number;
    /** action→patch latency of the actions patched during the interval. */
    patch_p99_ms: number;
    patch_max_ms: number;
  }> = [];
  private actionsAtLastTick = 0;
  private intervalPatch = new Samples();

  /** A connection opened (counts toward the concurrency figures). */
  connectionOpened(meter: ConnectionMeter): ConnectionRecord {
    const record = { meter, openedAt: Date.now() };
    this.connections.push(record);
    this.connectionsOpened++;
    this.openConnections++;
    this.peakConnections = Math.max(this.peakConnections, this.openConnections);
    return record;
  }

  /** A connection closed (idempotent per record). */
  connectionClosed(record: ConnectionRecord): void {
    if (record.closedAt !== undefined) return;
    record.closedAt = Date.now();
    this.openConnections--;
  }

  roomOpened(): void {
    this.roomsCreated++;
    this.openRooms++;
    this.peakRooms = Math.max(this.peakRooms, this.openRooms);
  }

  roomClosed(): void {
    this.openRooms--;
  }

  /** A game ended with game_over for every seat; each connection served exactly this game, join included. */
  gameCompleted(game: "liap_tui" | "card_battle", meters: readonly ConnectionMeter[]): void {
    this.gamesCompleted[game]++;
    for (const meter of meters) this.perGameClientBytesIn[game].push(meter.bytesIn);
  }

  actionSent(kind: string): void {
    this.actionsSent++;
    this.kind(kind).sent++;
  }

  acknowledged(kind: string, ms: number): void {
    this.actionsAcknowledged++;
    this.ack.add(ms);
    this.kind(kind).ack.add(ms);
  }

  patched(kind: string, ms: number): void {
    this.patch.add(ms);
    this.intervalPatch.add(ms);
    this.kind(kind).patch.add(ms);
  }

  refused(code: string, message: string): void {
    this.refusedByCode.set(code, (this.refusedByCode.get(code) ?? 0) + 1);
    this.error("action_refused", `${code}: ${message}`);
  }

  error(category: ErrorCategory, message: string): void {
    this.errorsByCategory.set(category, (this.errorsByCategory.get(category) ?? 0) + 1);
    if (this.errorSamples.length < MAX_ERROR_SAMPLES) {
      this.errorSamples.push({ at_ms: Date.now() - this.startedAt, category, message: message.slice(0, 300) });
    }
  }

  get errorCount(): number {
    let total = 0;
    for (const n of this.errorsByCategory.values()) total += n;
    return total;
  }

  get completedGames(): number {
    return this.gamesCompleted.liap_tui + this.gamesCompleted.card_battle;
  }

  /** Appends a timeline row. */
  tick(): void {
    const interval = this.intervalPatch.summary();
    this.intervalPatch = new Samples();
    this.timeline.push({
      t_s: Math.round((Date.now() - this.startedAt) / 100) / 10,
      clients: this.openConnections,
      rooms: this.openRooms,
      actions: this.actionsSent - this.actionsAtLastTick,
      games_completed: this.completedGames,
      patch_p99_ms: interval.p99,
      patch_max_ms: interval.max,
    });
    this.actionsAtLastTick = this.actionsSent;
  }

  /** Bytes, client-minutes and the per-client rates. */
  bytes(now = Date.now()) {
    let bytesIn = 0;
    let bytesOut = 0;
    let framedIn = 0;
    let framedOut = 0;
    let framesIn = 0;
    let framesOut = 0;
    let clientMs = 0;
    for (const c of this.connections) {
      bytesIn += c.meter.bytesIn;
      bytesOut += c.meter.bytesOut;
      framedIn += c.meter.framedIn;
      framedOut += c.meter.framedOut;
      framesIn += c.meter.framesIn;
      framesOut += c.meter.framesOut;
      clientMs += (c.closedAt ?? now) - c.openedAt;
    }
    const clientMinutes = clientMs / 60_000;
    const perMinute = (n: number) => (clientMinutes > 0 ? Math.round(n / clientMinutes) : 0);
    const mean = (values: number[]) => (values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length));
    return {
      method:
        "every WebSocket frame of each room connection, counted by wrapping the SDK connection's onmessage/send (loadtest/wire-meter.ts); " +
        "payload = Colyseus-encoded bytes, framed = payload + WebSocket frame headers (no permessage-deflate); matchmaking HTTP not included",
      client_minutes: Math.round(clientMinutes * 100) / 100,
      in_total: bytesIn,
      out_total: bytesOut,
      frames_in: framesIn,
      frames_out: framesOut,
      in_per_client_per_minute: perMinute(bytesIn),
      out_per_client_per_minute: perMinute(bytesOut),
      framed_in_per_client_per_minute: perMinute(framedIn),
      framed_out_per_client_per_minute: perMinute(framedOut),
      in_per_client_per_completed_game: {
        liap_tui: mean(this.perGameClientBytesIn.liap_tui),
        card_battle: mean(this.perGameClientBytesIn.card_battle),
      },
    };
  }

  /** Latencies by action kind. */
  kinds(): Record<string, KindFigures> {
    const out: Record<string, KindFigures> = {};
    for (const [kind, k] of [...this.byKind.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      out[kind] = { sent: k.sent, ack_ms: k.ack.summary(), patch_ms: k.patch.summary() };
    }
    return out;
  }

  private kind(kind: string) {
    let entry = this.byKind.get(kind);
    if (entry === undefined) {
      entry = { sent: 0, ack: new Samples(), patch: new Samples() };
      this.byKind.set(kind, entry);
    }
    return entry;
  }
}
