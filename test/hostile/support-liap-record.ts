/**
 * Plays one seeded Liap Tui game through the real room (two humans driven by
 * seed-003 messages only, two bots) and returns every message each human
 * received, as JSON text with the values that differ between runs (times,
 * generated ids) replaced by placeholders. Used to pin the `seed003`
 * profile's events byte for byte.
 */
import { SdkPlayer, type ServerEnvelope } from "../support/sdk-player.js";

/** Quick, timer-free, reproducible game. */
export const RECORDED_GAME = {
  options: { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, game_over_linger: 1, redeal_timeout: 0, declaration_timeout: 0, play_timeout: 0, max_rounds: 2, seed: "seed003-fixture" },
};

const VOLATILE_NUMBERS = new Set(["server_time", "timestamp", "deadline", "game_duration"]);

/** The message with run-dependent values replaced (keys keep their order, so the JSON text stays comparable). */
export function normalize(value: unknown, ids: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, ids));
  if (typeof value === "string") return ids.get(value) ?? value;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = VOLATILE_NUMBERS.has(key) && typeof v === "number" ? 0 : normalize(v, ids);
  return out;
}

type PhaseData = { pending_decisions?: string[]; current_declarer?: string | null; current_player?: string | null; required_piece_count?: number | null };

/** Delay of a test player's declarations and plays (see `send` below). */
const MOVE_DELAY_MS = 60;

/** Plays by the seed-003 events alone (phase_change phase_data, hand_updated, 2004 errors). */
export function playBySeedEvents(player: SdkPlayer): void {
  let name = String(player.all("connected")[0]?.data.player_name ?? "");
  let hand: string[] = [];
  let lastActed = 0;
  let lastSent: [string, Record<string, unknown>] | undefined;
  const send = (type: string, data: Record<string, unknown>) => {
    lastSent = [type, data];
    // Turn moves wait a little: with every pause at 0 a fast machine plays a whole game in well under a second,
    // past the seat's rate limit (bursts of 20, then 10/s), and a refused move would add an `error` (and its
    // sequence number) the recording does not have. A declaration or play cannot be overtaken (nobody else
    // acts until it arrives), so the delay changes no event; redeal decisions, which are simultaneous, go at once.
    if (type === "play" || type === "declare") setTimeout(() => player.send(type, data), MOVE_DELAY_MS);
    else player.send(type, data);
  };
  player.onEachMessage((type: string, payload: ServerEnvelope) => {
    // with every pause at 0 the game runs at machine speed, past a seat's rate limit: a refused move is sent again
    if (type === "error" && payload.data.code === "4001" && lastSent !== undefined) {
      const [again, data] = lastSent;
      setTimeout(() => player.send(again, data), 250);
    }
    if (type === "connected") name = String(payload.data.player_name);
    if (type === "hand_updated") hand = (payload.data.pieces as Array<{ id: string }>).map((p) => p.id);
    if (type === "error" && payload.data.code === "2004") {
      const allowed = (payload.data.details?.allowed as number[] | undefined) ?? [];
      if (allowed.length > 0) player.send("declare", { declaration: allowed[allowed.length - 1] });
    }
    if (type !== "phase_change" || payload.sequence_number === lastActed) return;
    const change = payload.data as { phase: string; phase_data: PhaseData };
    const data = change.phase_data;
    if (change.phase === "PREPARATION" && data.pending_decisions?.includes(name)) {
      lastActed = payload.sequence_number;
      send("decline_redeal", {});
    } else if (change.phase === "DECLARATION" && data.current_declarer === name) {
      lastActed = payload.sequence_number;
      send("declare", { declaration: 1 });
    } else if (change.phase === "TURN" && data.current_player === name) {
      lastActed = payload.sequence_number;
      send("play", { piece_ids: hand.slice(0, data.required_piece_count ?? 1) });
    }
  });
}

/** Plays the recorded game on a server at `url`; returns each human's messages as normalized JSON lines. */
export async function recordSeed003Game(url: string, joinOptions: Record<string, unknown> = { protocol: "seed003" }): Promise<{ alice: string[]; bob: string[] }> {
  const alice = await SdkPlayer.create(url, "liap_tui", { room_name: "Fixture", player_name: "Alice", options: RECORDED_GAME.options, ...joinOptions });
  await alice.waitFor("room_joined");
  const bob = await SdkPlayer.join(url, alice.room.roomId, { player_name: "Bob", ...joinOptions });
  await bob.waitFor("room_joined");
  await alice.request("add_bot", {}, ["player_joined"]);
  await alice.request("add_bot", {}, ["player_joined"]);
  playBySeedEvents(alice);
  playBySeedEvents(bob);
  alice.send("start_game", {});
  await Promise.all([alice.waitFor("game_over", () => true, 45_000), bob.waitFor("game_over", () => true, 45_000)]);
  const ids = new Map<string, string>([
    [alice.room.roomId, "ROOM_ID"],
    [alice.room.sessionId, "ALICE_SESSION"],
    [bob.room.sessionId, "BOB_SESSION"],
  ]);
  const lines = (p: SdkPlayer) => p.messages.map((m) => JSON.stringify(normalize(m.payload, ids)));
  const out = { alice: lines(alice), bob: lines(bob) };
  await Promise.all([alice.leave(), bob.leave()]);
  return out;
}
