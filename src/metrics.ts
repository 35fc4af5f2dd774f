/**
 * Prometheus metrics of one server process, in a registry of its own (so a
 * test process can start several servers one after another). Served at
 * GET /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Something that can count the players connected to this process right now. */
export type ClientCounter = () => number;

/** The metrics this server exposes. */
/** Default prom-client metrics whose collection is linear in the process's handles or open files. */
const PER_HANDLE_METRICS = [
  "nodejs_active_handles",
  "nodejs_active_handles_total",
  "nodejs_active_requests",
  "nodejs_active_requests_total",
  "nodejs_active_resources",
  "nodejs_active_resources_total",
  "process_open_fds",
];

export class Metrics {
  readonly registry = new Registry();
  /** Live rooms by game and phase; rooms report their phase on every change. */
  private readonly roomPhases = new Map<string, { game: string; phase: string }>();
  private clientCounter: ClientCounter = () => 0;

  readonly messagesIn = messageCounter(this.registry, "game_messages_received_total", "Client messages received by rooms, by game and message type");

  readonly messagesOut = messageCounter(
    this.registry,
    "game_messages_sent_total",
    "Messages sent by rooms to clients, by game and message type (one per recipient)",
  );

  readonly callbackAttempts = new Counter({
    name: "platform_callback_attempts_total",
    help: "Callback requests sent to the matchmaking service, by callback kind and outcome",
    labelNames: ["kind", "outcome"] as const,
    registers: [this.registry],
  });

  readonly callbackFailures = new Counter({
    name: "platform_callback_failures_total",
    help: "Callbacks that failed after every attempt, by callback kind",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });

  readonly persistFailedBacklog = new Gauge({
    name: "platform_persist_failed_backlog",
    help: "Finished-game callbacks stored for redelivery and not yet acknowledged",
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(nodeName: string) {
    this.registry.setDefaultLabels({ node_name: nodeName });
    collectDefaultMetrics({ register: this.registry });
    // these walk every handle (or every open file) of the process on each scrape: at 10,000 connections
    // that is a pause of the event loop per scrape; the rooms' own client gauges count the connections
    for (const name of PER_HANDLE_METRICS) this.registry.removeSingleMetric(name);

    const phases = this.roomPhases;
    new Gauge({
      name: "game_rooms",
      help: "Rooms held by this process, by game and phase",
      labelNames: ["game", "phase"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { game, phase } of phases.values()) this.inc({ game, phase });
      },
    });

    const metrics = this;
    new Gauge({
      name: "game_connected_clients",
      help: "Clients connected to rooms of this process",
      registers: [this.registry],
      collect() {
        this.set(metrics.clientCounter());
      },
    });
  }

  /** Tells the metrics how to count connected clients. */
  countClientsWith(counter: ClientCounter): void {
    this.clientCounter = counter;
  }

  /** Records a room's current phase (call on creation and on every phase change). */
  setRoomPhase(roomId: string, game: string, phase: string): void {
    this.roomPhases.set(roomId, { game, phase });
  }

  /** Game rooms this process holds now. */
  gameRoomCount(): number {
    return this.roomPhases.size;
  }

  /** Forgets a disposed room. */
  removeRoom(roomId: string): void {
    this.roomPhases.delete(roomId);
  }
}

/**
 * Room messages counted by game and type in plain maps, and added to their
 * Prometheus counter when it is read (a scrape). prom-client builds a string
 * of the labels at every `inc`, and rooms count once or twice per message
 * they send or receive. The games and types are the rooms' own names (an
 * unknown type is counted as "unknown"), so the maps stay small.
 */
export class MessageTally {
  private readonly pending = new Map<string, Map<string, number>>();

  /** Counts `n` messages of `type` in `game`. */
  count(game: string, type: string, n = 1): void {
    let byType = this.pending.get(game);
    if (byType === undefined) this.pending.set(game, (byType = new Map()));
    byType.set(type, (byType.get(type) ?? 0) + n);
  }

  /** Adds what was counted since the last call to `counter` (the maps keep their keys, at 0). */
  flushInto(counter: Counter<"game" | "type">): void {
    for (const [game, byType] of this.pending) {
      for (const [type, n] of byType) {
        if (n === 0) continue;
        counter.inc({ game, type }, n);
        byType.set(type, 0);
      }
    }
  }
}

/** A tally whose counter, registered as `name`, takes its counts whenever it is read. */
function messageCounter(registry: Registry, name: string, help: string): MessageTally {
  const tally = new MessageTally();
  new Counter({
    name,
    help,
    labelNames: ["game", "type"] as const,
    registers: [registry],
    collect() {
      tally.flushInto(this);
    },
  });
  return tally;
}
