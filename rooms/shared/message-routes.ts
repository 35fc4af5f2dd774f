/**
 * A room class's message table: for each message type, its payload schema,
 * its handler and an optional check, built once per class at module load
 * and shared by every room of the class. The handlers take the room as an
 * argument instead of closing over it, so a room keeps no handler objects of
 * its own: the gate (message-gate.ts) registers one Colyseus handler per room
 * and looks the type up here. (Registered per type and per room, the handlers
 * and Colyseus's wrappers of them took about 8 KB of heap per room.)
 */
import type { Client } from "@colyseus/core";
import type { z } from "zod";

/** How one message type is handled, for any room `R` of the class. */
export interface MessageRoute<R, C extends Client> {
  readonly schema: z.ZodObject;
  handle(room: R, client: C, data: unknown): void;
  /** May refuse a valid payload (it sends its own error and returns false). */
  check?(room: R, client: C, data: unknown): boolean;
}

export class MessageRoutes<R, C extends Client> {
  private readonly routes = new Map<string, MessageRoute<R, C>>();

  /** Handles `type` with payloads valid under `schema`; `check` may refuse a valid payload. */
  on<S extends z.ZodObject>(
    type: string,
    schema: S,
    handle: (room: R, client: C, data: z.infer<S>) => void,
    check?: (room: R, client: C, data: z.infer<S>) => boolean,
  ): this {
    if (this.routes.has(type)) throw new Error(`message type "${type}" is routed twice`);
    this.routes.set(type, { schema, handle, check } as MessageRoute<R, C>);
    return this;
  }

  /** The route of a received type (any value a client sent as the type), if there is one. */
  get(type: unknown): MessageRoute<R, C> | undefined {
    return typeof type === "string" ? this.routes.get(type) : undefined;
  }

  has(type: string): boolean {
    return this.routes.has(type);
  }

  /** The routed types, in the order they were added (named in the answer to an unknown event). */
  types(): string[] {
    return [...this.routes.keys()];
  }

  /** Each routed type's payload schema (the protocol reference test reads them). */
  schemas(): Map<string, z.ZodObject> {
    return new Map([...this.routes].map(([type, route]) => [type, route.schema]));
  }
}
