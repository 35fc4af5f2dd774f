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
import { ArraySchema, MapSchema, Schema, StateView, type, view } from "@colyseus/schema";

export class StockPlayer extends Schema {
  @type("uint32") value = 0;
}

export class StockState extends Schema {
  @type({ map: StockPlayer }) players = new MapSchema<StockPlayer>();
}

/** The `n` of an `act {n}` message: a uint32, or undefined for anything else. */
function actNumber(message: unknown): number | undefined {
  const n = (message as { n?: unknown } | null)?.n;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}

/** What both yardsticks share: four clients, the game rooms' patch interval and message ceiling, `act {n}` handed to `act`. */
abstract class YardstickRoom<S extends Schema> extends Room<{ state: S }> {
  override maxClients = 4;
  override patchRate = 1000;

  override onCreate(): void {
    this.maxMessagesPerSecond = 60;
    this.onMessage("act", (client: Client, message: unknown) => {
      const n = actNumber(message);
      if (n !== undefined) this.act(client, n);
    });
  }

  protected abstract act(client: Client, n: number): void;
}

/** Room name of the stock room in the bench server. */
export const STOCK_ROOM_NAME = "bench_stock";

export class StockRoom extends YardstickRoom<StockState> {
  override state = new StockState();

  protected act(client: Client, n: number): void {
    const player = this.state.players.get(client.sessionId);
    if (player === undefined) return;
    player.value = n;
    this.broadcastPatch();
  }

  override onJoin(client: Client): void {
    this.state.players.set(client.sessionId, new StockPlayer());
  }

  override onLeave(client: Client): void {
    this.state.players.delete(client.sessionId);
  }
}

/** A card of the hidden-hand yardstick. */
export class StockCard extends Schema {
  @type("uint8") rank = 0;
}

/** A player of the hidden-hand yardstick: a public value and a hand only its owner's StateView sees. */
export class StockHiddenPlayer extends Schema {
  @type("uint32") value = 0;
  @view() @type([StockCard]) hand = new ArraySchema<StockCard>();
}

export class StockHiddenState extends Schema {
  @type({ map: StockHiddenPlayer }) players = new MapSchema<StockHiddenPlayer>();
}

/** Room name of the hidden-hand yardstick in the bench server. */
export const STOCK_HIDDEN_ROOM_NAME = "bench_stock_hidden";

/** Cards in a hidden-hand yardstick player's hand (a Liap Tui hand). */
const STOCK_HAND_SIZE = 8;

/** What both hidden-hand yardsticks share: a StateView per client holding its own player, one card and the public value changed per action. */
abstract class HiddenHandRoom<S extends Schema & { players: MapSchema<P> }, P extends Schema & { value: number }> extends YardstickRoom<S> {
  protected abstract newPlayer(): P;
  protected abstract setCard(player: P, index: number, rank: number): void;

  protected act(client: Client, n: number): void {
    const player = this.state.players.get(client.sessionId);
    if (player === undefined) return;
    this.setCard(player, n % STOCK_HAND_SIZE, n & 0xff);
    player.value = n;
    this.broadcastPatch();
  }

  override onJoin(client: Client): void {
    const player = this.newPlayer();
    this.state.players.set(client.sessionId, player);
    client.view = new StateView();
    client.view.add(player);
  }

  override onLeave(client: Client): void {
    this.state.players.delete(client.sessionId);
  }
}

/**
 * The second yardstick: the stock room plus what the issue requires of every
 * card game and the stock room lacks, hidden hands through `@view()` and a
 * StateView per client. One message in changes the sender's public `value`
 * and one card of its hidden hand (the least a card move changes), then
 * `broadcastPatch()`. It runs no rules, sends no event and stores nothing:
 * the framework's cost of a hidden-information move, to read our rooms
 * against (BENCHMARKS.md). Its cards are schema objects, as card battle's are.
 */
export class StockHiddenRoom extends HiddenHandRoom<StockHiddenState, StockHiddenPlayer> {
  override state = new StockHiddenState();

  protected newPlayer(): StockHiddenPlayer {
    const player = new StockHiddenPlayer();
    for (let i = 0; i < STOCK_HAND_SIZE; i++) player.hand.push(new StockCard());
    return player;
  }

  protected setCard(player: StockHiddenPlayer, index: number, rank: number): void {
    player.hand[index]!.rank = rank;
  }
}

/** A player of the id-hand yardstick: a public value and a hand of card ids (numbers) only its owner's StateView sees. */
export class StockIdHandPlayer extends Schema {
  @type("uint32") value = 0;
  @view() @type(["uint8"]) hand = new ArraySchema<number>();
}

export class StockIdHandState extends Schema {
  @type({ map: StockIdHandPlayer }) players = new MapSchema<StockIdHandPlayer>();
}

/** Room name of the id-hand yardstick in the bench server. */
export const STOCK_ID_HAND_ROOM_NAME = "bench_stock_hidden_ids";

/**
 * The third yardstick: the hidden-hand one with the hand as a list of card
 * ids under `@view()`, the shape Liap Tui's hands have (rank, colour and
 * points come from a fixed table, so a card is one number and no schema
 * object of its own). The framework's floor for our Liap Tui room.
 */
export class StockIdHandRoom extends HiddenHandRoom<StockIdHandState, StockIdHandPlayer> {
  override state = new StockIdHandState();

  protected newPlayer(): StockIdHandPlayer {
    const player = new StockIdHandPlayer();
    for (let i = 0; i < STOCK_HAND_SIZE; i++) player.hand.push(i);
    return player;
  }

  protected setCard(player: StockIdHandPlayer, index: number, rank: number): void {
    player.hand[index] = rank;
  }
}
