/** The lobby's pure parts: cron validation, engine versions, player bounds, race names, rate limiting, settings, the schema validator. */
import assert from "node:assert/strict";
import { cronProblem } from "../../src/lobby/cron.js";
import { buildOpenApiDocument } from "../../src/lobby/openapi.js";
import { SlidingWindowLimiter } from "../../src/lobby/rate-limit.js";
import { canonicalRaceName, displayRaceName, engineVersionProblem, parseEngineVersion, playerBoundsProblem, raceNameProblem } from "../../src/lobby/rules.js";
import { loadLobbySettings, LobbySettingsError } from "../../src/lobby/settings.js";
import { validate, type Schema } from "./support/json-schema.js";

describe("lobby rules", () => {
  it("accepts five-field cron expressions and refuses everything else", () => {
    for (const ok of ["* * * * *", "0 */6 * * *", "30 4 1,15 * mon-fri", "0 0 * jan-mar 0", "5-10/2 0-23 1-31 1-12 0-7", "0 12 * * SUN"]) {
      assert.equal(cronProblem(ok), undefined, ok);
    }
    for (const bad of ["", "* * * *", "* * * * * *", "@daily", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *", "1,,2 * * * *", "1/2/3 * * * *"]) {
      assert.notEqual(cronProblem(bad), undefined, bad);
    }
  });

  it("reads the seed's plain semver as the default game, keeps <game_rules>@<semver>, and names the game whose player limit is broken", () => {
    assert.deepEqual(parseEngineVersion("1.0.0", "simple_card_battle"), {
      ok: true,
      target: { gameRules: "simple_card_battle", engineVersion: "simple_card_battle@1.0.0", plain: true },
    });
    assert.deepEqual(parseEngineVersion("2.0.0-rc.1", "liap_tui"), { ok: true, target: { gameRules: "liap_tui", engineVersion: "liap_tui@2.0.0-rc.1", plain: true } });
    assert.deepEqual(parseEngineVersion("liap_tui@1.0.0", "simple_card_battle"), {
      ok: true,
      target: { gameRules: "liap_tui", engineVersion: "liap_tui@1.0.0", plain: false },
    });
    for (const bad of ["liap_tui", "1.0", "01.0.0", "liap_tui@1.0", "liap_tui@01.0.0", "chess@1.0.0", "@1.0.0", "liap_tui@1.0.0 ", "v1.0.0"]) {
      assert.equal(parseEngineVersion(bad, "simple_card_battle").ok, false, bad);
      assert.notEqual(engineVersionProblem(bad), undefined, bad);
    }
    const target = (label: string) => {
      const parsed = parseEngineVersion(label, "simple_card_battle");
      assert.ok(parsed.ok);
      return parsed.target;
    };
    assert.equal(playerBoundsProblem(target("liap_tui@1.0.0"), 4, 4), undefined);
    assert.match(playerBoundsProblem(target("liap_tui@1.0.0"), 3, 4)!, /game liap_tui broken: it is played by exactly 4 players, and min_players 3 is below/);
    assert.equal(playerBoundsProblem(target("1.0.0"), 2, 4), undefined);
    assert.equal(playerBoundsProblem(target("simple_card_battle@1.0.0"), 3, 3), undefined);
    assert.match(playerBoundsProblem(target("1.0.0"), 1, 2)!, /game simple_card_battle \(this lobby's default game.*2 to 4 players, and min_players 1 is below its minimum of 2/);
    assert.match(playerBoundsProblem(target("simple_card_battle@1.0.0"), 2, 5)!, /game simple_card_battle broken.*max_players 5 is above its maximum of 4/);
    assert.match(playerBoundsProblem(target("1.0.0"), 4, 3)!, /min_players \(4\) must not exceed max_players \(3\)/);
  });

  it("folds race names by case and space into one canonical key", () => {
    assert.equal(displayRaceName("  Star \t  Lords "), "Star Lords");
    for (const same of ["Star Lords", "star lords", "STARLORDS", " Star\u00a0Lords ", "Ｓｔａｒ Ｌｏｒｄｓ"]) assert.equal(canonicalRaceName(same), "starlords", same);
    assert.notEqual(canonicalRaceName("Star-Lords"), "starlords");
    assert.equal(raceNameProblem("Zorg"), undefined);
    assert.notEqual(raceNameProblem(""), undefined);
    assert.notEqual(raceNameProblem("x".repeat(33)), undefined);
    assert.notEqual(raceNameProblem("bad\u0007name"), undefined);
  });

  it("limits each key to so many requests in a sliding minute", () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter(3, 60_000, () => now);
    assert.deepEqual([1, 2, 3].map(() => limiter.take("a").allowed), [true, true, true]);
    const refused = limiter.take("a");
    assert.equal(refused.allowed, false);
    assert.equal(refused.allowed === false && refused.retryAfterSeconds, 60);
    assert.equal(limiter.take("b").allowed, true, "keys are independent");
    now += 30_000;
    assert.equal(limiter.take("a").allowed, false, "still inside the window");
    now += 30_001;
    assert.equal(limiter.take("a").allowed, true, "the first requests slid out");
    assert.equal(limiter.isOver("a"), false);
  });

  it("reads the lobby's settings from the environment and names bad variables", () => {
    assert.deepEqual(loadLobbySettings({}), { trustUserHeader: false, bootstrapAdmin: undefined, roomConfig: {}, defaultGame: "simple_card_battle" });
    const full = loadLobbySettings({
      LOBBY_TRUST_USER_HEADER: "off",
      ADMIN_USERNAME: "ops",
      ADMIN_PASSWORD: "long enough",
      LOBBY_ROOM_CONFIG: '{"liap_tui":{"max_rounds":3}}',
      LOBBY_DEFAULT_GAME: "liap_tui",
    });
    assert.deepEqual(full, {
      trustUserHeader: false,
      bootstrapAdmin: { username: "ops", password: "long enough" },
      roomConfig: { liap_tui: { max_rounds: 3 } },
      defaultGame: "liap_tui",
    });
    const bad: Array<[NodeJS.ProcessEnv, string]> = [
      [{ LOBBY_TRUST_USER_HEADER: "maybe" }, "LOBBY_TRUST_USER_HEADER"],
      [{ ADMIN_USERNAME: "ops" }, "ADMIN_PASSWORD"],
      [{ ADMIN_PASSWORD: "long enough" }, "ADMIN_USERNAME"],
      [{ ADMIN_USERNAME: "a:b", ADMIN_PASSWORD: "long enough" }, "ADMIN_USERNAME"],
      [{ ADMIN_USERNAME: "ops", ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD"],
      [{ LOBBY_ROOM_CONFIG: "{" }, "LOBBY_ROOM_CONFIG"],
      [{ LOBBY_ROOM_CONFIG: '{"chess":{}}' }, "LOBBY_ROOM_CONFIG"],
      [{ LOBBY_DEFAULT_GAME: "chess" }, "LOBBY_DEFAULT_GAME"],
    ];
    for (const [env, variable] of bad) {
      assert.throws(() => loadLobbySettings(env), (error: unknown) => error instanceof LobbySettingsError && error.message.includes(variable), variable);
    }
  });

  it("the schema validator catches what the document forbids", () => {
    const doc = buildOpenApiDocument() as Schema;
    const detail = { $ref: "#/components/schemas/LobbyApplicationDetail" };
    const good = {
      application_id: "0b6f2f8e-8d7c-4f5e-9a51-1f2d3c4b5a69",
      game_id: "0b6f2f8e-8d7c-4f5e-9a51-1f2d3c4b5a69",
      applicant_user_id: "0b6f2f8e-8d7c-4f5e-9a51-1f2d3c4b5a69",
      race_name: "Zorg",
      status: "pending",
      created_at: "2026-01-02T03:04:05.678Z",
      decided_at: null,
    };
    assert.deepEqual(validate(good, detail, doc), []);
    assert.equal(validate({ ...good, extra: 1 }, detail, doc).length, 1);
    assert.equal(validate({ ...good, status: "maybe" }, detail, doc).length, 1);
    assert.equal(validate({ ...good, game_id: "nope" }, detail, doc).length, 1);
    assert.equal(validate({ ...good, created_at: "yesterday" }, detail, doc).length, 1);
    const { race_name: _dropped, ...missing } = good;
    assert.equal(validate(missing, detail, doc).length, 1);
    assert.equal(validate({ ...good, created_at: null }, detail, doc).length, 1);
  });
});
