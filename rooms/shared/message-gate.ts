/**
 * The one gate every client message of a game room passes: counted in the
 * metrics, rate-limited (4001, and a disconnect for sustained flooding),
 * validated (`validation_error`), optionally checked by the room, then
 * handled; an exception in a handler goes to the room's fault handler.
 * Unknown events get error 3001. Nothing here disconnects a client for bad
 * input.
 */
import type { Client } from "@colyseus/core";
import type { z } from "zod";
import type { Logger } from "../../src/logger.js";
import type { Metrics } from "../../src/metrics.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { Messenger } from "./messenger.js";
import type { RateLimiter } from "./rate-limiter.js";
import { validatePayload } from "./validation.js";

/** The part of a Colyseus room the gate registers handlers on. */
export interface GateRoom<C extends Client> {
  onMessage(type: string, handler: (client: C, payload: unknown) => void): unknown;
}

/** What the gate needs from its room. */
export interface GateOptions<C extends Client> {
  game: string;
  messenger: Messenger;
  metrics: Metrics;
  logger: Logger;
  /** The client's own rate limiter (undefined before it is seated: not limited). */
  limiterOf(client: C): RateLimiter | undefined;
  /** Called with an exception thrown by a handler, after the sender was told `4002`. */
  onFault(error: Error, where: string): void;
}

/** Registers a room's message handlers behind the common checks. */
export class MessageGate<C extends Client> {
  private readonly known: string[] = [];

  constructor(
    private readonly room: GateRoom<C>,
    private readonly options: GateOptions<C>,
  ) {}

  /**
   * Handles `type` with payloads valid under `schema`. `check` may refuse a
   * valid payload (it sends its own error and returns false).
   */
  on<S extends z.ZodObject>(type: string, schema: S, handler: (client: C, data: z.infer<S>) => void, check?: (client: C, data: z.infer<S>) => boolean): void {
    this.known.push(type);
    this.room.onMessage(type, (client: C, payload: unknown) => {
      if (!this.admit(client, type)) return;
      const result = validatePayload(schema, payload);
      if (!result.ok) {
        this.options.messenger.validationError(client, result.problem.code, result.problem.message, result.problem.details);
        return;
      }
      if (check !== undefined && !check(client, result.value)) return;
      try {
        handler(client, result.value);
      } catch (error) {
        this.options.messenger.error(client, ErrorCode.SERVER_ERROR, "the server could not process this event");
        this.options.onFault(error instanceof Error ? error : new Error(String(error)), `message ${type}`);
      }
    });
  }

  /** Answers every event not registered with `on` with error 3001 (register last). */
  rejectUnknown(): void {
    this.room.onMessage("*", (client: C, type: unknown) => {
      const name = String(type);
      if (!this.admit(client, name)) return;
      this.options.messenger.error(client, ErrorCode.INVALID_MESSAGE_FORMAT, `Unknown event "${name}"`, {
        event: name,
        known_events: [...this.known],
      });
    });
  }

  /** `pong` for a `ping {client_time, sequence?}` (seed 003 heartbeat; `server_time` in ms like `client_time`). */
  pong(client: C, data: { client_time: number; sequence?: number }): void {
    const now = Date.now();
    this.options.messenger.toClient(client, "pong", {
      client_time: data.client_time,
      server_time: now,
      latency: Math.max(0, now - data.client_time),
      ...(data.sequence !== undefined ? { sequence: data.sequence } : {}),
    });
  }

  /** Counts the message and applies the client's rate limit; a flooding client is disconnected (close code 4001). */
  private admit(client: C, type: string): boolean {
    this.options.metrics.messagesIn.inc({ game: this.options.game, type: this.known.includes(type) ? type : "unknown" });
    const decision = this.options.limiterOf(client)?.take() ?? "allow";
    if (decision === "allow") return true;
    if (decision === "flood") {
      this.options.logger.warn({ session_id: client.sessionId }, "disconnecting a flooding client");
      client.leave(4001, "RATE_LIMITED");
      return false;
    }
    this.options.messenger.error(client, ErrorCode.RATE_LIMITED, "Too many messages: slow down", { event: type });
    return false;
  }
}
