/** The lobby's pure parts: cron validation, engine versions, player bounds, race names, rate limiting, settings, the schema validator. */
import assert from "node:assert/strict";
import { cronProblem } from "../../src/lobby/cron.js";
import { buildOpenApiDocument } from "../../src/lobby/openapi.js";
import { SlidingWindowLimiter } from "../../src/lobby/rate-limit.js";
import { canonicalRaceName, displayRaceName, parseEngineVersion, playerBoundsProblem, raceNameProblem } from "../../src/lobby/rules.js";
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

  it("reads <game_rules>@<semver> and checks player bounds per game", () => {
    assert.deepEqual(parseEngineVersion("liap_tui@1.0.0"), { ok: true, gameRules: "liap_tui" });
    assert.deepEqual(parseEngineVersion("simple_card_battle@2.10.3-beta.1"), { ok: true, gameRules: "simple_card_battle" });
    for (const bad of ["liap_tui", "liap_tui@1.0", "liap_tui@01.0.0", "chess@1.0.0", "@1.0.0", "liap_tui@1.0.0 "]) assert.equal(parseEngineVersion(bad).ok, false, bad);
    assert.equal(playerBoundsProblem("liap_tui", 4, 4), undefined);
    assert.notEqual(playerBoundsProblem("liap_tui", 3, 4), undefined);
    assert.equal(playerBoundsProblem("simple_card_battle", 2, 4), undefined);
    assert.equal(playerBoundsProblem("simple_card_battle", 3, 3), undefined);
    assert.notEqual(playerBoundsProblem("simple_card_battle", 1, 2), undefined);
    assert.notEqual(playerBoundsProblem("simple_card_battle", 2, 5), undefined);
    assert.notEqual(playerBoundsProblem("simple_card_battle", 4, 3), undefined);
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
    assert.deepEqual(loadLobbySettings({}), { trustUserHeader: false, bootstrapAdmin: undefined, roomConfig: {} });
    const full = loadLobbySettings({
      LOBBY_TRUST_USER_HEADER: "off",
      ADMIN_USERNAME: "ops",
      ADMIN_PASSWORD: "long enough",
      LOBBY_ROOM_CONFIG: '{"liap_tui":{"max_rounds":3}}',
    });
    assert.deepEqual(full, { trustUserHeader: false, bootstrapAdmin: { username: "ops", password: "long enough" }, roomConfig: { liap_tui: { max_rounds: 3 } } });
    const bad: Array<[NodeJS.ProcessEnv, string]> = [
      [{ LOBBY_TRUST_USER_HEADER: "maybe" }, "LOBBY_TRUST_USER_HEADER"],
      [{ ADMIN_USERNAME: "ops" }, "ADMIN_PASSWORD"],
      [{ ADMIN_PASSWORD: "long enough" }, "ADMIN_USERNAME"],
      [{ ADMIN_USERNAME: "a:b", ADMIN_PASSWORD: "long enough" }, "ADMIN_USERNAME"],
      [{ ADMIN_USERNAME: "ops", ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD"],
      [{ LOBBY_ROOM_CONFIG: "{" }, "LOBBY_ROOM_CONFIG"],
      [{ LOBBY_ROOM_CONFIG: '{"chess":{}}' }, "LOBBY_ROOM_CONFIG"],
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
