/**
 * The yardstick: a stock minimal Colyseus 0.18 room, as the framework's docs
 * would write it. Four clients; one message in (`act {n}`) changes one schema
 * field (the sender's `value`) and the patch goes out at once with
 * `broadcastPatch()`. Registered only by the bench server
 * (loadtest/bench/bench-server.ts), never among the production rooms.
 *
 * It shares the game rooms' settings that shape the cost of a patch: the same
 * transport and process, `patchRate` 1000 ms (the game rooms' value: turn-based
 * rooms patch right after an action, not on a fast clock) and a message-rate
 * ceiling.
 */
import { Room, type Client } from "@colyseus/core";
import { MapSchema, Schema, type } from "@colyseus/schema";

export class StockPlayer extends Schema {
  @type("uint32") value = 0;
}

export class StockState extends Schema {
  @type({ map: StockPlayer }) players = new MapSchema<StockPlayer>();
}

/** Room name of the stock room in the bench server. */
export const STOCK_ROOM_NAME = "bench_stock";

export class StockRoom extends Room<{ state: StockState }> {
  override maxClients = 4;
  override patchRate = 1000;
  override state = new StockState();

  override onCreate(): void {
    this.maxMessagesPerSecond = 60;
    this.onMessage("act", (client: Client, message: unknown) => {
      const player = this.state.players.get(client.sessionId);
      const n = (message as { n?: unknown } | null)?.n;
      if (player === undefined || typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 0xffffffff) return;
      player.value = n;
      this.broadcastPatch();
    });
  }

  override onJoin(client: Client): void {
    this.state.players.set(client.sessionId, new StockPlayer());
  }

  override onLeave(client: Client): void {
    this.state.players.delete(client.sessionId);
  }
}
