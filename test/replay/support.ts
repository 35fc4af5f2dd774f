/**
 * Helpers of the replay tests: real games through real rooms played by real
 * SDK clients (each recording every message it receives), the live stream a
 * client received as a replay shows it, fetching replays over HTTP, and an
 * independent hidden-piece check that replays the stored record through the
 * pure rules and knows every seat's hand after every step.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { gameReplays, type GameReplayRow } from "../../drizzle/schema/index.js";
import type { Database } from "../../src/db/database.js";
import * as liap from "../../src/games/liap-tui/index.js";
import * as battle from "../../src/games/card-battle/index.js";
import type { LiapTuiReplayStep } from "../../src/games/liap-tui/replay-stream.js";
import type { CardBattleReplayStep } from "../../src/games/card-battle/replay-stream.js";
import { autoplay as liapAutoplay } from "../support/liap-autoplay.js";
import { autoplay as battleAutoplay, CardBattlePlayer, cardBattleSpec, createCardBattleRoom, playerToken } from "../support/card-battle-client.js";
import { SdkPlayer, type ServerEnvelope } from "../support/sdk-player.js";
import { CloseCode } from "@colyseus/sdk";

export const SECRET = "r".repeat(40);
export const INTERNAL_KEY = "replay-internal-key-0123456789";

/** Events that are not part of a game's replay: replies to one connection, and presence announcements. */
const NOT_REPLAYED = new Set([
  "connected",
  "room_joined",
  "reconnected",
  "error",
  "validation_error",
  "pong",
  "sync_response",
  "version_accepted",
  "player_joined",
  "player_left",
  "bot_activated",
  "room_closed",
]);

/** Events only their addressee receives (a spectator never). */
export const PRIVATE_EVENTS = new Set(["hand_updated", "declaration_accepted", "play_accepted"]);

/** A copy without the times: `server_time`, wherever it is (the envelope, and inside seed 003's `phase_change`). */
export function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (key !== "server_time") out[key] = withoutTimes(item);
  return out;
}

/** The game's events a client received, up to and including `game_over`, without times. */
export function liveGameStream(messages: ReadonlyArray<{ type: string; payload: ServerEnvelope }>): unknown[] {
  const out: unknown[] = [];
  for (const { type, payload } of messages) {
    if (NOT_REPLAYED.has(type)) continue;
    out.push(withoutTimes(payload));
    if (type === "game_over") break;
  }
  return out;
}

/** GET the replay; returns status and body. */
export async function fetchReplay(
  url: string,
  roomId: string,
  query: string,
  auth: { token?: string; key?: string } = {},
): Promise<{ status: number; body: { events?: ServerEnvelope[]; error?: { code: string; message: string } } & Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (auth.token !== undefined) headers.authorization = `Bearer ${auth.token}`;
  if (auth.key !== undefined) headers["x-internal-api-key"] = auth.key;
  const response = await fetch(`${url}/api/games/${encodeURIComponent(roomId)}/replay?${query}`, { headers });
  return { status: response.status, body: (await response.json()) as never };
}

/** One seat of a played game. */
export interface PlayedSeat {
  position: number;
  /** The seat's player (undefined: a bot). */
  playerId?: string;
  token?: string;
  profile: "native" | "seed003";
  client?: SdkPlayer;
  /** Set when the client's connection dropped during the game: the last sequence number it had, and that of its `reconnected` (Infinity: never back). */
  away?: { after: number; back: number };
}

/** A game played to its end. */
export interface PlayedGame {
  game: "liap_tui" | "simple_card_battle";
  roomId: string;
  seats: PlayedSeat[];
  /** A spectator that watched the whole game (someone who plays in none of these games). */
  spectator: { client: SdkPlayer; profile: PlayedSeat["profile"] };
}

/** Joins a room as a spectator before its game starts, with a JWT of its own. */
async function watch(url: string, roomId: string, index: number): Promise<PlayedGame["spectator"]> {
  const profile: PlayedSeat["profile"] = index % 2 === 0 ? "native" : "seed003";
  const token = await playerToken(SECRET, `watcher-${randomUUID()}`);
  const client = await SdkPlayer.join(url, roomId, { spectate: true, protocol: profile }, token);
  await client.waitFor("connected");
  return { client, profile };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Liap Tui game through a real room: `humans` SDK clients (the first is the
 * host), the other seats bots; some clients in the seed003 profile; in some
 * games one human never moves, so its move timer acts for it; in others one
 * human's connection drops mid-game (a bot covers the seat, which the seed003
 * clients' `game_state` shows) and comes back.
 */
export async function playLiapTui(url: string, index: number): Promise<PlayedGame> {
  const humans = 1 + (index % 4);
  const sleeper = index % 5 === 1 && humans > 1 ? humans - 1 : -1;
  const dropper = index % 6 === 2 && humans > 1 ? humans - 1 : -1;
  const seats: PlayedSeat[] = [];
  const ids = Array.from({ length: humans }, () => randomUUID());
  const tokens = await Promise.all(ids.map((id, i) => playerToken(SECRET, id, { name: `P${index}-${i}` })));
  const profile = (seat: number): PlayedSeat["profile"] => ((index + seat) % 3 === 0 ? "seed003" : "native");
  const host = await SdkPlayer.create(
    url,
    "liap_tui",
    {
      is_public: false,
      protocol: profile(0),
      options: {
        seed: `replay-${index}`,
        max_rounds: 1 + (index % 2),
        win_score: 20,
        round_start_pause: 0,
        turn_result_pause: 0,
        scoring_pause: 0,
        bot_delay_ms: 0,
        redeal_timeout: 0.05,
        // a client that never moves is covered at once; the others' timers are only a safety net
        declaration_timeout: sleeper >= 0 ? 0.05 : 1,
        play_timeout: sleeper >= 0 ? 0.05 : 1,
        game_over_linger: 1,
      },
    },
    tokens[0],
  );
  const roomId = host.room.roomId;
  const clients = [host];
  for (let i = 1; i < humans; i++) clients.push(await SdkPlayer.join(url, roomId, { protocol: profile(i) }, tokens[i]));
  await Promise.all(clients.map((c) => c.waitFor("room_joined")));
  const spectator = await watch(url, roomId, index);
  for (let i = humans; i < 4; i++) host.send("add_bot", {});
  if (humans < 4) await host.waitFor("player_joined", (d) => d.position === 3 && d.is_bot === true);
  clients.forEach((client, i) => {
    if (i === sleeper) return;
    resendRateLimited(client);
    liapAutoplay(client);
  });
  host.send("start_game", {});
  const away = dropper < 0 ? undefined : await dropAndReturn(clients[dropper]!, host);
  await host.waitFor("game_over", () => true, 60_000);
  // a client away when the game ended never received game_over
  await Promise.all(clients.map((c, i) => c.waitFor("game_over", () => true, i === dropper ? 3_000 : 60_000).catch((error: unknown) => {
    if (i !== dropper) throw error;
  })));
  for (let i = 0; i < 4; i++) {
    const at = clients.findIndex((c) => c.position === i);
    const seat: PlayedSeat = at < 0 ? { position: i, profile: "native" } : { position: i, playerId: ids[at], token: tokens[at], profile: profile(at), client: clients[at] };
    if (at >= 0 && at === dropper) seat.away = away;
    seats.push(seat);
  }
  await spectator.client.waitFor("game_over", () => true, 10_000);
  return { game: "liap_tui", roomId, seats, spectator };
}

/** With every pause at 0 the game runs at machine speed, past a seat's rate limit: a move refused with 4001 is sent again. */
function resendRateLimited(client: SdkPlayer): void {
  let last: [string, unknown] | undefined;
  const send = client.send.bind(client);
  client.send = (type: string, data?: unknown) => {
    last = [type, data];
    send(type, data);
  };
  client.onEachMessage((type, payload) => {
    if (type !== "error" || payload.data.code !== "4001" || last === undefined) return;
    const [again, data] = last;
    setTimeout(() => send(again, data), 250);
  });
}

/** Drops a client's connection once the first turn is under way, then takes the seat back with its reconnection token. */
async function dropAndReturn(client: SdkPlayer, host: SdkPlayer): Promise<{ after: number; back: number }> {
  await Promise.race([client.waitFor("phase_change", (d) => d.phase === "TURN", 60_000), host.waitFor("game_over", () => true, 60_000)]);
  const token = client.room.reconnectionToken;
  const after = client.messages.at(-1)!.payload.sequence_number;
  client.room.reconnection.enabled = false;
  client.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
  // the bot covers the seat for a while (unless the game ends first)
  const mark = host.messages.length;
  await Promise.race([
    host.waitFor("phase_change", () => true, 10_000, mark + 3).catch(() => undefined),
    host.waitFor("game_over", () => true, 60_000),
  ]);
  try {
    const room = await client.client.reconnect(token);
    client.attach(room);
    return { after, back: (await client.waitFor("reconnected", () => true, 10_000)).sequence_number };
  } catch {
    return { after, back: Number.POSITIVE_INFINITY };
  }
}

/**
 * A card battle through a real managed room: 2 to 4 SDK clients, each playing
 * by itself; in some games one never moves, so its turn timer passes for it
 * (and eliminates it after the allowed timeouts).
 */
export async function playCardBattle(url: string, index: number): Promise<PlayedGame> {
  const count = 2 + (index % 3);
  const ids = Array.from({ length: count }, () => randomUUID());
  const sleeper = index % 4 === 1 ? count - 1 : -1;
  const spec = cardBattleSpec(ids, {
    config: {
      player_count: count,
      game_rules: "simple_card_battle",
      game_over_linger: 1,
      turn_time_limit: sleeper >= 0 ? 0.05 : 0,
      max_hp: 8,
      max_consecutive_timeouts: 2,
      seed: `battle-${index}`,
      allow_spectators: true,
    },
    seed: `battle-${index}`,
  });
  const roomId = await createCardBattleRoom(spec);
  const spectator = await watch(url, roomId, index + 1);
  const profile = (seat: number): PlayedSeat["profile"] => ((index + seat) % 2 === 0 ? "seed003" : "native");
  const tokens = await Promise.all(ids.map((id, i) => playerToken(SECRET, id, { name: `B${index}-${i}` })));
  const players: CardBattlePlayer[] = [];
  for (const [i, id] of ids.entries()) {
    const player = await CardBattlePlayer.join(url, roomId, id, tokens[i]!, i, { protocol: profile(i) });
    if (i !== sleeper) battleAutoplay(player);
    players.push(player);
  }
  await Promise.all([...players.map((p) => p.sdk), spectator.client].map((c) => c.waitFor("game_over", () => true, 60_000)));
  return {
    game: "simple_card_battle",
    roomId,
    spectator,
    seats: players.map((p, i) => ({ position: i, playerId: ids[i], token: tokens[i], profile: profile(i), client: p.sdk })),
  };
}

/** Polls until the game's replay row is stored (the result is written after `game_over` went out). */
export async function storedReplay(db: Database, roomId: string): Promise<GameReplayRow> {
  for (let i = 0; i < 500; i++) {
    const [row] = await db.select().from(gameReplays).where(eq(gameReplays.roomId, roomId)).limit(1);
    if (row !== undefined) return row;
    await sleep(20);
  }
  throw new Error(`no replay stored for ${roomId}`);
}

/**
 * Every piece (card) id in `seat`'s replay that was hidden in another seat's
 * hand when the event went out (after the step that sent it), found by
 * replaying the stored record through the pure rules, independently of the
 * wire mapping.
 */
export function hiddenPiecesSeen(row: GameReplayRow, seat: number | "spectator", events: readonly ServerEnvelope[]): string[] {
  const hidden = hiddenHandsBySequence(row);
  const leaks: string[] = [];
  for (const event of events) {
    const hands = hidden(event.sequence_number);
    for (const id of idsIn(event.data)) {
      const owner = hands.findIndex((hand) => hand.has(id));
      if (owner >= 0 && owner !== seat) leaks.push(`${event.event}#${event.sequence_number} shows ${id} of seat ${owner}`);
    }
  }
  return leaks;
}

/** Every string in a value (piece and card ids are strings such as `p12` or `c40`). */
function idsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) idsIn(item, out);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) idsIn(item, out);
  return out;
}

/** For a sequence number: each seat's hand after the step that sent it. */
function hiddenHandsBySequence(row: GameReplayRow): (sequence: number) => Array<Set<string>> {
  const bounds: Array<{ first: number; hands: Array<Set<string>> }> = [];
  if (row.gameRules === "liap_tui") {
    const steps = row.steps as LiapTuiReplayStep[];
    let game = liap.createGame({ seed: row.seed, options: row.options });
    steps.forEach((step, i) => {
      if (i > 0) {
        const outcome = liap.applyAction(game, step.action!);
        if (!outcome.ok) throw new Error(`step ${i} refused`);
        game = outcome.state;
      }
      const hands = [0, 1, 2, 3].map((s) => new Set(liap.handOf(game, s as liap.Seat).map((p) => p.id)));
      bounds.push({ first: step.sequence + (step.timeoutSeconds === undefined ? 1 : 0), hands });
    });
  } else {
    const steps = row.steps as CardBattleReplayStep[];
    const playerIds = row.context.playerIds as string[];
    let game = battle.createGame({ seed: row.seed, playerIds, names: row.context.names as Record<string, string>, options: row.options });
    steps.forEach((step, i) => {
      if (i > 0) {
        const outcome = battle.applyAction(game, step.action!);
        if (!outcome.ok) throw new Error(`step ${i} refused`);
        game = outcome.state;
      }
      const hands = playerIds.map((id) => new Set((game.players.find((p) => p.id === id)?.hand ?? []).map((c) => c.id)));
      bounds.push({ first: step.sequence + 1, hands });
    });
  }
  return (sequence) => {
    let found = bounds[0]!.hands;
    for (const bound of bounds) if (bound.first <= sequence) found = bound.hands;
    return found;
  };
}
