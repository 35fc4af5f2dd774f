/**
 * Chat over REST (seed 002's paths, issue 12's identity and errors), run on
 * PostgreSQL and on PGlite: posting reaches the live room's members,
 * history pages newest first, and every status and error body of the seed.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { sql } from "drizzle-orm";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { SdkPlayer } from "../support/sdk-player.js";
import {
  assertSeedMessage,
  BLANK_ERROR,
  createManagedLiap,
  eventually,
  GATEWAY_SECRET,
  INTERNAL_KEY,
  liapTable,
  rest,
  SECRET,
  token,
  waitForCreated,
  type SeedMessage,
} from "./support.js";

type Page = { data: SeedMessage[] };

/** Defines the suite for one database. */
export function chatRestSuite(database: "postgres" | "pglite"): void {
  describe(`chat REST API on ${database === "postgres" ? "PostgreSQL" : "PGlite"} (seed 002)`, function () {
    this.timeout(60_000);
    let temp: TempDatabase | undefined;
    let server: RunningServer & { url: string };
    let ws: string;
    const open: SdkPlayer[] = [];

    before(async () => {
      const env: Record<string, string> = {
        JWT_SECRET: SECRET,
        INTERNAL_API_KEYS: INTERNAL_KEY,
        LOBBY_TRUST_USER_HEADER: "true",
        LOBBY_GATEWAY_SECRET: GATEWAY_SECRET,
      };
      if (database === "postgres") {
        temp = await createTempDatabase();
        env.DATABASE_URL = temp.url;
      }
      server = await startTestServer(env);
      ws = `ws://127.0.0.1:${server.port}`;
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((p) => p.leave()));
    });
    after(async () => {
      await server?.stop();
      await temp?.drop();
    });

    /** A managed Liap Tui room of four players, all joined with named JWTs. */
    async function managedTable(names = ["Kari", "Ola", "Per", "Åse"]) {
      const roomId = randomUUID();
      const ids = names.map(() => randomUUID());
      await createManagedLiap(server.url, roomId, ids);
      const members = [];
      for (const [i, id] of ids.entries()) {
        const jwt = await token(id, names[i]);
        const player = await SdkPlayer.join(ws, roomId, {}, jwt);
        open.push(player);
        members.push({ id, name: names[i]!, jwt, player });
      }
      return { roomId, members };
    }

    it("POST with a Bearer JWT answers 201 {data: message} and every live member receives message_created; GET lists it", async () => {
      const { roomId, members } = await managedTable();
      const [kari, ola] = members;
      const answer = await rest(server.url, "POST", roomId, { jwt: ola!.jwt, body: { message: { body: "Hei på deg" } } });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.deepEqual(Object.keys(answer.body as object), ["data"]);
      const message = (answer.body as { data: SeedMessage }).data;
      assertSeedMessage(message, { body: "Hei på deg", profileId: ola!.id, name: "Ola" });
      for (const m of members) assert.deepEqual(await waitForCreated(m.player, message.id), message, `${m.name} got it live`);
      // and one over the room, read back over REST
      const inRoom = (await kari!.player.room.request("message:create", { body: "fra rommet" })) as { data: SeedMessage };
      const page = await rest(server.url, "GET", roomId, { jwt: kari!.jwt, query: "?limit=50" });
      assert.equal(page.status, 200);
      assert.deepEqual(Object.keys(page.body as object), ["data"]);
      assert.deepEqual((page.body as Page).data, [inRoom.data, message], "newest first, the same messages as delivered");
    });

    it("lets the players of a managed room post before they joined, under their user id", async () => {
      const roomId = randomUUID();
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await createManagedLiap(server.url, roomId, ids);
      const jwt = await token(ids[2]!);
      // the room's row (with its players) is written right after the create is answered
      const answer = await eventually(async () => {
        const a = await rest(server.url, "POST", roomId, { jwt, body: { message: { body: "snart der" } } });
        return a.status === 404 ? undefined : a;
      }, "the room to be recorded");
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assertSeedMessage((answer.body as { data: unknown }).data, { body: "snart der", profileId: ids[2]!, name: ids[2]! });
    });

    it("pages the history newest first with limit (1–100, default 50) and the before cursor", async () => {
      const { roomId, members } = await managedTable();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const m = members[i % 4]!;
        const answer = await rest(server.url, "POST", roomId, { jwt: m.jwt, body: { message: { body: `melding ${i}` } } });
        assert.equal(answer.status, 201);
        ids.push((answer.body as { data: SeedMessage }).data.id);
      }
      const newestFirst = [...ids].reverse();
      const jwt = members[0]!.jwt;
      const all = await rest(server.url, "GET", roomId, { jwt });
      assert.deepEqual((all.body as Page).data.map((m) => m.id), newestFirst, "default limit 50 returns all 12");
      const seen: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await rest(server.url, "GET", roomId, { jwt, query: `?limit=5${before === undefined ? "" : `&before=${before}`}` });
        assert.equal(page.status, 200);
        const data = (page.body as Page).data;
        assert.ok(data.length <= 5);
        seen.push(...data.map((m) => m.id));
        if (data.length < 5) break;
        before = data[data.length - 1]!.id;
      }
      assert.deepEqual(seen, newestFirst, "the pages together are the whole history, once each, in order");
      assert.deepEqual((((await rest(server.url, "GET", roomId, { jwt, query: "?limit=1" })).body) as Page).data.map((m) => m.id), [newestFirst[0]]);
      assert.equal((((await rest(server.url, "GET", roomId, { jwt, query: "?limit=100" })).body) as Page).data.length, 12);
    });

    it("answers 401 without a valid identity", async () => {
      const { roomId, members } = await managedTable();
      const id = members[0]!.id;
      const body = { message: { body: "hei" } };
      const cases: Array<[string, Record<string, string>]> = [
        ["no identity", {}],
        ["a malformed token", { Authorization: "Bearer not-a-jwt" }],
        ["another server's token", { Authorization: `Bearer ${await token(id, "Kari", "w".repeat(40))}` }],
        ["an empty bearer", { Authorization: "Bearer " }],
        ["basic auth", { Authorization: "Basic a2FyaTpwdw==" }],
        ["the seed's headers without the gateway", { "x-account-id": id, "x-profile-id": id }],
        ["the seed's headers with a wrong gateway secret", { "x-account-id": id, "x-profile-id": id, "x-gateway-secret": "wrong-secret-wrong-secret" }],
        ["a profile of another account", { "x-account-id": randomUUID(), "x-profile-id": id, "x-gateway-secret": GATEWAY_SECRET }],
        ["a profile without its account", { "x-profile-id": id, "x-gateway-secret": GATEWAY_SECRET }],
        ["an account without a profile", { "x-account-id": id, "x-gateway-secret": GATEWAY_SECRET }],
        ["a token and headers naming different users", { Authorization: `Bearer ${await token(randomUUID())}`, "x-account-id": id, "x-profile-id": id, "x-gateway-secret": GATEWAY_SECRET }],
      ];
      for (const [what, headers] of cases) {
        for (const method of ["GET", "POST"] as const) {
          const answer = await rest(server.url, method, roomId, { headers, ...(method === "POST" ? { body } : {}) });
          assert.equal(answer.status, 401, `${method} with ${what}`);
          assert.deepEqual(answer.body, { errors: ["unauthorized"] }, `${method} with ${what}`);
        }
      }
    });

    it("takes the seed's x-account-id/x-profile-id from the trusted gateway", async () => {
      const { roomId, members } = await managedTable();
      const per = members[2]!;
      const headers = { "x-account-id": per.id, "x-profile-id": per.id, "x-gateway-secret": GATEWAY_SECRET };
      // the name comes from the membership recorded when Per joined
      const answer = await eventually(async () => {
        const a = await rest(server.url, "POST", roomId, { headers, body: { message: { body: "via gatewayen" } } });
        return a.status === 201 ? a : undefined;
      }, "Per's membership to be recorded");
      assertSeedMessage((answer.body as { data: unknown }).data, { body: "via gatewayen", profileId: per.id, name: "Per" });
      const page = await rest(server.url, "GET", roomId, { headers });
      assert.equal(page.status, 200);
      assert.equal((page.body as Page).data[0]!.body, "via gatewayen");
    });

    it("answers 404 for an unknown room and 403 for someone who is not a member", async () => {
      const { roomId } = await managedTable();
      const stranger = await token(randomUUID(), "Fremmed");
      for (const method of ["GET", "POST"] as const) {
        const body = method === "POST" ? { message: { body: "hei" } } : undefined;
        const missing = await rest(server.url, method, randomUUID(), { jwt: stranger, body });
        assert.equal(missing.status, 404, `${method} unknown room`);
        assert.deepEqual(missing.body, { errors: ["not_found"] });
        const badId = await rest(server.url, method, "no such room!", { jwt: stranger, body });
        assert.equal(badId.status, 404, `${method} impossible room id`);
        const forbidden = await rest(server.url, method, roomId, { jwt: stranger, body });
        assert.equal(forbidden.status, 403, `${method} non-member`);
        assert.deepEqual(forbidden.body, { errors: ["forbidden"] });
      }
    });

    it("answers 422 with the seed's body for every invalid input, and stores nothing", async () => {
      const { roomId, members } = await managedTable();
      const jwt = members[1]!.jwt;
      const invalidBodies: unknown[] = ["", "  \n ", "x".repeat(2_001), "ø".repeat(2_001), "tab\t", "cr\r", "nul\u0000", "bell\u0007", "c1\u009b", 7, true, null, [], {}];
      for (const body of invalidBodies) {
        const answer = await rest(server.url, "POST", roomId, { jwt, body: { message: { body } } });
        assert.equal(answer.status, 422, `body ${JSON.stringify(body).slice(0, 30)}`);
        assert.deepEqual(answer.body, BLANK_ERROR, `body ${JSON.stringify(body).slice(0, 30)}`);
      }
      for (const body of [{}, { message: {} }, { message: "hei" }, { message: null }, { body: "hei" }, []]) {
        const answer = await rest(server.url, "POST", roomId, { jwt, body });
        assert.equal(answer.status, 422, `request body ${JSON.stringify(body)}`);
        assert.deepEqual(answer.body, BLANK_ERROR, `request body ${JSON.stringify(body)}`);
      }
      // a lone surrogate (JSON can carry one; it cannot be stored as text)
      const surrogate = await rest(server.url, "POST", roomId, { jwt, rawBody: '{"message":{"body":"a \\ud800 b"}}' });
      assert.deepEqual([surrogate.status, surrogate.body], [422, BLANK_ERROR]);
      for (const rawBody of ["{not json", '"hei"']) {
        const notJson = await rest(server.url, "POST", roomId, { jwt, rawBody });
        assert.deepEqual([notJson.status, notJson.body], [422, { errors: { message: ["is invalid"] } }], rawBody);
      }
      const prototype = await rest(server.url, "POST", roomId, { jwt, rawBody: '{"__proto__":{"body":"x"}}' });
      assert.deepEqual([prototype.status, prototype.body], [422, { errors: { message: ["is invalid"] } }]);
      const huge = await rest(server.url, "POST", roomId, { jwt, body: { message: { body: "x".repeat(70_000) } } });
      assert.deepEqual([huge.status, huge.body], [422, BLANK_ERROR]);
      for (const limit of ["0", "101", "-1", "abc", "1.5", "", "1e2"]) {
        const answer = await rest(server.url, "GET", roomId, { jwt, query: `?limit=${limit}` });
        if (limit === "") {
          assert.equal(answer.status, 200, "an empty limit is the default");
          continue;
        }
        assert.equal(answer.status, 422, `limit=${limit}`);
        assert.deepEqual(answer.body, { errors: { limit: ["must be an integer from 1 to 100"] } });
      }
      const badCursor = await rest(server.url, "GET", roomId, { jwt, query: "?before=yesterday" });
      assert.deepEqual([badCursor.status, badCursor.body], [422, { errors: { before: ["must be the id of a message"] } }]);
      const unknownCursor = await rest(server.url, "GET", roomId, { jwt, query: `?before=${randomUUID()}` });
      assert.deepEqual([unknownCursor.status, unknownCursor.body], [422, { errors: { before: ["must be the id of a message of this conversation"] } }]);
      const history = await rest(server.url, "GET", roomId, { jwt });
      assert.deepEqual((history.body as Page).data, [], "nothing was stored");
      // the limits are exact
      const longest = await rest(server.url, "POST", roomId, { jwt, body: { message: { body: "ø".repeat(2_000) } } });
      assert.equal(longest.status, 201);
    });

    it("answers 429 with Retry-After when a sender is over the limit", async () => {
      const { roomId, members } = await managedTable();
      const jwt = members[3]!.jwt;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const answer = await rest(server.url, "POST", roomId, { jwt, body: { message: { body: `rask ${i}` } } });
        statuses.push(answer.status);
        if (answer.status === 429) {
          assert.deepEqual(answer.body, { errors: ["rate_limited"] });
          assert.match(answer.headers.get("retry-after") ?? "", /^\d+$/);
        }
      }
      assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429], "a burst of 5, then refused");
      // another sender is not affected
      assert.equal((await rest(server.url, "POST", roomId, { jwt: members[0]!.jwt, body: { message: { body: "meg da" } } })).status, 201);
    });

    it("keeps the conversation after the room ends, readable by its members", async () => {
      const { roomId, members } = await managedTable();
      const posted = await rest(server.url, "POST", roomId, { jwt: members[0]!.jwt, body: { message: { body: "takk for spillet" } } });
      const terminated = await fetch(`${server.url}/internal/rooms/${roomId}/terminate`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Internal-Api-Key": INTERNAL_KEY },
        body: JSON.stringify({ reason: "admin_terminated" }),
      });
      assert.equal(terminated.status, 200);
      await eventually(async () => (matchMaker.getLocalRoomById(roomId) === undefined ? true : undefined), "the room to be disposed");
      const page = await rest(server.url, "GET", roomId, { jwt: members[2]!.jwt });
      assert.equal(page.status, 200);
      assert.deepEqual((page.body as Page).data, [(posted.body as { data: SeedMessage }).data]);
      // still a conversation: members may add to it, others may not read it
      assert.equal((await rest(server.url, "POST", roomId, { jwt: members[1]!.jwt, body: { message: { body: "gg" } } })).status, 201);
      assert.equal((await rest(server.url, "GET", roomId, { jwt: await token(randomUUID()) })).status, 403);
    });

    it("records the members of a client-created room when they join", async () => {
      const members = await liapTable(ws);
      open.push(...members.map((m) => m.player));
      const roomId = members[0]!.player.room.roomId;
      for (const m of members) {
        await eventually(async () => ((await rest(server.url, "GET", roomId, { jwt: m.jwt })).status === 200 ? true : undefined), `${m.name}'s membership`);
      }
    });

    it("answers 500 {errors: [\"internal_error\"]} when the database fails", async () => {
      const { roomId, members } = await managedTable();
      const db = server.database.db;
      await db.execute(sql`alter table chat_messages rename to chat_messages_away`);
      try {
        for (const method of ["GET", "POST"] as const) {
          const answer = await rest(server.url, method, roomId, { jwt: members[0]!.jwt, ...(method === "POST" ? { body: { message: { body: "hei" } } } : {}) });
          assert.deepEqual([answer.status, answer.body], [500, { errors: ["internal_error"] }], method);
        }
        const inRoom = await members[0]!.player.room.request("message:create", { body: "hei" });
        assert.deepEqual(inRoom, { errors: ["internal_error"] }, "over the room too");
        assert.equal(members[0]!.player.room.connection.isOpen, true);
      } finally {
        await db.execute(sql`alter table chat_messages_away rename to chat_messages`);
      }
    });
  });
}
