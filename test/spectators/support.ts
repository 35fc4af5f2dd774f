/**
 * Drivers of the spectator tests: a spectator that records everything it
 * decodes and receives, and complete seeded bot games of both games with
 * spectators attached (Liap Tui: a JWT host playing by itself plus three
 * server bots; card battle: a managed room of 2–4 SDK players playing by
 * themselves), each checked against the rules engine's replay of the stored
 * result.
 */
import { Client, CloseCode } from "@colyseus/sdk";
import { getGameResult } from "../../src/db/results.js";
import type { Database } from "../../src/db/database.js";
import { autoplay as autoplayCards, CardBattlePlayer, cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { autoplay as autoplayLiap } from "../support/liap-autoplay.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { cardLeaks, liapLeaks, type Observation } from "./hidden-hands.js";
import { cardLedger, dealKey, liapLedger } from "./ledger.js";

/** No pauses, no move timers, instant bots. */
export const QUIET_LIAP = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, redeal_timeout: 0, declaration_timeout: 0, play_timeout: 0, game_over_linger: 1 };

type Decoded = { phase?: string; toJSON(): unknown };

/** A spectator's SDK connection: every decoded state (after each patch) and every event, in order. */
export class Spectator {
  readonly observations: Observation[] = [];
  reconnections = 0;

  private constructor(readonly sdk: SdkPlayer) {
    sdk.onEachPatch(() => this.observations.push({ kind: "state", json: (sdk.room.state as Decoded).toJSON() }));
    sdk.onEachMessage((type, payload) => this.observations.push({ kind: "event", type, data: payload.data }));
  }

  /** Joins a room by id as a spectator. */
  static async join(url: string, roomId: string, options: { protocol?: "native" | "seed003"; token?: string } = {}): Promise<Spectator> {
    const joinOptions: Record<string, unknown> = { spectate: true };
    if (options.protocol !== undefined) joinOptions.protocol = options.protocol;
    return new Spectator(await SdkPlayer.join(url, roomId, joinOptions, options.token));
  }

  /** Listens on a new SDK room object after a manual reconnection. */
  reattach(room: SdkPlayer["room"]): void {
    this.sdk.attach(room);
  }

  /** The decoded phase. */
  get phase(): string | undefined {
    return (this.sdk.room.state as Decoded | undefined)?.phase;
  }

  /** Waits until the decoded phase is one of `phases`. */
  async untilPhase(phases: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!phases.includes(this.phase ?? "")) {
      if (Date.now() > deadline) throw new Error(`spectator of ${this.sdk.room.roomId}: phase ${this.phase}, not ${phases.join("/")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Drops the connection (as a lost network would) and comes back with the
   * reconnection token and its JWT; resolves once the room has welcomed it back.
   */
  async dropAndReconnect(wsUrl: string, token: string | undefined, welcome: "reconnected" | "connected"): Promise<void> {
    const reconnectionToken = this.sdk.room.reconnectionToken;
    const before = this.sdk.messages.length;
    this.sdk.room.reconnection.enabled = false;
    this.sdk.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
    // the server notices the drop and keeps the spectator's place for the reconnection window
    await new Promise((r) => setTimeout(r, 300));
    const client = new Client(wsUrl);
    if (token !== undefined) client.auth.token = token;
    this.reattach(await client.reconnect(reconnectionToken));
    await this.sdk.waitFor(welcome, () => true, 10_000, before);
    this.reconnections++;
  }

  /** Asks for everything since the start (`sync_request {last_sequence: 0}`) and waits for the answer. */
  async syncFromStart(): Promise<void> {
    await this.sdk.request("sync_request", { last_sequence: 0 }, ["sync_response"], 10_000);
  }

  /** Hands the SDK decoded for any seat (SdkPlayer's own check, position -1: every seat). */
  get decodedHands(): string[] {
    return this.sdk.leaks;
  }
}

/** A finished, checked game. */
export interface CheckedGame {
  roomId: string;
  /** Hidden pieces the spectators saw, with where (empty when the rule holds). */
  spectatorLeaks: string[];
  /** Problems with the seats' own views (empty when they are as before). */
  seatProblems: string[];
  events: number;
  states: number;
  /** Spectators that dropped and came back during the game. */
  reconnections: number;
}

/** The checked game with what its spectators received counted. */
function checkedGame(roomId: string, spectatorLeaks: string[], seatProblems: string[], spectators: readonly Spectator[]): CheckedGame {
  return {
    roomId,
    spectatorLeaks,
    seatProblems,
    events: spectators.reduce((n, s) => n + s.observations.filter((o) => o.kind === "event").length, 0),
    states: spectators.reduce((n, s) => n + s.observations.filter((o) => o.kind === "state").length, 0),
    reconnections: spectators.reduce((n, s) => n + s.reconnections, 0),
  };
}

/** Polls the stored result of a room (written right after game_over). */
async function storedResult(db: Database, roomId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await getGameResult(db, roomId);
    if (row !== undefined) return { seed: row.seed, options: row.options, actions: row.actions };
    if (Date.now() > deadline) throw new Error(`no stored result for ${roomId}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function leaveAll(clients: Array<SdkPlayer | undefined>): Promise<void> {
  await Promise.all(clients.map((c) => c?.leave()));
}

/**
 * One seeded Liap Tui game: a JWT host (playing by itself) and three server
 * bots; a native spectator joins before the start and a seed003 one just
 * after it (the room is then locked). Both ask for a full sync at the end.
 */
export async function liapGame(env: { wsUrl: string; db: Database; secret: string }, index: number): Promise<CheckedGame> {
  const { wsUrl, db, secret } = env;
  const hostProfile = index % 2 === 0 ? "native" : "seed003";
  const options = { ...QUIET_LIAP, max_rounds: 1 + (index % 2), seed: `spectated-liap-${index}` };
  const host = await SdkPlayer.create(wsUrl, "liap_tui", { player_name: "Host", protocol: hostProfile, options }, await playerToken(secret, `liap-host-${index}`));
  const spectators: Spectator[] = [];
  try {
    await host.waitFor("room_joined");
    const roomId = host.room.roomId;
    const ownHands: Array<{ deal: string; ids: string[] }> = [];
    host.onEachPatch(() => {
      const state = host.room.state as { round_number?: number; redeal_multiplier?: number };
      ownHands.push({ deal: dealKey(state.round_number ?? 0, state.redeal_multiplier ?? 0), ids: host.stateHand() });
    });
    autoplayLiap(host);
    spectators.push(await Spectator.join(wsUrl, roomId, { protocol: "native", token: await playerToken(secret, `liap-watcher-${index}-a`) }));
    for (let i = 0; i < 3; i++) await host.request("add_bot", {}, ["player_joined"]);
    host.send("start_game", {});
    await host.waitFor("phase_change");
    const lateToken = await playerToken(secret, `liap-watcher-${index}-b`);
    spectators.push(await Spectator.join(wsUrl, roomId, { protocol: "seed003", token: lateToken }));
    if (index % 4 === 1) await spectators[1]!.dropAndReconnect(wsUrl, lateToken, "reconnected");
    await host.waitFor("game_over", () => true, 30_000);
    for (const spectator of spectators) {
      await spectator.untilPhase(["GAME_OVER"]);
      await spectator.syncFromStart();
    }

    const names = new Map<string, number>();
    for (const [position, player] of [...(((host.room.state as { players?: Iterable<{ name: string }> }).players) ?? [])].entries()) names.set(player.name, position);
    const ledger = liapLedger(await storedResult(db, roomId));
    const spectatorLeaks = spectators.flatMap((s, n) => [...s.decodedHands, ...liapLeaks(s.observations, ledger, (name) => names.get(name))].map((leak) => `${roomId} spectator ${n}: ${leak}`));

    // the host still sees its own hand, whole, in every deal, and nobody else's
    const seatProblems = [...host.leaks];
    for (const [deal, hands] of ledger.dealt) {
      const dealt = [...hands[host.position]!].sort().join(",");
      const seen = ownHands.filter((h) => h.deal === deal);
      if (!seen.some((h) => [...h.ids].sort().join(",") === dealt)) seatProblems.push(`${roomId}: the host never decoded its dealt hand of deal ${deal}`);
      for (const h of seen) if (h.ids.some((id) => !hands[host.position]!.includes(id))) seatProblems.push(`${roomId}: the host decoded pieces not its own in deal ${deal}: ${h.ids.join(",")}`);
    }
    return checkedGame(roomId, spectatorLeaks, seatProblems, spectators);
  } finally {
    await leaveAll([host, ...spectators.map((s) => s.sdk)]);
  }
}

/**
 * One seeded card battle of 2–4 players (a managed room allowing
 * spectators): a spectator joins before the players (seed003 profile for odd
 * games), another once the game runs.
 */
export async function cardGame(env: { wsUrl: string; db: Database; secret: string }, index: number): Promise<CheckedGame> {
  const { wsUrl, db, secret } = env;
  const count = 2 + (index % 3);
  const ids = Array.from({ length: count }, (_, k) => `cbp-${index}-${k}`);
  const spec = cardBattleSpec(ids, {
    seed: `spectated-cards-${index}`,
    config: { player_count: count, game_rules: "simple_card_battle", game_over_linger: 1, turn_time_limit: 0, max_hp: 12, allow_spectators: true },
  });
  const roomId = await createCardBattleRoom(spec);
  const spectators: Spectator[] = [];
  const players: CardBattlePlayer[] = [];
  try {
    spectators.push(await Spectator.join(wsUrl, roomId, { protocol: index % 2 === 0 ? "native" : "seed003", token: await playerToken(secret, `cb-watcher-${index}-a`) }));
    const ownHands = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const [position, id] of ids.entries()) {
      const player = await CardBattlePlayer.join(wsUrl, roomId, id, await playerToken(secret, id), position);
      players.push(player);
      const note = () => {
        for (const card of player.stateHand()) ownHands.get(id)!.add(card);
      };
      note();
      player.sdk.onEachPatch(note);
    }
    for (const player of players) autoplayCards(player);
    const lateToken = await playerToken(secret, `cb-watcher-${index}-b`);
    spectators.push(await Spectator.join(wsUrl, roomId, { protocol: index % 2 === 0 ? "seed003" : "native", token: lateToken }));
    if (index % 4 === 1) await spectators[1]!.dropAndReconnect(wsUrl, lateToken, "connected");
    await Promise.all(players.map((p) => p.sdk.waitFor("game_over", () => true, 30_000)));
    for (const spectator of spectators) {
      await spectator.untilPhase(["FINISHED"]);
      await spectator.syncFromStart();
    }

    const ledger = cardLedger(await storedResult(db, roomId), ids);
    const spectatorLeaks = spectators.flatMap((s, n) => [...s.decodedHands, ...cardLeaks(s.observations, ledger)].map((leak) => `${roomId} spectator ${n}: ${leak}`));
    const seatProblems: string[] = [];
    for (const player of players) {
      seatProblems.push(...player.leaks, ...player.sdk.leaks);
      const held = [...ledger.held.get(player.playerId)!].sort().join(",");
      const updated = new Set(player.sdk.all("hand_updated").flatMap((m) => (m.data.cards as Array<{ id: string }>).map((c) => c.id)));
      if ([...updated].sort().join(",") !== held) seatProblems.push(`${roomId} ${player.playerId}: hand_updated showed ${[...updated].sort().join(",")}, held ${held}`);
      const decoded = [...ownHands.get(player.playerId)!].sort().join(",");
      if (decoded !== held) seatProblems.push(`${roomId} ${player.playerId}: decoded own hand ${decoded}, held ${held}`);
    }
    return checkedGame(roomId, spectatorLeaks, seatProblems, spectators);
  } finally {
    await leaveAll([...players.map((p) => p.sdk), ...spectators.map((s) => s.sdk)]);
  }
}

/** Runs `total` games, `concurrency` at a time. */
export async function runPool<T>(total: number, concurrency: number, game: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        results[index] = await game(index);
      }
    }),
  );
  return results;
}
