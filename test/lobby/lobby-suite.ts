/**
 * The lobby's HTTP tests against a real server, run once on PostgreSQL and
 * once on PGlite: every endpoint's success path and its documented errors,
 * the status machine, visibility, races, rate limits, admin auth, the whole
 * story through a Liap Tui room played to the end by members joining with
 * JWTs, and finally every response checked against the served OpenAPI document.
 */
import assert from "node:assert/strict";
import type { Application } from "express";
import { mountLobbyWith } from "../../src/http/lobby/index.js";
import { autoplay as cardAutoplay, CardBattlePlayer } from "../support/card-battle-client.js";
import { getAdminAccount } from "../../src/lobby/queries/accounts.js";
import { roomFollower } from "../../src/lobby/runtime.js";
import { seedEngineVersions, setEngineVersionEnabled } from "../../src/lobby/queries/games.js";
import type { LobbySettings } from "../../src/lobby/settings.js";
import type { RunningServer } from "../../src/server.js";
import { autoplay } from "../support/liap-autoplay.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { startTestServer } from "../support/server.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import type { Schema } from "./support/json-schema.js";
import { checkAgainstDocument, gameBody, JWT_SECRET, LobbyClient, newUser, tokenFor, type Reply } from "./support/lobby-client.js";

const ADMIN = { user: "root-admin", password: "correct horse battery" };
const MONITOR = { MONITOR_USER: "monitor", MONITOR_PASSWORD: "monitor-password" };
const FAST_LIAP = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 1 };

type Body = Record<string, unknown>;

/** Asserts an error reply in the seed's envelope. */
function assertError(reply: Reply, status: number, code: string, what = ""): void {
  assert.equal(reply.status, status, `${what} ${JSON.stringify(reply.body)}`);
  const error = (reply.body as { error?: { code?: string; message?: string } }).error;
  assert.equal(error?.code, code, `${what} ${JSON.stringify(reply.body)}`);
  assert.equal(typeof error?.message, "string");
}

/** Every `method path` routed by the Express app (OpenAPI path syntax), walking nested routers; `all()` handlers (405 answers) are left out. */
function registeredRoutes(app: Application): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown };
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        const path = (prefix + layer.route.path).replace(/:(\w+)/g, "{$1}");
        for (const method of Object.keys(layer.route.methods)) if (method !== "_all") found.add(`${method} ${path}`);
      } else if (Array.isArray(layer.handle?.stack)) {
        const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  return [...found];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Defines the suite for one database. */
export function lobbySuite(database: "postgres" | "pglite"): void {
  describe(`lobby REST API on ${database === "postgres" ? "PostgreSQL" : "PGlite"}`, function () {
    this.timeout(90_000);
    let temp: TempDatabase | undefined;
    let server: RunningServer & { url: string };
    let api: LobbyClient;
    const settings: LobbySettings = { trustUserHeader: true, bootstrapAdmin: { username: ADMIN.user, password: ADMIN.password }, roomConfig: { liap_tui: FAST_LIAP }, defaultGame: "simple_card_battle" };
    const players: SdkPlayer[] = [];
    let expressApp: Application | undefined;

    before(async () => {
      const env: Record<string, string> = { JWT_SECRET, JOIN_TIMEOUT: "4", ...MONITOR };
      if (database === "postgres") {
        temp = await createTempDatabase();
        env.DATABASE_URL = temp.url;
      }
      server = await startTestServer(env, {
        routers: [
          mountLobbyWith(settings),
          (app) => {
            expressApp = app;
          },
        ],
      });
      api = new LobbyClient(server.url);
    });
    afterEach(async () => {
      await Promise.all(players.splice(0).map((p) => p.leave()));
    });
    after(async () => {
      await server?.stop();
      await temp?.drop();
    });

    const admin = () => api.asAdmin(ADMIN);

    /** A private game of `owner`, opened for enrollment. */
    async function openGame(owner: string, overrides: Body = {}): Promise<string> {
      const created = await api.as(owner).post("/games", gameBody(overrides));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.game_id as string;
      assert.equal((await api.as(owner).post(`/games/${id}/open-enrollment`)).status, 200);
      return id;
    }

    /** `n` users who applied and were approved; returns their ids. */
    async function addMembers(gameId: string, owner: string, n: number, prefix = "Race"): Promise<string[]> {
      const users: string[] = [];
      for (let i = 0; i < n; i++) {
        const user = newUser();
        const applied = await api.as(user).post(`/games/${gameId}/applications`, { race_name: `${prefix} ${i} ${user.slice(0, 4)}` });
        assert.equal(applied.status, 201, JSON.stringify(applied.body));
        const approved = await api.as(owner).post(`/games/${gameId}/applications/${applied.body.application_id}/approve`);
        assert.equal(approved.status, 200, JSON.stringify(approved.body));
        users.push(user);
      }
      return users;
    }

    async function statusOf(gameId: string): Promise<Body> {
      const reply = await api.asAdmin(ADMIN).get(`/games/${gameId}`);
      assert.equal(reply.status, 200);
      return reply.body;
    }

    async function waitForStatus(gameId: string, status: string, timeoutMs = 20_000): Promise<Body> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const game = await statusOf(gameId);
        if (game.status === status) return game;
        if (Date.now() > until) throw new Error(`game ${gameId} is ${String(game.status)}, not ${status}`);
        await sleep(100);
      }
    }

    async function join(gameId: string, user: string): Promise<SdkPlayer> {
      const player = await SdkPlayer.join(`ws://127.0.0.1:${server.port}`, gameId, {}, await tokenFor(user));
      players.push(player);
      return player;
    }

    /**
     * A card-battle game of `owner` whose members (user, race name) joined by application, started, and finished: the
     * room's `finished` event is given to the lobby's room follower directly, as the room would at its end.
     */
    async function finishedGame(owner: string, members: Array<[user: string, raceName: string]>): Promise<string> {
      const id = await openGame(owner, { min_players: 2, max_players: 4, target_engine_version: "simple_card_battle@1.0.0" });
      for (const [user, raceName] of members) {
        const applied = await api.as(user).post(`/games/${id}/applications`, { race_name: raceName });
        assert.equal(applied.status, 201, JSON.stringify(applied.body));
        assert.equal((await api.as(owner).post(`/games/${id}/applications/${applied.body.application_id}/approve`)).status, 200);
      }
      assert.equal((await api.as(owner).post(`/games/${id}/ready-to-start`)).status, 200);
      assert.equal((await api.as(owner).post(`/games/${id}/start`)).status, 202);
      await roomFollower(server.database.db, server.logger)({ kind: "finished", roomId: id, at: new Date(), winnerId: null });
      assert.equal((await statusOf(id)).status, "finished");
      return id;
    }

    const raceNamesOf = async (user: string, query = "") => api.as(user).get<{ items: Body[] }>(`/my/race-names${query}`);
    const register = (user: string, body: unknown) => api.call("POST", "/api/v1/user/lobby/race-names/register", { user, body });

    describe("identity", () => {
      it("answers 401 without an identity, with a malformed X-User-ID, or with a bad bearer token", async () => {
        assertError(await api.call("GET", "/api/v1/user/lobby/my/games"), 401, "unauthorized");
        assertError(await api.call("GET", "/api/v1/user/lobby/my/games", { user: "not-a-uuid" }), 401, "unauthorized");
        assertError(await api.call("GET", "/api/v1/user/lobby/my/games", { bearer: "not.a.jwt" }), 401, "unauthorized");
        const wrongKey = await tokenFor(newUser(), "w".repeat(48));
        assertError(await api.call("GET", "/api/v1/user/lobby/my/games", { bearer: wrongKey }), 401, "unauthorized");
        assertError(await api.call("GET", "/api/v1/user/lobby/my/games", { bearer: await tokenFor("player-7") }), 401, "unauthorized", "non-UUID subject");
      });

      it("accepts a bearer JWT whose subject is the user, alone or with the same X-User-ID, and refuses a disagreeing pair", async () => {
        const user = newUser();
        const token = await tokenFor(user);
        const created = await api.call<Body>("POST", "/api/v1/user/lobby/games", { bearer: token, body: gameBody() });
        assert.equal(created.status, 201);
        assert.equal(created.body.owner_user_id, user);
        const both = await api.call("GET", `/api/v1/user/lobby/games/${created.body.game_id}`, { bearer: token, user: user.toUpperCase() });
        assert.equal(both.status, 200);
        assertError(await api.call("GET", "/api/v1/user/lobby/my/games", { bearer: token, user: newUser() }), 401, "unauthorized");
      });
    });

    describe("every route", () => {
      it("answers 401 without identity, 400 for a malformed id, 404 for a game that does not exist, and 405 for other methods", async () => {
        const { userRouteSpecs, USER_LOBBY_PREFIX } = await import("../../src/http/lobby/user.js");
        const { adminRouteSpecs, ADMIN_PREFIX } = await import("../../src/http/lobby/admin.js");
        const { createLobby } = await import("../../src/lobby/lobby.js");
        const lobby = createLobby({ db: server.database.db, rooms: { create: async () => ({ kind: "capacity_exceeded" }), terminate: async () => false, call: async () => {} }, settings, logger: server.logger });
        const user = newUser();
        const fill = (path: string, value: (name: string) => string) => path.replace(/:(\w+)/g, (_m, name: string) => value(name));
        for (const route of userRouteSpecs(lobby)) {
          const method = route.method.toUpperCase();
          const body = method === "GET" ? undefined : {};
          const label = `${method} ${route.path}`;
          assertError(await api.call(method, USER_LOBBY_PREFIX + fill(route.path, () => crypto.randomUUID()), { body }), 401, "unauthorized", label);
          if (!route.path.includes(":")) continue;
          assertError(await api.call(method, USER_LOBBY_PREFIX + fill(route.path, () => "nope"), { user, body }), 400, "invalid_request", label);
          assertError(await api.call(method, USER_LOBBY_PREFIX + fill(route.path, () => crypto.randomUUID()), { user, body }), 404, "not_found", label);
        }
        for (const route of adminRouteSpecs(lobby)) {
          const method = route.method.toUpperCase();
          const label = `${method} ${route.path}`;
          const reply = await api.call(method, ADMIN_PREFIX + fill(route.path, () => crypto.randomUUID()), { body: method === "GET" ? undefined : {} });
          assertError(reply, 401, "unauthorized", label);
          assert.equal(reply.headers.get("www-authenticate"), 'Basic realm="galaxy-admin"');
          if (!route.path.includes(":")) continue;
          const empty = method === "GET" ? undefined : {};
          assertError(await api.call(method, ADMIN_PREFIX + fill(route.path, () => "nope"), { admin: ADMIN, body: empty }), 400, "invalid_request", label);
          const body = route.path.endsWith("ban-member") ? { user_id: newUser(), reason: "r" } : empty;
          assertError(await api.call(method, ADMIN_PREFIX + fill(route.path, () => crypto.randomUUID()), { admin: ADMIN, body }), 404, "not_found", label);
        }
        for (const path of ["/my/games", "/my/applications", "/my/invites", "/my/race-names", `/games/${crypto.randomUUID()}/memberships`]) {
          assertError(await api.as(user).get(`${path}?page_size=500`), 400, "invalid_request", path);
        }
        assertError(await admin().get("/games?page=-1"), 400, "invalid_request");
        // an id that is not valid percent-encoding fails in the router's matching: named as the path, not the body
        const badPath = await api.call("GET", "/api/v1/user/lobby/games/%zz", { user });
        assertError(badPath, 400, "invalid_request", "GET /games/%zz");
        assert.equal((badPath.body as { error: { message: string } }).error.message, "request path is not valid percent-encoding");
        assertError(await api.call("PUT", `/api/v1/user/lobby/games/${crypto.randomUUID()}`, { user }), 405, "method_not_allowed");
        assertError(await api.call("GET", `/api/v1/user/lobby/games/${crypto.randomUUID()}/start`, { user }), 405, "method_not_allowed");
        assertError(await api.call("DELETE", `/api/v1/admin/games/${crypto.randomUUID()}`, { admin: ADMIN }), 405, "method_not_allowed");
      });
    });

    describe("games", () => {
      it("creates a private draft game, shows it to its owner only, and edits it", async () => {
        const owner = newUser();
        const created = await api.as(owner).post("/games", gameBody({ game_name: "Alpha", description: "first" }));
        assert.equal(created.status, 201);
        const game = created.body;
        assert.equal(game.status, "draft");
        assert.equal(game.visibility, "private");
        assert.equal(game.game_type, "private");
        assert.equal(game.owner_user_id, owner);
        assert.equal(game.runtime_status, "not_started");
        assert.equal(game.current_turn, 0);
        const id = game.game_id as string;
        assert.equal((await api.as(owner).get(`/games/${id}`)).body.game_name, "Alpha");
        assertError(await api.as(newUser()).get(`/games/${id}`), 404, "not_found", "a stranger cannot see a draft");
        assertError(await api.as(newUser()).patch(`/games/${id}`, { game_name: "x" }), 404, "not_found");

        const patched = await api.as(owner).patch(`/games/${id}`, { game_name: "Beta", description: "", turn_schedule: "30 4 * * mon-fri", start_gap_hours: 5 });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        assert.equal(patched.body.game_name, "Beta");
        assert.equal(patched.body.turn_schedule, "30 4 * * mon-fri");
        assert.equal(patched.body.start_gap_hours, 5);
        assert.equal((await api.as(owner).patch(`/games/${id}`, {})).status, 200, "an empty patch changes nothing");

        assert.equal((await api.as(owner).post(`/games/${id}/open-enrollment`)).status, 200);
        assertError(await api.as(newUser()).patch(`/games/${id}`, { game_name: "x" }), 403, "forbidden", "visible while enrolling, but not the owner's");
        assert.equal((await api.as(newUser()).get(`/games/${id}`)).status, 200, "anyone with the id sees it while enrollment is open");
        assertError(await api.as(owner).patch(`/games/${id}`, { min_players: 3, max_players: 3 }), 400, "invalid_request", "liap_tui needs 4");
        assertError(await api.as(owner).patch(`/games/${id}`, { visibility: "public" }), 400, "invalid_request");
        assert.equal((await api.as(owner).post(`/games/${id}/cancel`)).body.status, "cancelled");
        assertError(await api.as(owner).patch(`/games/${id}`, { game_name: "late" }), 409, "conflict");
      });

      it("refuses invalid create requests with 400", async () => {
        const user = newUser();
        const soon = new Date(Date.now() - 1000).toISOString();
        const bad: Body[] = [
          { ...gameBody(), game_name: "" },
          { ...gameBody(), visibility: "public" },
          { ...gameBody(), turn_schedule: "every day" },
          { ...gameBody(), turn_schedule: "61 * * * *" },
          { ...gameBody(), turn_schedule: "@daily" },
          { ...gameBody(), target_engine_version: "liap_tui" },
          { ...gameBody(), target_engine_version: "chess@1.0.0" },
          { ...gameBody(), target_engine_version: "1.0" },
          { ...gameBody(), target_engine_version: "v1.0.0" },
          { ...gameBody(), min_players: 2, max_players: 4 },
          { ...gameBody(), target_engine_version: "simple_card_battle@1.0.0", min_players: 3, max_players: 2 },
          { ...gameBody(), target_engine_version: "simple_card_battle@1.0.0", min_players: 1, max_players: 2 },
          { ...gameBody(), target_engine_version: "simple_card_battle@1.0.0", min_players: 2, max_players: 5 },
          { ...gameBody(), enrollment_ends_at: soon },
          { ...gameBody(), enrollment_ends_at: "tomorrow" },
          { ...gameBody(), start_gap_hours: -1 },
          { ...gameBody(), max_players: 4.5 },
          { ...gameBody(), surprise: true },
        ];
        for (const body of bad) assertError(await api.as(user).post("/games", body), 400, "invalid_request", JSON.stringify(body));
        // the seed has min_players >= 1 only; the 400 names the game whose limit was broken
        const tooFew = await api.as(user).post("/games", gameBody({ target_engine_version: "1.0.0", min_players: 1, max_players: 4 }));
        assertError(tooFew, 400, "invalid_request");
        assert.match((tooFew.body as { error: { message: string } }).error.message, /game simple_card_battle \(this lobby's default game.*2 to 4 players.*min_players 1/);
        const notFour = await api.as(user).post("/games", gameBody({ min_players: 2, max_players: 4 }));
        assert.match((notFour.body as { error: { message: string } }).error.message, /game liap_tui broken: it is played by exactly 4 players/);
        const { turn_schedule: _omitted, ...missing } = gameBody();
        assertError(await api.as(user).post("/games", missing), 400, "invalid_request");
        assertError(await api.call("POST", "/api/v1/user/lobby/games", { user, raw: "{not json" }), 400, "invalid_request");
        assertError(await api.call("POST", "/api/v1/user/lobby/games", { user }), 400, "invalid_request", "no body");
        assertError(await api.as(user).get("/games/not-a-uuid"), 400, "invalid_request");
        const created = await api.as(user).post("/games", gameBody({ target_engine_version: "simple_card_battle@1.0.0", min_players: 2, max_players: 4 }));
        assert.equal(created.status, 201);
        // a route that reads no body still refuses a prototype key (or text that is not JSON) in one, changing nothing
        const id = created.body.game_id as string;
        for (const raw of ['{"prototype":{"__managed":{"roomId":"x"}}}', '{"a":{"constructor":1}}', "{not json"]) {
          assertError(await api.call("POST", `/api/v1/user/lobby/games/${id}/open-enrollment`, { user, raw }), 400, "invalid_request", raw);
        }
        assert.equal((await api.as(user).get(`/games/${id}`)).body.status, "draft");
      });

      it("lists public games in pages with a total, in a stable order", async () => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          const created = await admin().post("/games", { ...gameBody({ game_name: `Public ${i}` }), visibility: undefined });
          assert.equal(created.status, 201, JSON.stringify(created.body));
          ids.push(created.body.game_id as string);
        }
        const user = newUser();
        const all = await api.as(user).get<{ items: Body[]; total: number; page: number; page_size: number }>("/games?page_size=200");
        assert.equal(all.status, 200);
        assert.equal(all.body.page, 1);
        assert.equal(all.body.page_size, 200);
        assert.equal(all.body.total, all.body.items.length);
        assert.ok(all.body.items.every((g) => g.game_type === "public"), "only public games");
        const everyId = all.body.items.map((g) => g.game_id);
        for (const id of ids) assert.ok(everyId.includes(id));
        const paged: unknown[] = [];
        for (let page = 1; page <= Math.ceil(all.body.total / 2); page++) {
          const reply = await api.as(user).get<{ items: Body[]; total: number }>(`/games?page=${page}&page_size=2`);
          assert.equal(reply.body.total, all.body.total);
          paged.push(...reply.body.items.map((g) => g.game_id));
        }
        assert.deepEqual(paged, everyId, "pages add up to the whole list in the same order");
        assert.deepEqual((await api.as(user).get<{ items: Body[] }>("/games?page=999")).body.items, []);
        for (const query of ["page_size=0", "page_size=201", "page=0", "page=abc"]) {
          assertError(await api.as(user).get(`/games?${query}`), 400, "invalid_request", query);
        }
        assertError(await api.call("DELETE", "/api/v1/user/lobby/games", { user }), 405, "method_not_allowed");
      });

      it("takes the seed's plain semver (the default game) and checks engine availability at start, not at create (409 then)", async () => {
        const plain = await api.as(newUser()).post("/games", gameBody({ target_engine_version: "1.0.0", min_players: 2, max_players: 4 }));
        assert.equal(plain.status, 201, JSON.stringify(plain.body));
        assert.equal(plain.body.target_engine_version, "1.0.0", "shown as given");

        await seedEngineVersions(server.database.db, [{ version: "liap_tui@1.1.0", imageRef: "room:liap_tui" }]);
        const owner = newUser();
        const id = await openGame(owner, { target_engine_version: "liap_tui@1.1.0" });
        await addMembers(id, owner, 4);
        assert.equal((await api.as(owner).post(`/games/${id}/ready-to-start`)).status, 200);
        await setEngineVersionEnabled(server.database.db, "liap_tui@1.1.0", false);
        assertError(await api.as(owner).post(`/games/${id}/start`), 409, "conflict");
        assert.equal((await statusOf(id)).status, "ready_to_start");

        // versions nobody has: created fine, refused at start
        const unknown = await openGame(owner, { target_engine_version: "liap_tui@9.9.9" });
        await addMembers(unknown, owner, 4);
        assert.equal((await api.as(owner).post(`/games/${unknown}/ready-to-start`)).status, 200);
        const refused = await api.as(owner).post(`/games/${unknown}/start`);
        assertError(refused, 409, "conflict");
        assert.match((refused.body as { error: { message: string } }).error.message, /engine version liap_tui@9\.9\.9 is not available/);
        const plainUnknown = await openGame(owner, { target_engine_version: "9.9.9", min_players: 2, max_players: 2 });
        await addMembers(plainUnknown, owner, 2);
        assert.equal((await api.as(owner).post(`/games/${plainUnknown}/ready-to-start`)).status, 200);
        const refusedPlain = await api.as(owner).post(`/games/${plainUnknown}/start`);
        assertError(refusedPlain, 409, "conflict");
        assert.match((refusedPlain.body as { error: { message: string } }).error.message, /9\.9\.9 \(on simple_card_battle, this lobby's default game\) is not available/);
        assert.equal((await statusOf(plainUnknown)).status, "ready_to_start");
      });
    });

    describe("invites", () => {
      it("issues user-bound and code-based invites; redeem, decline and revoke with their rules", async () => {
        const owner = newUser();
        const id = await openGame(owner);
        const [invitee, stranger, coder] = [newUser(), newUser(), newUser()];
        assertError(await api.as(stranger).post(`/games/${id}/invites`, {}), 403, "forbidden");
        const bound = await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: invitee, race_name: "Guests" });
        assert.equal(bound.status, 201);
        assert.equal(bound.body.code, null);
        assert.equal(bound.body.invited_user_id, invitee);
        assert.equal(bound.body.inviter_user_id, owner);
        assert.equal(bound.body.status, "pending");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: invitee }), 409, "conflict", "one pending invite each");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { race_name: "guests" }), 409, "conflict", "race name held by an invite");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: "x" }), 400, "invalid_request");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { expires_at: new Date(Date.now() - 1).toISOString() }), 400, "invalid_request");
        assertError(await api.as(stranger).post(`/games/${id}/invites/${bound.body.invite_id}/redeem`), 403, "forbidden", "not the invitee");
        const redeemed = await api.as(invitee).post(`/games/${id}/invites/${bound.body.invite_id}/redeem`);
        assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
        assert.equal(redeemed.body.status, "redeemed");
        assertError(await api.as(invitee).post(`/games/${id}/invites/${bound.body.invite_id}/redeem`), 409, "conflict");

        const coded = await api.as(owner).post(`/games/${id}/invites`, {});
        const code = coded.body.code as string;
        assert.match(code, /^[A-Z2-9]{8}$/);
        assert.equal(coded.body.invited_user_id, null);
        assert.equal(coded.body.race_name, "");
        const path = `/games/${id}/invites/${coded.body.invite_id}`;
        assertError(await api.as(coder).post(`${path}/redeem`, { code: "WRONG123", race_name: "Coders" }), 403, "forbidden", "a code given must match");
        assertError(await api.as(coder).post(`${path}/redeem`, { code: "" }), 400, "invalid_request");
        const byCode = await api.as(coder).post(`${path}/redeem`, { code: code.toLowerCase(), race_name: "Coders" });
        assert.equal(byCode.status, 200, JSON.stringify(byCode.body));
        assert.equal(byCode.body.invited_user_id, coder);
        assert.equal(byCode.body.race_name, "Coders");
        assert.equal(byCode.body.code, null, "the code is shown to the inviter only");

        const declinable = await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: stranger });
        assertError(await api.as(coder).post(`/games/${id}/invites/${declinable.body.invite_id}/decline`), 403, "forbidden");
        const declined = await api.as(stranger).post(`/games/${id}/invites/${declinable.body.invite_id}/decline`);
        assert.equal(declined.body.status, "declined");
        assertError(await api.as(stranger).post(`/games/${id}/invites/${declinable.body.invite_id}/redeem`), 409, "conflict");
        assertError(await api.as(stranger).post(`/games/${id}/invites/${declinable.body.invite_id}/decline`), 409, "conflict");
        const codeToDecline = await api.as(owner).post(`/games/${id}/invites`, {});
        assertError(await api.as(stranger).post(`/games/${id}/invites/${codeToDecline.body.invite_id}/decline`, { code: "WRONG123" }), 403, "forbidden");
        // no body: holding the invite id is enough (the seed's decline has no body)
        const declinedByCode = await api.as(stranger).post(`/games/${id}/invites/${codeToDecline.body.invite_id}/decline`);
        assert.equal(declinedByCode.status, 200, JSON.stringify(declinedByCode.body));
        assert.equal(declinedByCode.body.status, "declined");

        const revocable = await api.as(owner).post(`/games/${id}/invites`, {});
        assertError(await api.as(coder).post(`/games/${id}/invites/${revocable.body.invite_id}/revoke`), 403, "forbidden");
        assert.equal((await api.as(owner).post(`/games/${id}/invites/${revocable.body.invite_id}/revoke`)).body.status, "revoked");
        assertError(await api.as(owner).post(`/games/${id}/invites/${revocable.body.invite_id}/revoke`), 409, "conflict");
        assertError(await api.as(coder).post(`/games/${id}/invites/${revocable.body.invite_id}/redeem`, { code: revocable.body.code, race_name: "Late" }), 409, "conflict");
        assertError(await api.as(owner).post(`/games/${id}/invites/${crypto.randomUUID()}/revoke`), 404, "not_found");

        const mine = await api.as(owner).get<{ items: Body[] }>("/my/invites");
        assert.deepEqual(mine.body.items.map((i) => i.status), ["redeemed", "redeemed", "declined", "declined", "revoked"]);
        assert.ok(mine.body.items.filter((i) => i.invited_user_id === null || i.code !== null).every((i) => i.inviter_user_id === owner));
        const received = await api.as(invitee).get<{ items: Body[] }>("/my/invites");
        assert.deepEqual(received.body.items.map((i) => i.invite_id), [bound.body.invite_id]);
      });

      it("redeems code invites without a body; the race name defaults to the invitee's latest, else Player <id>, made unique", async () => {
        const owner = newUser();
        const first = await openGame(owner);
        const [newcomer, veteran] = [newUser(), newUser()];
        const issue = async (gameId: string) => (await api.as(owner).post(`/games/${gameId}/invites`, {})).body;

        const forNewcomer = await issue(first);
        const bare = await api.call("POST", `/api/v1/user/lobby/games/${first}/invites/${forNewcomer.invite_id}/redeem`, { user: newcomer });
        assert.equal(bare.status, 200, JSON.stringify(bare.body));
        assert.equal(bare.body.status, "redeemed");
        assert.equal(bare.body.invited_user_id, newcomer);
        assert.equal(bare.body.race_name, `Player ${newcomer.slice(0, 8)}`);
        // an empty JSON body is the same as none
        const forVeteran = await issue(first);
        const empty = await api.call("POST", `/api/v1/user/lobby/games/${first}/invites/${forVeteran.invite_id}/redeem`, { user: veteran, raw: "" });
        assert.equal(empty.status, 200, JSON.stringify(empty.body));

        // in a second game the veteran's latest race name is taken: it gets a suffix
        const second = await openGame(owner);
        const veteranName = empty.body.race_name as string;
        assert.equal((await api.as(newUser()).post(`/games/${second}/applications`, { race_name: veteranName.toUpperCase() })).status, 201);
        const again = await api.as(veteran).post(`/games/${second}/invites/${(await issue(second)).invite_id}/redeem`);
        assert.equal(again.status, 200, JSON.stringify(again.body));
        assert.equal(again.body.race_name, `${veteranName} 2`);
        const members = await api.as(owner).get<{ items: Body[] }>(`/games/${second}/memberships`);
        assert.deepEqual(members.body.items.map((m) => m.race_name), [`${veteranName} 2`]);
      });

      it("expires pending invites at expires_at", async () => {
        const owner = newUser();
        const id = await openGame(owner);
        const expiresAt = new Date(Date.now() + 1000);
        const issued = await api.as(owner).post(`/games/${id}/invites`, { expires_at: expiresAt.toISOString(), race_name: "Ephemera" });
        assert.equal(issued.status, 201);
        await sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 100);
        const mine = await api.as(owner).get<{ items: Body[] }>("/my/invites");
        assert.equal(mine.body.items.find((i) => i.invite_id === issued.body.invite_id)?.status, "expired");
        assertError(await api.as(newUser()).post(`/games/${id}/invites/${issued.body.invite_id}/redeem`, { code: issued.body.code }), 409, "conflict");
        assert.equal((await api.as(newUser()).post(`/games/${id}/applications`, { race_name: "Ephemera" })).status, 201, "an expired invite holds no race name");
      });
    });

    describe("memberships", () => {
      it("lists, removes (owner or self) and blocks (owner); blocked users can neither apply nor be invited", async () => {
        const owner = newUser();
        const id = await openGame(owner);
        const [a, b, c] = await addMembers(id, owner, 3);
        const list = await api.as(a!).get<{ items: Body[] }>(`/games/${id}/memberships`);
        assert.equal(list.status, 200);
        assert.equal(list.headers.get("x-total-count"), "3");
        const byUser = new Map(list.body.items.map((m) => [m.user_id as string, m.membership_id as string]));
        assertError(await api.as(newUser()).get(`/games/${crypto.randomUUID()}/memberships`), 404, "not_found");

        assertError(await api.as(a!).post(`/games/${id}/memberships/${byUser.get(b!)}/remove`), 403, "forbidden", "not the owner, not self");
        const left = await api.as(a!).post(`/games/${id}/memberships/${byUser.get(a!)}/remove`);
        assert.equal(left.status, 200);
        assert.equal(left.body.status, "removed");
        assert.equal(typeof left.body.removed_at, "string");
        assertError(await api.as(a!).post(`/games/${id}/memberships/${byUser.get(a!)}/remove`), 409, "conflict");
        assert.equal((await api.as(a!).post(`/games/${id}/applications`, { race_name: "Back Again" })).status, 201, "a removed member may apply again");
        assert.equal((await api.as(owner).post(`/games/${id}/memberships/${byUser.get(b!)}/remove`)).body.status, "removed");

        assertError(await api.as(c!).post(`/games/${id}/memberships/${byUser.get(c!)}/block`), 403, "forbidden");
        const blocked = await api.as(owner).post(`/games/${id}/memberships/${byUser.get(c!)}/block`);
        assert.equal(blocked.body.status, "blocked");
        assertError(await api.as(owner).post(`/games/${id}/memberships/${byUser.get(c!)}/block`), 409, "conflict");
        assertError(await api.as(c!).post(`/games/${id}/applications`, { race_name: "Sneaky" }), 403, "forbidden");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: c }), 409, "conflict");
        assertError(await api.as(owner).post(`/games/${id}/memberships/${crypto.randomUUID()}/block`), 404, "not_found");
      });
    });

    describe("race names", () => {
      it("lists reservations, then the pending registration a finished game leaves, in pages; registering it answers 200", async () => {
        const owner = newUser();
        const [ace, rival] = [newUser(), newUser()];
        const later = await openGame(owner, { min_players: 2, max_players: 4, target_engine_version: "simple_card_battle@1.0.0" });
        const played = await finishedGame(owner, [[ace, "Zorg  Empire"], [rival, "Vex"]]);
        // joined after the first game's membership: a reservation in a game still open
        const applied = await api.as(ace).post(`/games/${later}/applications`, { race_name: "Later Legion" });
        assert.equal((await api.as(owner).post(`/games/${later}/applications/${applied.body.application_id}/approve`)).status, 200);

        const listed = await raceNamesOf(ace);
        assert.equal(listed.status, 200);
        assert.equal(listed.headers.get("x-total-count"), "2");
        const finishedAt = Date.parse(String((await statusOf(played)).finished_at));
        const [reservation, pending] = listed.body.items;
        assert.deepEqual(
          { ...reservation, reserved_at: typeof reservation!.reserved_at },
          { name: "Later Legion", canonical: "laterlegion", status: "reservation", owner_user_id: ace, game_id: later, source_game_id: null, reserved_at: "string", expires_at: null, registered_at: null },
        );
        assert.deepEqual(
          { ...pending, reserved_at: typeof pending!.reserved_at },
          {
            name: "Zorg Empire",
            canonical: "zorgempire",
            status: "pending_registration",
            owner_user_id: ace,
            game_id: null,
            source_game_id: played,
            reserved_at: "string",
            expires_at: new Date(finishedAt + 30 * 24 * 3600 * 1000).toISOString(),
            registered_at: null,
          },
        );
        const second = await raceNamesOf(ace, "?page=2&page_size=1");
        assert.deepEqual(second.body.items, [pending]);
        assert.equal(second.headers.get("x-total-count"), "2");
        assert.deepEqual((await raceNamesOf(newUser())).body.items, [], "a stranger has none");

        // any spelling with the same canonical key; the name is registered as it was played
        const registered = await register(ace, { name: "  zorg EMPIRE " });
        assert.equal(registered.status, 200, JSON.stringify(registered.body));
        assert.deepEqual(
          { ...registered.body, registered_at: typeof registered.body.registered_at },
          {
            name: "Zorg Empire",
            canonical: "zorgempire",
            status: "registered",
            owner_user_id: ace,
            game_id: null,
            source_game_id: played,
            reserved_at: pending!.reserved_at,
            expires_at: null,
            registered_at: "string",
          },
        );
        const after = await raceNamesOf(ace);
        assert.deepEqual(after.body.items.map((r) => [r.status, r.name]), [["registered", "Zorg Empire"], ["reservation", "Later Legion"]]);
        assert.deepEqual((await raceNamesOf(rival)).body.items.map((r) => [r.status, r.name]), [["pending_registration", "Vex"]]);
      });

      it("refuses a bad body (400), a name the caller never finished a game under (404), and a registered name or one over the limit (409)", async () => {
        const owner = newUser();
        const [ace, bravo, charlie] = [newUser(), newUser(), newUser()];
        await finishedGame(owner, [[ace, "Alpha Ace"], [bravo, "Bravo Band"]]);
        await finishedGame(owner, [[ace, "Second Star"], [charlie, "ALPHA  ace"]]);
        const under = await openGame(owner, { min_players: 2, max_players: 4, target_engine_version: "simple_card_battle@1.0.0" });
        const applied = await api.as(bravo).post(`/games/${under}/applications`, { race_name: "Open Order" });
        assert.equal((await api.as(owner).post(`/games/${under}/applications/${applied.body.application_id}/approve`)).status, 200);

        for (const body of [undefined, {}, { name: "" }, { name: "   " }, { name: "x".repeat(33) }, { name: 7 }, { name: "Alpha Ace", extra: 1 }, { name: "a\u0007b" }]) {
          assertError(await register(ace, body), 400, "invalid_request", JSON.stringify(body));
        }
        assertError(await api.call("POST", "/api/v1/user/lobby/race-names/register", { user: ace, raw: "{nope" }), 400, "invalid_request");
        assertError(await raceNamesOf(ace, "?page=0"), 400, "invalid_request");

        assertError(await register(newUser(), { name: "Alpha Ace" }), 404, "not_found", "never played under it");
        assertError(await register(bravo, { name: "Open Order" }), 404, "not_found", "a reservation in a game not finished");
        assertError(await register(bravo, { name: "Alpha Ace" }), 404, "not_found", "finished the game, under another name");

        assert.equal((await register(ace, { name: "alpha ace" })).status, 200);
        assertError(await register(ace, { name: "Alpha Ace" }), 409, "conflict", "already registered by the caller");
        const overLimit = await register(ace, { name: "Second Star" });
        assertError(overLimit, 409, "conflict", "one registered name per user");
        assert.match(String((overLimit.body.error as Body).message), /most race names/);
        assertError(await register(charlie, { name: "Alpha Ace" }), 409, "conflict", "registered by another player");
        assert.deepEqual((await raceNamesOf(charlie)).body.items, [], "a name another player registered is no longer pending for anyone else");
        assert.deepEqual((await raceNamesOf(ace)).body.items.map((r) => [r.status, r.name]), [["registered", "Alpha Ace"], ["pending_registration", "Second Star"]]);
      });

      it("a registered name is its registrant's in every new game: others get 409, and it is the registrant's default on a body-less redeem", async () => {
        const owner = newUser();
        const [ace, other] = [newUser(), newUser()];
        await finishedGame(owner, [[ace, "Crimson Tide"], [newUser(), "Azure Wave"]]);
        // another player finished another game under the same name before it was registered: their latest race name
        await finishedGame(owner, [[other, "crimson  TIDE"], [newUser(), "Filler"]]);
        assert.equal((await register(ace, { name: "Crimson Tide" })).status, 200);

        const id = await openGame(owner, { min_players: 2, max_players: 4, target_engine_version: "simple_card_battle@1.0.0" });
        assertError(await api.as(other).post(`/games/${id}/applications`, { race_name: "CRIMSON tide" }), 409, "conflict", "apply under another's name");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { race_name: "Crimson Tide" }), 409, "conflict", "a code invite could go to anyone");
        assertError(await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: other, race_name: "Crimson Tide" }), 409, "conflict", "invite another under it");
        const forAce = await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: ace, race_name: "crimson tide" });
        assert.equal(forAce.status, 201, "the registrant may be invited under it");
        assert.equal((await api.as(owner).post(`/games/${id}/invites/${forAce.body.invite_id}/revoke`)).status, 200);

        // body-less redeems: the registrant gets their registered name; the other player's latest name is registered, so they get the fallback
        const code1 = await api.as(owner).post(`/games/${id}/invites`, {});
        const aceJoined = await api.call("POST", `/api/v1/user/lobby/games/${id}/invites/${code1.body.invite_id}/redeem`, { user: ace });
        assert.equal(aceJoined.status, 200, JSON.stringify(aceJoined.body));
        assert.equal(aceJoined.body.race_name, "Crimson Tide");
        const code2 = await api.as(owner).post(`/games/${id}/invites`, {});
        const otherJoined = await api.call("POST", `/api/v1/user/lobby/games/${id}/invites/${code2.body.invite_id}/redeem`, { user: other });
        assert.equal(otherJoined.status, 200, JSON.stringify(otherJoined.body));
        assert.equal(otherJoined.body.race_name, `Player ${other.slice(0, 8)}`);
        const members = await api.as(owner).get<{ items: Body[] }>(`/games/${id}/memberships`);
        assert.deepEqual(members.body.items.map((m) => [m.race_name, m.canonical_key]), [["Crimson Tide", "crimsontide"], [`Player ${other.slice(0, 8)}`, `player${other.slice(0, 8)}`]]);
      });
    });

    describe("admin", () => {
      it("requires basic auth against admin_accounts (401 with the galaxy-admin challenge)", async () => {
        for (const credentials of [undefined, { user: ADMIN.user, password: "wrong" }, { user: "nobody", password: ADMIN.password }]) {
          const reply = await api.call("GET", "/api/v1/admin/games", credentials === undefined ? {} : { admin: credentials });
          assertError(reply, 401, "unauthorized");
          assert.equal(reply.headers.get("www-authenticate"), 'Basic realm="galaxy-admin"');
        }
        const ok = await admin().get<{ items: Body[]; total: number }>("/games?page_size=3");
        assert.equal(ok.status, 200);
        assert.ok(ok.body.items.length <= 3);
        assert.ok(ok.body.items.every((g) => typeof g.runtime_status === "string"), "admin lists carry details");
        assertError(await admin().get(`/games/${crypto.randomUUID()}`), 404, "not_found");
        assertError(await admin().post("/games", gameBody()), 400, "invalid_request", "visibility is not part of the admin request");
        const account = await getAdminAccount(server.database.db, ADMIN.user);
        assert.match(account!.passwordHash, /^\$2[aby]\$12\$/, "bcrypt with cost 12");
        assert.notEqual(account!.lastUsedAt, null);
      });

      it("force-starts, force-stops and bans members", async () => {
        const owner = newUser();
        const id = await openGame(owner);
        assertError(await admin().post(`/games/${id}/force-start`), 409, "conflict", "no members");
        const members = await addMembers(id, owner, 4);
        assertError(await admin().post(`/games/${id}/ban-member`, { user_id: newUser(), reason: "spam" }), 404, "not_found");
        assertError(await admin().post(`/games/${id}/ban-member`, { user_id: members[0] }), 400, "invalid_request");
        const banned = await admin().post(`/games/${id}/ban-member`, { user_id: members[0], reason: "cheating" });
        assert.equal(banned.status, 200);
        assert.equal(banned.body.status, "blocked");
        assertError(await admin().post(`/games/${id}/ban-member`, { user_id: members[0], reason: "again" }), 409, "conflict");
        assertError(await api.as(members[0]!).post(`/games/${id}/applications`, { race_name: "Return" }), 403, "forbidden");
        await addMembers(id, owner, 1, "Stand-in");

        const started = await admin().post(`/games/${id}/force-start`);
        assert.equal(started.status, 202, JSON.stringify(started.body));
        assert.equal(started.body.status, "starting");
        assert.equal(started.body.runtime_status, "waiting_for_players");
        assertError(await admin().post(`/games/${id}/force-start`), 409, "conflict");
        const stopped = await admin().post(`/games/${id}/force-stop`);
        assert.deepEqual(stopped.body, { game_id: id, status: "cancelled", runtime_status: "stopped" });
        assertError(await admin().post(`/games/${id}/force-stop`), 409, "conflict");
        assertError(await admin().post(`/games/${crypto.randomUUID()}/force-stop`), 404, "not_found");
        const detail = await statusOf(id);
        assert.equal(typeof detail.finished_at, "string");
      });

      it("fails the start of a game whose players never join (join timeout), and retry-start makes its room again", async () => {
        const owner = newUser();
        const id = await openGame(owner);
        const members = await addMembers(id, owner, 4);
        assert.equal((await admin().post(`/games/${id}/force-start`)).status, 202);
        const game = await waitForStatus(id, "start_failed", 15_000);
        assert.equal(game.runtime_status, "aborted");
        assert.equal(game.engine_health, "aborted: join_timeout");
        const retried = await api.as(owner).post(`/games/${id}/retry-start`);
        assert.deepEqual(retried.body, { game_id: id, status: "starting", runtime_status: "waiting_for_players" });
        for (const member of members) await join(id, member);
        const running = await waitForStatus(id, "running");
        assert.equal(running.engine_health, undefined, "a successful start clears the old failure");
        const stopped = await admin().post(`/games/${id}/force-stop`);
        assert.deepEqual(stopped.body, { game_id: id, status: "cancelled", runtime_status: "stopped" });
        await Promise.all(players.map((p) => p.waitFor("room_closed")));
      });
    });

    describe("rooms", () => {
      it("leaves a game start_failed when its room cannot be created, and retry-start tries again", async () => {
        const owner = newUser();
        const id = await openGame(owner);
        const members = await addMembers(id, owner, 4);
        assert.equal((await api.as(owner).post(`/games/${id}/ready-to-start`)).status, 200);
        settings.roomConfig = { liap_tui: { ...FAST_LIAP, max_rounds: 0 } };
        try {
          const failed = await api.as(owner).post(`/games/${id}/start`);
          assert.equal(failed.status, 202);
          assert.deepEqual(failed.body, { game_id: id, status: "start_failed", runtime_status: "start_failed" });
          assert.match(String((await statusOf(id)).engine_health), /room creation failed/);
          assertError(await api.as(owner).post(`/games/${id}/start`), 409, "conflict");
          assertError(await api.as(members[0]!).post(`/games/${id}/retry-start`), 403, "forbidden");
          assert.equal((await api.as(owner).post(`/games/${id}/retry-start`)).body.status, "start_failed");
        } finally {
          settings.roomConfig = { liap_tui: FAST_LIAP };
        }
        const retried = await api.as(owner).post(`/games/${id}/retry-start`);
        assert.deepEqual(retried.body, { game_id: id, status: "starting", runtime_status: "waiting_for_players" });
        assert.equal((await api.as(owner).post(`/games/${id}/cancel`)).body.status, "cancelled");
        assertError(await api.as(owner).post(`/games/${id}/memberships/${crypto.randomUUID()}/remove`), 404, "not_found");
      });

      it("the whole story: create, enroll by application and by code, start, join with JWTs, pause, resume, play to the end", async () => {
        const owner = newUser();
        const created = await api.as(owner).post("/games", gameBody({ game_name: "The Story" }));
        const id = created.body.game_id as string;
        assert.equal((await api.as(owner).post(`/games/${id}/open-enrollment`)).body.status, "enrollment_open");

        const [alice, bob, carol, dave, erin] = [newUser(), newUser(), newUser(), newUser(), newUser()];
        const aliceApp = await api.as(alice).post(`/games/${id}/applications`, { race_name: "Alice Armada" });
        const bobApp = await api.as(bob).post(`/games/${id}/applications`, { race_name: "Bob Brigade" });
        assert.equal((await api.as(owner).post(`/games/${id}/applications/${aliceApp.body.application_id}/approve`)).body.status, "approved");
        assert.equal((await api.as(owner).post(`/games/${id}/applications/${bobApp.body.application_id}/reject`)).body.status, "rejected");
        const coded = await api.as(owner).post(`/games/${id}/invites`, { race_name: "Carol Corps" });
        assert.equal((await api.as(carol).post(`/games/${id}/invites/${coded.body.invite_id}/redeem`, { code: coded.body.code })).body.status, "redeemed");
        const bound = await api.as(owner).post(`/games/${id}/invites`, { invited_user_id: dave });
        assert.equal((await api.as(dave).post(`/games/${id}/invites/${bound.body.invite_id}/redeem`, { race_name: "Dave Drift" })).status, 200);
        const erinApp = await api.as(erin).post(`/games/${id}/applications`, { race_name: "Erin Empire" });
        assert.equal((await api.as(owner).post(`/games/${id}/applications/${erinApp.body.application_id}/approve`)).status, 200);

        assert.equal((await api.as(owner).post(`/games/${id}/ready-to-start`)).body.status, "ready_to_start");
        const start = await api.as(owner).post(`/games/${id}/start`);
        assert.equal(start.status, 202);
        assert.deepEqual(start.body, { game_id: id, status: "starting", runtime_status: "waiting_for_players" });
        assertError(await api.as(newUser()).get(`/games/${id}`), 404, "not_found", "strangers no longer see a started private game");

        const seats: SdkPlayer[] = [];
        for (const user of [alice, carol, dave, erin]) seats.push(await join(id, user));
        await assert.rejects(SdkPlayer.join(`ws://127.0.0.1:${server.port}`, id, {}, await tokenFor(bob)), "a rejected applicant cannot join");
        const names = await Promise.all(seats.map(async (p) => String((await p.waitFor("connected")).data.player_name)));
        assert.deepEqual(names, ["Alice Armada", "Carol Corps", "Dave Drift", "Erin Empire"], "race names are the seat names");
        const running = await waitForStatus(id, "running");
        assert.equal(running.runtime_status, "running");
        assert.equal(typeof running.started_at, "string");

        assertError(await api.as(alice).post(`/games/${id}/pause`), 403, "forbidden");
        assert.deepEqual((await api.as(owner).post(`/games/${id}/pause`)).body, { game_id: id, status: "paused", runtime_status: "paused" });
        await waitUntil(() => seats[0]!.state.timer_kind === "paused", "the room's timers to stop");
        assertError(await api.as(owner).post(`/games/${id}/pause`), 409, "conflict");
        assertError(await api.as(alice).post(`/games/${id}/resume`), 403, "forbidden");
        assertError(await api.as(owner).post(`/games/${id}/memberships/${crypto.randomUUID()}/remove`), 404, "not_found");
        assert.deepEqual((await api.as(owner).post(`/games/${id}/resume`)).body, { game_id: id, status: "running", runtime_status: "running" });
        await waitUntil(() => seats[0]!.state.timer_kind !== "paused", "the room's timers to run again");

        seats.forEach((p) => autoplay(p));
        await Promise.all(seats.map((p) => p.waitFor("game_over", () => true, 45_000)));
        const finished = await waitForStatus(id, "finished");
        assert.equal(finished.runtime_status, "finished");
        assert.equal(typeof finished.finished_at, "string");
        assert.ok(Number(finished.current_turn) >= 1, `current_turn ${String(finished.current_turn)}`);
        for (const t of ["pause", "resume", "cancel", "start"]) assertError(await api.as(owner).post(`/games/${id}/${t}`), 409, "conflict", t);

        const aliceGames = await api.as(alice).get<{ items: Body[] }>("/my/games");
        assert.equal(aliceGames.body.items.find((g) => g.game_id === id)?.status, "finished");
        const members = await api.as(owner).get<{ items: Body[] }>(`/games/${id}/memberships`);
        assert.deepEqual(members.body.items.map((m) => m.race_name), ["Alice Armada", "Carol Corps", "Dave Drift", "Erin Empire"]);
        assert.equal((await api.as(bob).get(`/games/${id}`)).status, 200, "a rejected applicant still sees the game");
      });
    });

    describe("simple card battle through the lobby", () => {
      it("starts a two-player card battle room for the members, who play it to the end; the game finishes", async () => {
        const owner = newUser();
        const id = await openGame(owner, { min_players: 2, max_players: 2, target_engine_version: "simple_card_battle@1.0.0" });
        const members = await addMembers(id, owner, 2, "Duelist");
        assert.equal((await api.as(owner).post(`/games/${id}/ready-to-start`)).body.status, "ready_to_start");
        assert.equal((await api.as(owner).post(`/games/${id}/start`)).status, 202);
        const duelists = [];
        for (const [position, user] of members.entries()) {
          const player = await CardBattlePlayer.join(`ws://127.0.0.1:${server.port}`, id, user, await tokenFor(user), position);
          players.push(player.sdk);
          cardAutoplay(player);
          duelists.push(player);
        }
        const over = await duelists[0]!.sdk.waitFor("game_over", () => true, 45_000);
        assert.deepEqual(Object.keys((over.data.result_data as { players: object }).players).sort(), [...members].sort());
        const finished = await waitForStatus(id, "finished");
        assert.equal(finished.runtime_status, "finished");
        for (const d of duelists) assert.deepEqual(d.leaks, []);
        // the game played to its end leaves each member a race name to register
        const pending = await raceNamesOf(members[0]!);
        assert.deepEqual(pending.body.items.map((r) => [r.status, r.source_game_id]), [["pending_registration", id]]);
        const registered = await register(members[0]!, { name: pending.body.items[0]!.name });
        assert.equal(registered.status, 200, JSON.stringify(registered.body));
        assert.equal(registered.body.status, "registered");
      });
    });

    describe("rate limits", () => {
      it("answers 429 after 60 public GETs and after 120 authenticated calls a minute, per user", async () => {
        const reader = newUser();
        for (let i = 0; i < 60; i++) assert.equal((await api.as(reader).get("/games?page_size=1")).status, 200, `public GET ${i + 1}`);
        const refused = await api.as(reader).get("/games?page_size=1");
        assertError(refused, 429, "service_unavailable");
        assert.ok(Number(refused.headers.get("retry-after")) >= 1);
        assert.equal((await api.as(newUser()).get("/games?page_size=1")).status, 200, "other users are not affected");
        assert.equal((await api.as(reader).get("/my/games")).status, 200, "the authenticated budget is separate");

        const busy = newUser();
        for (let i = 0; i < 120; i++) assert.equal((await api.as(busy).get("/my/invites")).status, 200, `call ${i + 1}`);
        assertError(await api.as(busy).get("/my/games"), 429, "service_unavailable");
      });
    });

    describe("OpenAPI document", () => {
      it("documents exactly the routes the Express app registers, and every documented path answers", async () => {
        const doc = await api.call<Schema>("GET", "/api/v1/openapi.json");
        assert.equal(doc.status, 200);
        const paths = doc.body.paths as Record<string, Record<string, unknown>>;
        const documented = Object.entries(paths)
          // served by Colyseus itself and by the monitor app, not by routes of the Express app
          .filter(([path]) => !path.startsWith("/matchmake/") && path !== "/colyseus")
          .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
        assert.deepEqual([...new Set(documented)].sort(), registeredRoutes(expressApp!).sort());

        // the rest of the server: every documented operation is really there
        const internal = { headers: { "X-Internal-Api-Key": "nope" } };
        const probes: Array<[string, string, number[]]> = [
          ["GET", "/", [200]],
          ["GET", "/healthz", [200]],
          ["GET", "/readyz", [200]],
          ["GET", "/metrics", [200]],
          ["GET", "/api/rooms", [200]],
          ["GET", "/internal/health", [200]],
          ["GET", "/internal/cluster", [401]],
          ["POST", "/internal/rooms/create", [401]],
          ["POST", `/internal/rooms/${crypto.randomUUID()}/terminate`, [401]],
          ["GET", "/internal/persist-failed", [401]],
          // chat (seed 002): without a JWT or the gateway's headers
          ["GET", `/api/conversations/${crypto.randomUUID()}/messages`, [401]],
          ["POST", `/api/conversations/${crypto.randomUUID()}/messages`, [401]],
          // replays: without a JWT or the internal key
          ["GET", `/api/games/${crypto.randomUUID()}/replay?seat=0`, [401]],
          // the play page (a redirect to /play/) and the SDK build it loads
          ["GET", "/play", [302]],
          ["GET", "/play/vendor/colyseus.js", [200]],
        ];
        for (const [method, path, statuses] of probes) {
          const reply = await api.call(method, path, path.startsWith("/internal/") ? internal : { redirect: "manual" });
          assert.ok(statuses.includes(reply.status), `${method} ${path} → ${reply.status}`);
        }
        assert.equal((await api.call("GET", "/colyseus", {})).status, 401);
        const monitor = await api.call("GET", "/colyseus", { admin: { user: MONITOR.MONITOR_USER, password: MONITOR.MONITOR_PASSWORD } });
        assert.equal(monitor.status, 200);
        // with JWT verification configured, matchmaking creates rooms only for a valid token
        const matchmake = await api.call("POST", "/matchmake/joinOrCreate/liap_tui", { body: { is_public: false }, bearer: await tokenFor(newUser()) });
        assert.equal(matchmake.status, 200, JSON.stringify(matchmake.body));
        const refused = await api.call("POST", "/matchmake/create/liap_tui", { body: { __managed: { roomId: "x" } } });
        assert.equal(refused.status, 403);
        for (const path of Object.keys(paths)) {
          assert.ok(
            path.startsWith("/api/v1/") || path === "/colyseus" || probes.some(([, p]) => p.replace(/[0-9a-f-]{36}/, "{room_id}").replace(/\?.*$/, "") === path) || path.startsWith("/matchmake/"),
            `documented path ${path} is probed`,
          );
        }
      });

      it("every response of this suite matches its schema in the served document", async () => {
        const doc = (await fetch(`${server.url}/api/v1/openapi.json`).then((r) => r.json())) as Schema;
        const problems = checkAgainstDocument(api.exchanges, doc);
        assert.deepEqual(problems, [], problems.slice(0, 20).join("\n"));
        assert.ok(api.exchanges.length > 300, `checked ${api.exchanges.length} responses`);
      });
    });
  });
}
