/**
 * The load generator at CI size: a real server in this process, bots playing
 * complete Liap Tui and card battle games through @colyseus/sdk with JWTs,
 * and the report's figures. Also the generator's bounds (loopback only,
 * duration and client caps) and the wire-size comparison.
 */
import assert from "node:assert/strict";
import { thinkDelay } from "../../loadtest/bot.js";
import { runLoadTest } from "../../loadtest/generator.js";
import { nextFloat, seedRng } from "../../src/games/shared/prng.js";
import { HARD_LIMITS, isLoopbackHost, OptionsError, parseArgs, resolveOptions } from "../../loadtest/options.js";
import { formatSummary } from "../../loadtest/summary.js";
import { measureWireSize } from "../../loadtest/wire-size.js";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";

const SECRET = "loadtest-secret-".repeat(3);
const KEY = "loadtest-internal-key";

describe("load generator", function () {
  this.timeout(60_000);

  describe("against a real server (CI size)", () => {
    let server: RunningServer & { url: string };
    before(async () => {
      server = await startTestServer({ JWT_SECRET: SECRET, INTERNAL_API_KEYS: KEY });
    });
    after(async () => {
      await server?.stop();
    });

    it("plays complete Liap Tui (open and managed rooms) and card battle games without errors, and reports every figure", async () => {
      const base = {
        urls: [server.url],
        jwtSecret: SECRET,
        internalKey: KEY,
        thinkTimeMs: 10,
        actionsPerSecond: 10,
        rampUpSeconds: 0.5,
        durationSeconds: 2,
        drainSeconds: 20,
        maxRounds: 1,
        progress: false,
      };
      // slots 0 and 2 play Liap Tui in open rooms (create + joinById + start_game), slot 1 plays 3-player card battle
      const mixed = await runLoadTest(resolveOptions({ ...base, game: "mixed", rooms: 3, cardPlayers: 3 }));
      assert.equal(mixed.errors.total, 0, JSON.stringify(mixed.errors, null, 2));
      assert.ok(mixed.games.completed_by_game.liap_tui >= 2, JSON.stringify(mixed.games));
      assert.ok(mixed.games.completed_by_game.card_battle >= 1, JSON.stringify(mixed.games));
      assert.equal(mixed.games.completed, mixed.games.started, "every started game finished");
      assert.equal(mixed.games.aborted + mixed.games.unfinished, 0);
      assert.equal(mixed.clients.target, 4 + 3 + 4);
      assert.equal(mixed.clients.peak_concurrent, 11);
      assert.equal(mixed.actions.acknowledged, mixed.actions.sent);
      assert.ok(mixed.actions.sent > 50);
      assert.equal(mixed.latency_ms.action_to_ack.count, mixed.actions.sent);
      assert.equal(mixed.latency_ms.action_to_patch.count, mixed.actions.sent, "every action was seen in a state patch");
      for (const kind of ["liap_tui.play", "liap_tui.declare", "card_battle.play_card"]) assert.ok(mixed.latency_ms.by_kind[kind]!.sent > 0, kind);
      assert.ok(mixed.latency_ms.action_to_patch.p99 > 0 && mixed.latency_ms.action_to_patch.max >= mixed.latency_ms.action_to_patch.p99);
      assert.ok(mixed.bytes.in_total > 0 && mixed.bytes.out_total > 0 && mixed.bytes.in_per_client_per_minute > 0);
      assert.ok(mixed.bytes.framed_in_per_client_per_minute > mixed.bytes.in_per_client_per_minute);
      // Liap Tui bots play on the native profile by default (state only, no game_state events)
      assert.ok((mixed.bytes.in_per_client_per_completed_game.liap_tui ?? 0) > 2_000);
      assert.equal(mixed.servers.length, 1);
      const node = mixed.servers[0]!;
      assert.equal(node.node_name, "test-node");
      assert.ok(node.cpu_seconds_used !== null && node.cpu_seconds_used > 0);
      assert.ok(node.rss_peak_bytes !== null && node.rss_peak_bytes > 0);
      assert.equal(node.scrape_errors, 0);
      assert.equal(JSON.stringify(mixed).includes(SECRET), false, "the report never contains the secret");
      assert.match(formatSummary(mixed), /games\s+\d+ completed/);

      // managed Liap Tui rooms over the internal API
      const managed = await runLoadTest(resolveOptions({ ...base, game: "liap_tui", liapMode: "managed", rooms: 2, durationSeconds: 1 }));
      assert.equal(managed.errors.total, 0, JSON.stringify(managed.errors, null, 2));
      assert.ok(managed.games.completed >= 2);

      // the same on the seed003 profile (bots play from phase_change, acknowledged by play_accepted & co.)
      const seed003 = await runLoadTest(resolveOptions({ ...base, game: "liap_tui", liapMode: "managed", liapProtocol: "seed003", rooms: 2, durationSeconds: 1 }));
      assert.equal(seed003.errors.total, 0, JSON.stringify(seed003.errors, null, 2));
      assert.ok(seed003.games.completed >= 2);
      assert.equal(seed003.actions.acknowledged, seed003.actions.sent);
      const perGame = (r: typeof seed003) => r.bytes.in_per_client_per_completed_game.liap_tui ?? 0;
      assert.ok(perGame(managed) * 5 < perGame(seed003), `native ${perGame(managed)} B per game, seed003 ${perGame(seed003)} B`);
    });

    it("plays card battle with the max_hp it is given (--card-max-hp): fewer hit points, shorter games", async () => {
      const run = (cardMaxHp: number) =>
        runLoadTest(
          resolveOptions({
            urls: [server.url],
            jwtSecret: SECRET,
            internalKey: KEY,
            game: "card_battle",
            rooms: 2,
            cardPlayers: 2,
            cardMaxHp,
            thinkTimeMs: 5,
            actionsPerSecond: 10,
            rampUpSeconds: 0,
            durationSeconds: 1,
            drainSeconds: 20,
            progress: false,
          }),
        );
      const [short, long] = [await run(2), await run(60)];
      for (const report of [short, long]) {
        assert.equal(report.errors.total, 0, JSON.stringify(report.errors, null, 2));
        assert.ok(report.games.completed >= 2, JSON.stringify(report.games));
      }
      const perGame = (report: typeof short) => report.actions.sent / report.games.completed;
      // two hit points fall to the first strike (3 damage); sixty take dozens of moves
      assert.ok(perGame(short) * 4 < perGame(long), `${perGame(short)} moves per game at max_hp 2, ${perGame(long)} at 60`);
      assert.throws(() => parseArgs(["--card-max-hp", "0", "--jwt-secret", SECRET]), /--card-max-hp/);
    });

    it("counts refused logins as errors instead of hanging (wrong JWT secret)", async () => {
      const report = await runLoadTest(
        resolveOptions({
          urls: [server.url],
          jwtSecret: "not-the-servers-secret-not-the-servers-secret",
          rooms: 1,
          rampUpSeconds: 0,
          durationSeconds: 1,
          drainSeconds: 2,
          progress: false,
        }),
      );
      assert.equal(report.games.completed, 0);
      assert.ok((report.errors.by_category.room_create_failed ?? 0) >= 1, JSON.stringify(report.errors));
      assert.equal(report.clients.peak_concurrent, 0);
    });
  });

  describe("bounds", () => {
    const secret = ["--jwt-secret", SECRET];

    it("targets loopback addresses only", () => {
      for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "[::1]", "game.localhost"]) assert.ok(isLoopbackHost(host), host);
      for (const host of ["10.0.0.1", "192.168.1.2", "example.com", "0.0.0.0", "128.0.0.1", "[::2]", "127.0.0.1.example.com"]) {
        assert.equal(isLoopbackHost(host), false, host);
      }
      assert.throws(() => parseArgs(["--url", "http://10.1.2.3:2567", ...secret]), OptionsError);
      assert.throws(() => parseArgs(["--url", "http://127.0.0.1:2567,http://example.com", ...secret]), /not a loopback address/);
      assert.throws(() => parseArgs(["--metrics", "http://example.com:2567", ...secret]), /not a loopback address/);
      const command = parseArgs(["--url", "http://localhost:2600,http://127.0.0.1:2601", ...secret]);
      assert.equal(command.kind, "run");
      if (command.kind === "run") assert.deepEqual(command.options.metricsUrls, ["http://localhost:2600", "http://127.0.0.1:2601"]);
    });

    it("refuses runs longer than the hard limit, more clients than the cap, and a rate above the server's limit", () => {
      assert.throws(() => parseArgs(["--duration", String(HARD_LIMITS.maxRunSeconds + 1), ...secret]), /--duration/);
      assert.throws(() => parseArgs(["--duration", "1700", "--drain", "200", ...secret]), /may not exceed/);
      assert.throws(() => parseArgs(["--rooms", "300", "--max-clients", "1000", ...secret]), /more than --max-clients/);
      assert.throws(() => parseArgs(["--max-clients", String(HARD_LIMITS.maxClients + 1), ...secret]), /--max-clients/);
      assert.throws(() => parseArgs(["--actions-per-second", "11", ...secret]), /--actions-per-second/);
      assert.throws(() => parseArgs(["--sweep", "10,600", ...secret]), /more than --max-clients/);
      assert.throws(() => parseArgs(["--game", "card_battle", ...secret], {}), /--internal-key/);
      assert.throws(() => parseArgs([], {}), /--jwt-secret/);
      assert.throws(() => parseArgs(["--bogus", "1", ...secret]), /unknown flag/);
      const ok = parseArgs(["--clients", "40", ...secret]);
      assert.ok(ok.kind === "run" && ok.options.rooms === 10);
      assert.equal(parseArgs(["--help"]).kind, "help");
    });

    it("spreads think times uniformly around the mean (--think-jitter), and keeps them fixed at 0", () => {
      assert.throws(() => parseArgs(["--think-jitter", "1.5", ...secret]), /--think-jitter/);
      assert.throws(() => parseArgs(["--think-jitter", "-0.1", ...secret]), /--think-jitter/);
      const command = parseArgs(["--think-time", "200", "--think-jitter", "0.25", ...secret]);
      assert.ok(command.kind === "run" && command.options.thinkJitter === 0.25 && command.options.thinkTimeMs === 200);
      const defaults = parseArgs(secret);
      assert.ok(defaults.kind === "run" && defaults.options.thinkJitter === 0.5);

      const pace = { thinkTimeMs: 200, thinkJitter: 0.5 };
      assert.equal(thinkDelay(pace, 0), 100);
      assert.equal(thinkDelay(pace, 0.5), 200);
      assert.equal(thinkDelay({ thinkTimeMs: 200, thinkJitter: 0 }, 0.99), 200);
      const rng = seedRng("think");
      const delays = Array.from({ length: 20_000 }, () => thinkDelay(pace, nextFloat(rng)));
      assert.ok(delays.every((d) => d >= 100 && d < 300), "within mean x [0.5, 1.5)");
      const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
      assert.ok(Math.abs(mean - 200) < 3, `the mean stays the think time (${mean})`);
      // uniform: each fifth of the range holds about a fifth of the draws
      for (let fifth = 0; fifth < 5; fifth++) {
        const share = delays.filter((d) => d >= 100 + fifth * 40 && d < 140 + fifth * 40).length / delays.length;
        assert.ok(Math.abs(share - 0.2) < 0.02, `fifth ${fifth}: ${share}`);
      }
    });
  });

  it("wire-size: the delta-synced state costs a client less than a full game_state in every phase_change", () => {
    const result = measureWireSize({ seed: "ci", maxRounds: 2 });
    const totals = result.totals_per_client;
    assert.ok(result.game.player_actions > 20 && result.game.patches > 0);
    assert.ok(result.per_client_bytes.state_schema.mean > 0);
    assert.ok(totals.b_seed003_full_game_state_json.mean > totals.a_delta_synced_state.mean);
    assert.ok(totals.room_today_state_plus_phase_change.mean > totals.a_delta_synced_state.mean);
    assert.ok(result.per_client_bytes.phase_change_json.mean > result.per_client_bytes.phase_change_msgpack.mean);
  });
});
