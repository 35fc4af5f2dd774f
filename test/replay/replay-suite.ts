/**
 * Replays (issue 12): for at least 50 recorded games of each game, played
 * through real rooms by real SDK clients, each seat's replay fetched over
 * HTTP equals the live stream that seat's client received (event for event,
 * sequence numbers included, times left out) and holds no piece of another
 * seat's hand; the spectator stream equals the public part of the live
 * streams and holds no hand at all. Then who may read which replay.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { getGameResult } from "../../src/db/results.js";
import { MAX_REPLAY_STEPS } from "../../src/replay/record.js";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { playerToken } from "../support/card-battle-client.js";
import {
  fetchReplay,
  hiddenPiecesSeen,
  INTERNAL_KEY,
  liveGameStream,
  playCardBattle,
  playLiapTui,
  PRIVATE_EVENTS,
  SECRET,
  storedReplay,
  withoutTimes,
  type PlayedGame,
} from "./support.js";

/** How many games play at once. */
const AT_ONCE = 10;

async function inBatches<T>(count: number, play: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += AT_ONCE) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(AT_ONCE, count - start) }, (_, i) => play(start + i)))));
  }
  return out;
}

/** What the compared streams held, so a suite cannot pass on empty or one-sided games. */
interface Coverage {
  seatsCompared: number;
  eventsCompared: number;
  byEvent: Map<string, number>;
  seed003Seats: number;
  /** Seats whose client dropped during the game and came back. */
  dropped: number;
  /** Live spectators whose stream was compared with the public replay. */
  spectatorsCompared: number;
}

function newCoverage(): Coverage {
  return { seatsCompared: 0, eventsCompared: 0, byEvent: new Map(), seed003Seats: 0, dropped: 0, spectatorsCompared: 0 };
}

/** Checks every seat's replay and the spectator's against what the clients received. */
async function checkReplays(server: RunningServer & { url: string }, played: PlayedGame, coverage: Coverage): Promise<void> {
  const row = await storedReplay(server.database.db, played.roomId);
  const publicParts: Partial<Record<"native" | "seed003", unknown[]>> = {};
  for (const seat of played.seats) {
    const auth = seat.token !== undefined ? { token: seat.token } : { key: INTERNAL_KEY };
    const { status, body } = await fetchReplay(server.url, played.roomId, `seat=${seat.position}&protocol=${seat.profile}`, auth);
    assert.equal(status, 200, `${played.roomId} seat ${seat.position}: ${JSON.stringify(body)}`);
    const events = body.events!;
    assert.deepEqual(hiddenPiecesSeen(row, seat.position, events), [], `${played.roomId} seat ${seat.position} sees no other seat's pieces`);
    if (seat.client === undefined) {
      assert.ok(events.every((e) => !PRIVATE_EVENTS.has(e.event)), "a bot's seat received nothing private");
      continue;
    }
    const live = liveGameStream(seat.client.messages);
    // a native Liap Tui client gets few events (the state carries the rest): one phase_change per phase, and game_over unless it was away at the end
    const names = live.map((e) => (e as { event: string }).event);
    const opening = played.game === "liap_tui" ? "phase_change" : "game_started";
    assert.ok(names.includes(opening) && (seat.away !== undefined || names.includes("game_over")), `${played.roomId} seat ${seat.position} (${seat.profile}) received the game: ${names.join(", ")}`);
    if (seat.away !== undefined) {
      // away for a while: what it received is the replay less the events sent to its seat while it was gone
      const { after, back } = seat.away;
      const received = new Set(live.map((e) => (e as { sequence_number: number }).sequence_number));
      const expected = events.filter((e) => received.has(e.sequence_number) || e.sequence_number <= after || e.sequence_number >= back);
      assert.deepEqual(expected.map(withoutTimes), live, `${played.roomId} seat ${seat.position} (${seat.profile}, away ${after}–${back}): replay = live stream outside the absence`);
      coverage.dropped++;
      continue;
    }
    assert.deepEqual(events.map(withoutTimes), live, `${played.roomId} seat ${seat.position} (${seat.profile}): replay = live stream`);
    coverage.seatsCompared++;
    coverage.eventsCompared += live.length;
    if (seat.profile === "seed003") coverage.seed003Seats++;
    for (const e of events) coverage.byEvent.set(e.event, (coverage.byEvent.get(e.event) ?? 0) + 1);
    publicParts[seat.profile] ??= live.filter((e) => !PRIVATE_EVENTS.has((e as { event: string }).event));
  }
  const reader = played.seats.find((s) => s.token !== undefined)!;
  for (const protocol of ["native", "seed003"] as const) {
    const { status, body } = await fetchReplay(server.url, played.roomId, `seat=spectator&protocol=${protocol}`, { token: reader.token });
    assert.equal(status, 200);
    const events = body.events!;
    assert.ok(events.every((e) => !PRIVATE_EVENTS.has(e.event)), "the public stream has no private event");
    assert.deepEqual(hiddenPiecesSeen(row, "spectator", events), [], `${played.roomId} spectator sees no hand`);
    const live = publicParts[protocol];
    if (live !== undefined) assert.deepEqual(events.map(withoutTimes), live, `${played.roomId} spectator (${protocol}) = the public part of a seat's live stream`);
    if (played.spectator.profile === protocol) {
      assert.deepEqual(events.map(withoutTimes), liveGameStream(played.spectator.client.messages), `${played.roomId} spectator (${protocol}) = what the live spectator received`);
      coverage.spectatorsCompared++;
    }
  }
}

function report(game: string, coverage: Coverage): void {
  if (process.env.REPLAY_REPORT === undefined) return;
  const events = [...coverage.byEvent].map(([event, n]) => `${event} ${n}`).join(", ");
  process.stdout.write(`      ${game}: ${coverage.seatsCompared} seats compared (${coverage.seed003Seats} seed003; ${coverage.dropped} more dropped mid-game), ${coverage.spectatorsCompared} live spectators, ${coverage.eventsCompared} events; ${events}\n`);
}

export function replaySuite(database: "pglite" | "postgres", games: number): void {
  describe(`replays of recorded games (${database})`, function () {
    this.timeout(300_000);
    let server: RunningServer & { url: string };
    let temp: TempDatabase | undefined;
    let liapGames: PlayedGame[] = [];
    let battleGames: PlayedGame[] = [];

    before(async () => {
      temp = database === "postgres" ? await createTempDatabase() : undefined;
      server = await startTestServer({
        JWT_SECRET: SECRET,
        INTERNAL_API_KEYS: INTERNAL_KEY,
        MAX_CONNECTIONS_PER_IP: "0",
        CLIENT_CREATES_PER_MINUTE: "1000",
        ...(temp === undefined ? {} : { DATABASE_URL: temp.url }),
      });
    });
    after(async () => {
      for (const game of [...liapGames, ...battleGames]) {
        for (const seat of game.seats) await seat.client?.leave();
        await game.spectator.client.leave();
      }
      await server?.stop();
      await temp?.drop();
    });

    it(`Liap Tui: ${games} games, each seat's replay = its live stream, no other seat's pieces`, async () => {
      liapGames = await inBatches(games, (i) => playLiapTui(server.url, i));
      const coverage = newCoverage();
      for (const game of liapGames) await checkReplays(server, game, coverage);
      report("Liap Tui", coverage);
      assert.equal(coverage.spectatorsCompared, games, "every game's live spectator was compared");
      // the games exercised what a replay must regenerate: private events, timeouts, both profiles (at the full size)
      if (games >= 20) for (const event of ["phase_change", "play_accepted", "declaration_accepted", "hand_updated", "player_timeout", "redeal_decision_accepted", "game_over"]) {
        assert.ok((coverage.byEvent.get(event) ?? 0) > 0, `some replay holds ${event}`);
      }
      assert.ok(coverage.seed003Seats > 0);
      if (games >= 20) assert.ok(coverage.dropped > 0, "some client dropped mid-game and came back");
    });

    it(`card battle: ${games} games, each seat's replay = its live stream, no other seat's cards`, async () => {
      battleGames = await inBatches(games, (i) => playCardBattle(server.url, i));
      const coverage = newCoverage();
      for (const game of battleGames) await checkReplays(server, game, coverage);
      report("card battle", coverage);
      assert.equal(coverage.spectatorsCompared, games, "every game's live spectator was compared");
      if (games >= 20) for (const event of ["game_started", "turn_started", "card_played", "hand_updated", "player_timeout", "player_eliminated", "game_over"]) {
        assert.ok((coverage.byEvent.get(event) ?? 0) > 0, `some replay holds ${event}`);
      }
      assert.ok(coverage.seed003Seats > 0);
    });

    it("who may read which replay: own seat and spectator for players, any seat for the internal key; 401, 403, 404, 400", async () => {
      for (const game of [liapGames.find((g) => g.seats.filter((s) => s.token !== undefined).length >= 2)!, battleGames[0]!]) {
        const [me, other] = game.seats.filter((s) => s.token !== undefined);
        const own = await fetchReplay(server.url, game.roomId, `seat=${me!.position}`, { token: me!.token });
        assert.equal(own.status, 200);
        assert.equal(own.body.seat, me!.position);
        assert.equal(own.body.protocol, "native");
        const theirs = await fetchReplay(server.url, game.roomId, `seat=${other!.position}`, { token: me!.token });
        assert.equal(theirs.status, 403);
        assert.equal(theirs.body.error?.code, "forbidden");
        assert.equal((await fetchReplay(server.url, game.roomId, "seat=spectator", { token: me!.token })).status, 200);
        for (const seat of game.seats) {
          assert.equal((await fetchReplay(server.url, game.roomId, `seat=${seat.position}`, { key: INTERNAL_KEY })).status, 200);
        }
        assert.equal((await fetchReplay(server.url, game.roomId, "seat=spectator", { key: INTERNAL_KEY })).status, 200);
        const stranger = await playerToken(SECRET, "someone-else");
        assert.equal((await fetchReplay(server.url, game.roomId, "seat=spectator", { token: stranger })).status, 403);
        assert.equal((await fetchReplay(server.url, game.roomId, `seat=${me!.position}`, { token: stranger })).status, 403);
        const unauthenticated = await fetchReplay(server.url, game.roomId, "seat=0");
        assert.equal(unauthenticated.status, 401);
        assert.equal(unauthenticated.body.error?.code, "unauthorized");
        assert.equal((await fetchReplay(server.url, game.roomId, "seat=0", { key: "wrong-key-0123456789" })).status, 401);
        assert.equal((await fetchReplay(server.url, game.roomId, "seat=0", { token: "not.a.jwt" })).status, 401);
        for (const bad of ["seat=7", "seat=abc", "seat=-1", "", "seat=0&protocol=xml", "seat=0&extra=1", "seat=0&seat=1"]) {
          const refused = await fetchReplay(server.url, game.roomId, bad, { key: INTERNAL_KEY });
          assert.equal(refused.status, 400, `${bad} → 400`);
          assert.equal(refused.body.error?.code, "invalid_request");
        }
      }
      const unknown = await fetchReplay(server.url, "no-such-room", "seat=0", { key: INTERNAL_KEY });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error?.code, "not_found");
      assert.equal((await fetchReplay(server.url, "bad%20id", "seat=0", { key: INTERNAL_KEY })).status, 404);
    });

    it("a player is limited to 120 replay requests a minute (429 with Retry-After); the internal key is not", async () => {
      const game = battleGames[0]!;
      const me = game.seats[0]!;
      const statuses: number[] = [];
      for (let i = 0; i < 125; i++) statuses.push((await fetchReplay(server.url, game.roomId, "seat=spectator", { token: me.token })).status);
      assert.ok(statuses.slice(0, 100).every((s) => s === 200));
      const limited = await fetch(`${server.url}/api/games/${game.roomId}/replay?seat=spectator`, { headers: { authorization: `Bearer ${me.token}` } });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get("retry-after")) >= 1);
      assert.equal(((await limited.json()) as { error: { code: string } }).error.code, "service_unavailable");
      assert.equal((await fetchReplay(server.url, game.roomId, "seat=spectator", { key: INTERNAL_KEY })).status, 200);
    });

    it("a record over the cap is not stored: the result is, and the replay answers 404 saying so", async () => {
      const roomId = `over-cap-${randomUUID()}`;
      const steps = Array.from({ length: MAX_REPLAY_STEPS + 1 }, (_, i) => ({ action: null, sequence: i, at: 0, timer: null }));
      const recorded = await server.platform.outbox.finished(roomId, {
        gameRules: "simple_card_battle",
        winnerId: null,
        winnerIds: [],
        resultData: { players: {}, turns_played: 0, duration_seconds: 0 },
        seed: "s",
        options: {},
        actions: [],
        turnsPlayed: 0,
        durationSeconds: 0,
        finishedAt: new Date(),
        replay: { seed: "s", options: {}, playerIds: ["a", "b"], context: {}, steps },
      });
      assert.equal(recorded, false, "no room row to move (the result is written all the same)");
      assert.ok((await getGameResult(server.database.db, roomId)) !== undefined, "the result is stored");
      const answer = await fetchReplay(server.url, roomId, "seat=0", { key: INTERNAL_KEY });
      assert.equal(answer.status, 404);
      assert.match(answer.body.error!.message, /no replay was stored/);
    });

    it("a practice game (one player against server bots): the player's replay = its live stream; the bots' seats are nobody's", async () => {
      const { SdkPlayer } = await import("../support/sdk-player.js");
      const token = await playerToken(SECRET, `practice-${randomUUID()}`);
      const player = await SdkPlayer.create(server.url, "card_battle_practice", { bots: 2, bot_delay_ms: 0, turn_time_limit: 0, seed: "practice-replay" }, token);
      try {
        // the player passes each of its turns (always legal): the bots win
        let me = "";
        player.onEachMessage((type, payload) => {
          if (type === "connected") me = String(payload.data.player_id);
          if (type === "turn_started" && payload.data.player_id === me) player.send("pass", {});
        });
        await player.waitFor("game_over", () => true, 60_000);
        const row = await storedReplay(server.database.db, player.room.roomId);
        assert.equal(row.gameRules, "card_battle_practice");
        assert.deepEqual(row.playerIds.slice(1), [null, null], "the bots' seats belong to nobody");
        const own = await fetchReplay(server.url, player.room.roomId, "seat=0", { token });
        assert.equal(own.status, 200);
        assert.deepEqual(own.body.events!.map(withoutTimes), liveGameStream(player.messages));
        assert.deepEqual(hiddenPiecesSeen(row, 0, own.body.events!), []);
        assert.equal((await fetchReplay(server.url, player.room.roomId, "seat=1", { token })).status, 403);
        const bot = await fetchReplay(server.url, player.room.roomId, "seat=1", { key: INTERNAL_KEY });
        assert.equal(bot.status, 200);
        assert.ok(bot.body.events!.some((e) => e.event === "hand_updated"), "the internal key reads a bot's seat, its hand included");
        assert.equal((await fetchReplay(server.url, player.room.roomId, "seat=spectator", { token })).status, 200);
      } finally {
        await player.leave();
      }
    });

    it("a game not finished yet has no replay (404)", async () => {
      const { SdkPlayer } = await import("../support/sdk-player.js");
      const token = await playerToken(SECRET, "waiting-host");
      const host = await SdkPlayer.create(server.url, "liap_tui", { options: { game_over_linger: 1 } }, token);
      try {
        await host.waitFor("room_joined");
        for (const auth of [{ key: INTERNAL_KEY }, { token }]) {
          const answer = await fetchReplay(server.url, host.room.roomId, "seat=0", auth);
          assert.equal(answer.status, 404);
          assert.equal(answer.body.error?.code, "not_found");
        }
      } finally {
        await host.leave();
      }
    });
  });
}
