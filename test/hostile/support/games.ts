/**
 * Setting up the fuzzed rooms and the rooms playing beside them, for both
 * games, on a real server: Liap Tui rooms created by JWT clients (an
 * "anchor" host who must move next and never does, three fuzzing seats) and
 * managed card battle rooms created through the internal API (the anchor is
 * the first player). While the anchor waits (10-minute timers) nothing in
 * the room may change, so any change comes from a fuzzed message.
 */
import { randomUUID } from "node:crypto";
import { applyAction, awaiting, createGame } from "../../../src/games/liap-tui/index.js";
import { parseRoomSettings } from "../../../rooms/liap-tui/options.js";
import { namedPayload } from "../../../rooms/liap-tui/messages.js";
import { emptyPayload } from "../../../rooms/card-battle/messages.js";
import { autoplay as autoplayLiap } from "../../support/liap-autoplay.js";
import { autoplay as autoplayCards, CardBattlePlayer, playerToken } from "../../support/card-battle-client.js";
import { SdkPlayer } from "../../support/sdk-player.js";
import { INTERNAL_KEY, JWT_SECRET, type HostileServer } from "./hostile-server.js";
import type { GameProfile } from "./room-fuzzer.js";

const WAIT_LONG = { redeal_timeout: 600, declaration_timeout: 600, play_timeout: 600, round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0 };
const FAST_LIAP = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 1 };

export const LIAP_PROFILE: GameProfile = {
  game: "liap_tui",
  templates: {
    start_game: { player_name: "Fuzzer" },
    declare: { player_name: "Fuzzer", declaration: 3 },
    play: { player_name: "Fuzzer", piece_ids: ["p1", "p2"] },
    accept_redeal: { player_name: "Fuzzer" },
    decline_redeal: { player_name: "Fuzzer" },
    add_bot: { player_name: "Fuzzer", position: 1 },
    remove_player: { player_name: "Fuzzer", position: 0 },
    leave_room: { player_name: "Fuzzer" },
    ping: { client_time: 1_700_000_000_000, sequence: 7 },
    sync_request: { last_sequence: 0, client_state_hash: "abc123" },
    version_info: { client_version: "1.0.0", supported_versions: ["1.0.0", "0.9.0"], minimum_version: "0.9.0" },
  },
  successAnswers: ["pong", "sync_response", "version_accepted"],
  // a seat that is not to move can still leave the room: a valid leave_room is no fuzz input
  changesGame: (type, payload) => type === "leave_room" && namedPayload.safeParse(payload ?? {}).success,
};

export const CARD_PROFILE: GameProfile = {
  game: "card_battle",
  templates: {
    play_card: { card_id: "c30", target_id: "fuzz-anchor" },
    pass: {},
    surrender: {},
    ping: { client_time: 1_700_000_000_000 },
    sync_request: { last_sequence: 0 },
  },
  successAnswers: ["pong", "sync_response"],
  // a surrender is valid out of turn
  changesGame: (type, payload) => type === "surrender" && emptyPayload.safeParse(payload ?? {}).success,
};

/** A fuzzed room: its anchor and the fuzzing seats. */
export interface FuzzRoom {
  roomId: string;
  anchor: SdkPlayer;
  fuzzers: SdkPlayer[];
}

/** Liap Tui seeds whose first decision belongs to seat 0 alone (the anchor), found with the pure rules. */
export function anchorSeeds(prefix: string, count: number): string[] {
  const rules = parseRoomSettings({}).rules;
  const seeds: string[] = [];
  for (let i = 0; seeds.length < count && i < 10_000; i++) {
    const seed = `${prefix}-${i}`;
    let game = createGame({ seed, options: rules });
    for (let next = awaiting(game); next.kind === "advance"; next = awaiting(game)) {
      const result = applyAction(game, { type: "advance" });
      if (!result.ok) throw new Error(`advance refused for seed ${seed}`);
      game = result.state;
    }
    const next = awaiting(game);
    if (next.kind === "actors" && next.seats.length === 1 && next.seats[0] === 0) seeds.push(seed);
  }
  return seeds;
}

/** A Liap Tui room waiting for its anchor (seat 0) to move, with three fuzzing seats. */
export async function liapFuzzRoom(server: HostileServer, seed: string, index: number): Promise<FuzzRoom> {
  const token = (id: string) => playerToken(JWT_SECRET, id);
  const anchor = await SdkPlayer.create(server.wsUrl, "liap_tui", { player_name: "Anchor", protocol: "seed003", options: { ...WAIT_LONG, seed } }, await token(`liap-anchor-${index}`));
  await anchor.waitFor("room_joined");
  const fuzzers: SdkPlayer[] = [];
  for (let i = 1; i <= 3; i++) {
    const fuzzer = await SdkPlayer.join(server.wsUrl, anchor.room.roomId, { player_name: `Fuzzer${i}`, protocol: i === 1 ? "native" : "seed003" }, await token(`liap-fuzzer-${index}-${i}`));
    await fuzzer.waitFor("room_joined");
    fuzzers.push(fuzzer);
  }
  anchor.send("start_game", {});
  await anchor.waitFor("phase_change", (d) => {
    const data = (d as { phase_data?: { current_declarer?: string; pending_decisions?: string[] } }).phase_data;
    return data?.current_declarer === "Anchor" || (data?.pending_decisions?.length === 1 && data.pending_decisions[0] === "Anchor");
  });
  await settle(fuzzers.concat(anchor));
  return { roomId: anchor.room.roomId, anchor, fuzzers };
}

/** A managed card battle room (internal API) whose first player, the anchor, never moves. */
export async function cardFuzzRoom(server: HostileServer, index: number): Promise<FuzzRoom> {
  const roomId = `fuzz-cb-${index}-${randomUUID().slice(0, 8)}`;
  const ids = [`cb-anchor-${index}`, `cb-fuzzer-${index}-1`, `cb-fuzzer-${index}-2`, `cb-fuzzer-${index}-3`];
  await createManaged(server, roomId, ids, { turn_time_limit: 3600 });
  const players: CardBattlePlayer[] = [];
  for (const [position, id] of ids.entries()) {
    const player = await CardBattlePlayer.join(server.wsUrl, roomId, id, await playerToken(JWT_SECRET, id), position);
    players.push(player);
  }
  await Promise.all(players.map((p) => p.sdk.waitFor("turn_started", (d) => d.player_id === ids[0])));
  await settle(players.map((p) => p.sdk));
  return { roomId, anchor: players[0]!.sdk, fuzzers: players.slice(1).map((p) => p.sdk) };
}

async function createManaged(server: HostileServer, roomId: string, ids: string[], config: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/internal/rooms/create`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Internal-Api-Key": INTERNAL_KEY },
    body: JSON.stringify({ room_id: roomId, game_type_id: randomUUID(), player_ids: ids, config: { player_count: ids.length, game_rules: "simple_card_battle", game_over_linger: 1, ...config } }),
  });
  if (res.status !== 200) throw new Error(`internal create of ${roomId}: ${res.status} ${await res.text()}`);
}

/** Waits until no new message arrived for a moment (the room's opening events are all in). */
async function settle(players: SdkPlayer[]): Promise<void> {
  let last = -1;
  for (;;) {
    const count = players.reduce((n, p) => n + p.messages.length + p.patches, 0);
    if (count === last) return;
    last = count;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** One game played to its end beside the fuzzing: Liap Tui (one JWT human, three bots) or a 2-player card battle. */
export async function playLiapBeside(server: HostileServer, index: number): Promise<void> {
  const human = await SdkPlayer.create(server.wsUrl, "liap_tui", { player_name: "Beside", options: FAST_LIAP }, await playerToken(JWT_SECRET, `beside-liap-${index}`));
  try {
    await human.waitFor("room_joined");
    autoplayLiap(human);
    for (let i = 0; i < 3; i++) human.send("add_bot", {});
    await human.waitFor("player_joined", () => human.all("player_joined").filter((p) => p.data.is_bot === true).length >= 3, 10_000);
    human.send("start_game", {});
    await human.waitFor("game_over", () => true, 60_000);
    const closed = human.all("room_closed");
    if (closed.length > 0) throw new Error(`beside liap room ${human.room.roomId} closed: ${JSON.stringify(closed[0]!.data)}`);
  } finally {
    await human.leave();
  }
}

export async function playCardsBeside(server: HostileServer, index: number): Promise<void> {
  const roomId = `beside-cb-${index}-${randomUUID().slice(0, 8)}`;
  const ids = [`beside-a-${index}`, `beside-b-${index}`];
  await createManaged(server, roomId, ids, { turn_time_limit: 30, max_hp: 8 });
  const players: CardBattlePlayer[] = [];
  try {
    for (const [position, id] of ids.entries()) {
      const player = await CardBattlePlayer.join(server.wsUrl, roomId, id, await playerToken(JWT_SECRET, id), position);
      players.push(player);
      autoplayCards(player);
    }
    await Promise.all(players.map((p) => p.sdk.waitFor("game_over", () => true, 60_000)));
    const until = Date.now() + 10_000;
    while (!server.platform.requests.some((r) => r.method === "PUT" && r.path.endsWith(`/${roomId}/finished`))) {
      if (Date.now() > until) throw new Error(`beside card room ${roomId}: no finished callback`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(players.map((p) => p.sdk.leave()));
  }
}
