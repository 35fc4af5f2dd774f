/**
 * Helpers for `card_battle` room tests: managed room specs, player JWTs, real
 * SDK players that check after every patch (by player id) that they never
 * decoded another player's hand, and a simple autoplayer that acts through
 * messages only.
 */
import { Client, type Room } from "@colyseus/sdk";
import { matchMaker } from "@colyseus/core";
import { SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { createManagedRoom, type ManagedSpec } from "../../src/services/managed-spec.js";
import { SdkPlayer } from "./sdk-player.js";

/** A managed spec as the internal API would build it, with test defaults. */
export function cardBattleSpec(playerIds: string[], overrides: Partial<ManagedSpec> = {}): ManagedSpec {
  return {
    roomId: `cb-${randomUUID()}`,
    gameRules: "simple_card_battle",
    playerIds,
    names: {},
    config: { player_count: playerIds.length, game_rules: "simple_card_battle", game_over_linger: 1 },
    joinTimeoutMs: 30_000,
    ...overrides,
  };
}

/** Creates a managed room in this process, as the internal API does. */
export async function createCardBattleRoom(spec: ManagedSpec): Promise<string> {
  const room = await createManagedRoom("card_battle", spec);
  return room.roomId;
}

/** Signs an HS256 player token whose subject is the player id. */
export function playerToken(secret: string, playerId: string, options: { name?: string; expiresAt?: number | string } = {}): Promise<string> {
  return new SignJWT(options.name === undefined ? {} : { name: options.name })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(playerId)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? "1h")
    .sign(new TextEncoder().encode(secret));
}

type CardLike = { id: string };
type PlayerLike = {
  id: string;
  hand_size: number;
  eliminated: boolean;
  connected: boolean;
  hp: number;
  hand?: { length: number; map<T>(fn: (c: CardLike) => T): T[] };
};

/** One player's SDK connection to a card battle room. */
export class CardBattlePlayer {
  /** Every time this client decoded a hand that is not its own. */
  readonly leaks: string[] = [];

  private constructor(
    readonly playerId: string,
    readonly sdk: SdkPlayer,
    readonly token: string,
  ) {}

  /** Joins a room by id with a player token; `position` is the player's seat (for SdkPlayer's own privacy check). */
  static async join(url: string, roomId: string, playerId: string, token: string, position: number, options: Record<string, unknown> = {}): Promise<CardBattlePlayer> {
    const client = new Client(url);
    client.auth.token = token;
    const room = await client.joinById(roomId, options);
    // set synchronously, before the first state message can be decoded
    const sdk = new SdkPlayer(client, room);
    sdk.position = position;
    const player = new CardBattlePlayer(playerId, sdk, token);
    player.watch(room);
    return player;
  }

  /** Listens on a new SDK room object after a manual reconnection. */
  reattach(room: Room): void {
    this.sdk.attach(room);
    this.watch(room);
  }

  /** The decoded players, in seat order. */
  players(): PlayerLike[] {
    const players = (this.sdk.room.state as { players?: Iterable<PlayerLike> } | undefined)?.players;
    return players === undefined ? [] : [...players];
  }

  /** This player's decoded seat. */
  me(): PlayerLike | undefined {
    return this.players().find((p) => p.id === this.playerId);
  }

  /** Card ids of this player's own hand in the decoded state. */
  stateHand(): string[] {
    return this.me()?.hand?.map((c) => c.id) ?? [];
  }

  /** Card ids of the last `hand_updated` this client received. */
  lastHand(): string[] {
    const updates = this.sdk.all("hand_updated");
    const last = updates[updates.length - 1];
    return last === undefined ? [] : (last.data.cards as CardLike[]).map((c) => c.id);
  }

  private watch(room: Room): void {
    room.onStateChange(() => {
      for (const player of this.players()) {
        if (player.id !== this.playerId && player.hand !== undefined && player.hand.length > 0) {
          this.leaks.push(`${this.playerId} decoded ${player.id}'s hand: ${player.hand.map((c) => c.id).join(",")}`);
        }
      }
    });
  }
}

/**
 * Makes a player act by itself on each of its turns: it plays the first card
 * of its latest `hand_updated` against the first alive opponent, or passes
 * with an empty hand. It waits for the turn's `hand_updated` when the synced
 * hand size says one is coming (the turn's draw), and retries a move the rate
 * limit refused. `stop()` ends it.
 */
export function autoplay(player: CardBattlePlayer, opts: { pass?: boolean } = {}): { stop(): void } {
  let stopped = false;
  let hand: string[] = [];
  let turn: number | null = null;
  let actedOn: number | null = null;
  const act = () => {
    if (stopped || turn === null || actedOn === turn) return;
    const me = player.me();
    if (me !== undefined && me.hand_size !== hand.length) return;
    actedOn = turn;
    const target = player.players().find((p) => p.id !== player.playerId && !p.eliminated)?.id;
    if (opts.pass === true || hand.length === 0) player.sdk.send("pass", {});
    else player.sdk.send("play_card", { card_id: hand[0], ...(target === undefined ? {} : { target_id: target }) });
  };
  const handle = (type: string, data: Record<string, unknown>) => {
    if (type === "hand_updated") {
      hand = (data.cards as CardLike[]).map((c) => c.id);
      act();
    } else if (type === "turn_started") {
      turn = data.player_id === player.playerId ? Number(data.turn_number) : null;
      act();
    } else if (type === "game_over") {
      turn = null;
    } else if (type === "error" && data.code === "4001") {
      // faster than the rate limit allows: try the same turn again a little later
      actedOn = null;
      setTimeout(act, 150);
    }
  };
  for (const m of player.sdk.messages) handle(m.type, m.payload.data);
  player.sdk.onEachMessage((type, payload) => handle(type, payload.data));
  return {
    stop() {
      stopped = true;
    },
  };
}
