/** The room types this server offers, by the name clients use to create or join them. */
import type { RegisteredHandler } from "@colyseus/core";

/** Every game room definition, keyed by room name. */
export function gameRooms(): Record<string, RegisteredHandler> {
  return {};
}
