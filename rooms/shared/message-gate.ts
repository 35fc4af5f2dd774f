/**
 * The one gate every client message of a game room passes: counted in the
 * metrics, rate-limited (4001, and a disconnect for sustained flooding),
 * validated (`validation_error`), optionally checked by the room, then
 * handled. Unknown events get error 3001; game actions from a spectator get
 * 1002 (`details.reason: "spectator"`). Nothing here disconnects a client
 * for bad input, and nothing a client sends can fail the room: an exception
 * anywhere while handling or answering one message (a handler, encoding a
 * reply) costs that message only — the sender gets 4002 when it can still be
 * told, the exception is logged, and the room goes on.
 */
import type { Client } from "@colyseus/core";
import type { z } from "zod";
import type { Logger } from "../../src/logger.js";
import type { Metrics } from "../../src/metrics.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import type { Messenger } from "./messenger.js";
import type { RateLimiter } from "./rate-limiter.js";
import { validatePayload } from "./validation.js";
import { refuseUndecodableFrames } from "./frame-guard.js";
import { isSpectatorClient, SPECTATOR_MESSAGES, spectatorRefusal } from "./spectators.js";

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
  /** Called after every message, handled or not (the rooms keep their clock current with it: they have no ticking interval). */
  afterMessage?(): void;
}

/** Longest event name quoted back in an error (the rest is cut). */
const MAX_ECHOED_NAME = 32;

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
    this.room.onMessage(type, (client: C, payload: unknown) =>
      this.guard(client, type, () => {
        if (!this.admit(client, type)) return;
        if (isSpectatorClient(client) && !SPECTATOR_MESSAGES.has(type)) {
          const refusal = spectatorRefusal(type);
          this.options.messenger.error(client, refusal.code, refusal.message, refusal.details);
          return;
        }
        const result = validatePayload(schema, payload);
        if (!result.ok) {
          this.options.messenger.validationError(client, result.problem.code, result.problem.message, result.problem.details);
          return;
        }
        if (check !== undefined && !check(client, result.value)) return;
        handler(client, result.value);
      }),
    );
  }

  /** Answers every event not registered with `on` with error 3001, and frames that cannot be decoded with 3001 too (register last). */
  rejectUnknown(): void {
    refuseUndecodableFrames(this.room, (client) =>
      this.guard(client as C, "undecodable", () => {
        if (!this.admit(client as C, "undecodable")) return;
        this.options.messenger.validationError(client, ErrorCode.INVALID_MESSAGE_FORMAT, "message could not be decoded (not a valid event frame)", {});
      }),
    );
    this.room.onMessage("*", (client: C, type: unknown) =>
      this.guard(client, "unknown", () => {
        // a type is a string or a number on the wire; anything else is named, never converted
        const name = typeof type === "string" || typeof type === "number" ? String(type).slice(0, MAX_ECHOED_NAME) : "(not an event name)";
        if (!this.admit(client, name)) return;
        this.options.messenger.error(client, ErrorCode.INVALID_MESSAGE_FORMAT, `Unknown event "${name}"`, {
          event: name,
          known_events: [...this.known],
        });
      }),
    );
  }

  /** Runs the handling of one message: whatever it throws costs this message only. */
  private guard(client: C, type: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.logger.error({ err: error, event: type, session_id: client.sessionId }, "handling a message failed: message dropped");
      try {
        this.options.messenger.error(client, ErrorCode.SERVER_ERROR, "the server could not process this event");
      } catch {
        // the client cannot even be told: the message is dropped all the same
      }
    } finally {
      this.options.afterMessage?.();
    }
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
    this.options.messenger.error(client, ErrorCode.RATE_LIMITED, "Too many messages: slow down", { event: type.slice(0, MAX_ECHOED_NAME) });
    return false;
  }
}
