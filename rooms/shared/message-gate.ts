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
import type { MessageRoute, MessageRoutes } from "./message-routes.js";

/** The part of a Colyseus room the gate registers its handler on. */
export interface GateRoom<C extends Client> {
  onMessage(type: "*", handler: (client: C, type: unknown, payload: unknown) => void): unknown;
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

/**
 * A room's gate over its class's message table (message-routes.ts). It is
 * the room's one Colyseus message handler (`*`: every type that no other
 * handler, such as chat's, takes). Game messages are sent, not requested: a
 * Colyseus request (`room.request`) of a game message gets Colyseus's own
 * `no_handler` error reply and nothing runs.
 */
export class MessageGate<R, C extends Client> {
  constructor(
    private readonly room: R & GateRoom<C>,
    private readonly routes: MessageRoutes<R, C>,
    private readonly options: GateOptions<C>,
  ) {}

  /** Starts handling the room's messages (call once, in onCreate; a type with its own Colyseus handler, such as chat's, goes there instead, whatever the order). */
  open(): void {
    refuseUndecodableFrames(this.room, (client) =>
      this.guard(client as C, "undecodable", () => {
        if (!this.admit(client as C, "undecodable")) return;
        this.options.messenger.validationError(client, ErrorCode.INVALID_MESSAGE_FORMAT, "message could not be decoded (not a valid event frame)", {});
      }),
    );
    this.room.onMessage("*", (client: C, type: unknown, payload: unknown) => {
      // a message whose type is "*" itself reaches this handler as (client, payload, context): its payload is no type
      if (isDispatchContext(payload)) return this.unknown(client, "*");
      const route = this.routes.get(type);
      if (route === undefined) this.unknown(client, type);
      else this.handle(client, type as string, route, payload);
    });
  }

  /** A routed message: counted, rate-limited, refused from a spectator unless spectators may send it, validated, checked, handled. */
  private handle(client: C, type: string, route: MessageRoute<R, C>, payload: unknown): void {
    this.guard(client, type, () => {
      if (!this.admit(client, type)) return;
      if (isSpectatorClient(client) && !SPECTATOR_MESSAGES.has(type)) {
        const refusal = spectatorRefusal(type);
        this.options.messenger.error(client, refusal.code, refusal.message, refusal.details);
        return;
      }
      const result = validatePayload(route.schema, payload);
      if (!result.ok) {
        this.options.messenger.validationError(client, result.problem.code, result.problem.message, result.problem.details);
        return;
      }
      if (route.check !== undefined && !route.check(this.room, client, result.value)) return;
      route.handle(this.room, client, result.value);
    });
  }

  /** An event nobody handles: error 3001, naming the known ones. */
  private unknown(client: C, type: unknown): void {
    this.guard(client, "unknown", () => {
      // a type is a string or a number on the wire; anything else is named, never converted
      const name = typeof type === "string" || typeof type === "number" ? String(type).slice(0, MAX_ECHOED_NAME) : "(not an event name)";
      if (!this.admit(client, name)) return;
      this.options.messenger.error(client, ErrorCode.INVALID_MESSAGE_FORMAT, `Unknown event "${name}"`, {
        event: name,
        known_events: this.routes.types(),
      });
    });
  }

  /** The types this room handles, and their payload schemas (the protocol reference test reads them). */
  schemas(): Map<string, z.ZodObject> {
    return this.routes.schemas();
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

  /** Counts the message and applies the client's rate limit; a flooding client is disconnected (close code 4001). */
  private admit(client: C, type: string): boolean {
    this.options.metrics.messagesIn.count(this.options.game, this.routes.has(type) ? type : "unknown");
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

/** Colyseus's dispatch context (it has functions, which no decoded payload can have: msgpack carries none). */
function isDispatchContext(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { reject?: unknown }).reject === "function";
}

/** `pong` for a `ping {client_time, sequence?}` (seed 003 heartbeat; `server_time` in ms like `client_time`). */
export function pong(messenger: Messenger, client: Client, data: { client_time: number; sequence?: number }): void {
  const now = Date.now();
  messenger.toClient(client, "pong", {
    client_time: data.client_time,
    server_time: now,
    latency: Math.max(0, now - data.client_time),
    ...(data.sequence !== undefined ? { sequence: data.sequence } : {}),
  });
}
