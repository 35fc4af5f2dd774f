/**
 * Chat over the room connection (issue 12, seed 002): four real SDK clients
 * at a Liap Tui table, and two at a card battle table.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import type { RunningServer } from "../../src/server.js";
import { getMember } from "../../src/chat/store.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { autoplay } from "../support/liap-autoplay.js";
import { cardBattleSpec, createCardBattleRoom } from "../support/card-battle-client.js";
import { assertSeedMessage, BLANK_ERROR, created, eventually, liapTable, rest, SECRET, token, waitForCreated, type Member, type SeedMessage } from "./support.js";

type Reply = { data?: SeedMessage; errors?: unknown };

describe("chat over the room connection (seed 002)", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  let ws: string;
  const open: SdkPlayer[] = [];

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET });
    ws = `ws://127.0.0.1:${server.port}`;
    // a server started right after another in this process: Colyseus's throttled load record would hide it from placement for a second
    await matchMaker.stats.persist(true);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.leave()));
  });
  after(async () => {
    await server?.stop();
  });

  const table = async (options?: Record<string, unknown>): Promise<Member[]> => {
    const members = await liapTable(ws, undefined, options);
    open.push(...members.map((m) => m.player));
    return members;
  };

  it("delivers each of four players' messages to every member as message_created {data: message}, and replies {data: message} to the sender", async () => {
    const members = await table();
    const sent: SeedMessage[] = [];
    for (const [i, sender] of members.entries()) {
      const body = `Hei fra ${sender.name} (${i})\nandre linje`;
      const reply = (await sender.player.room.request("message:create", { body })) as Reply;
      assert.deepEqual(Object.keys(reply), ["data"], "the reply carries only data");
      assertSeedMessage(reply.data, { body, profileId: sender.id, name: sender.name });
      sent.push(reply.data!);
      for (const member of members) {
        const seen = await waitForCreated(member.player, reply.data!.id);
        assert.deepEqual(seen, reply.data, `${member.name} got the same message as the reply`);
      }
    }
    for (const member of members) {
      const payloads = member.player.messages.filter((m) => m.type === "message_created").map((m) => m.payload as unknown as Record<string, unknown>);
      assert.equal(payloads.length, 4, `${member.name} got each message once`);
      for (const payload of payloads) assert.deepEqual(Object.keys(payload), ["data"], "message_created is {data: message}");
      // clients merge by id: four distinct ids, in the order sent
      assert.deepEqual(created(member.player).map((m) => m.id), sent.map((m) => m.id));
    }
  });

  it("lets a spectator chat with the four players: everyone receives every message, the spectator reads over REST", async () => {
    const members = await table();
    const roomId = members[0]!.player.room.roomId;
    const watcherId = randomUUID();
    const watcherJwt = await token(watcherId, "Tilskuer");
    const watcher = await SdkPlayer.join(ws, roomId, { spectate: true }, watcherJwt);
    open.push(watcher);
    const everyone = [...members.map((m) => m.player), watcher];
    const fromWatcher = (await watcher.room.request("message:create", { body: "heia!" })) as Reply;
    assertSeedMessage(fromWatcher.data, { body: "heia!", profileId: watcherId, name: "Tilskuer" });
    const fromPlayer = (await members[2]!.player.room.request("message:create", { body: "takk" })) as Reply;
    for (const p of everyone) {
      await waitForCreated(p, fromWatcher.data!.id);
      await waitForCreated(p, fromPlayer.data!.id);
    }
    const bad = (await watcher.room.request("message:create", { body: " " })) as Reply;
    assert.deepEqual(bad, BLANK_ERROR);
    // recorded as a member of the conversation when it joined
    const page = await eventually(async () => {
      const answer = await rest(server.url, "GET", roomId, { jwt: watcherJwt });
      return answer.status === 200 ? answer : undefined;
    }, "the spectator's membership");
    assert.deepEqual((page.body as { data: SeedMessage[] }).data.map((m) => m.id), [fromPlayer.data!.id, fromWatcher.data!.id]);
    // written to the database with the other joins of the moment (src/chat/member-batch.ts)
    const watcherRow = await eventually(() => getMember(server.database.db, roomId, watcherId), "the spectator's member row");
    assert.equal(watcherRow.role, "spectator");
    assert.equal((await getMember(server.database.db, roomId, members[0]!.id))?.role, "player");
  });

  it("answers a plain send with a message:create reply to the sender only", async () => {
    const [kari, ola] = await table();
    kari!.player.send("message:create", { body: "uten request" });
    const reply = (await kari!.player.waitFor("message:create")) as unknown as Reply;
    assertSeedMessage(reply.data, { body: "uten request", profileId: kari!.id, name: kari!.name });
    await waitForCreated(ola!.player, reply.data!.id);
    assert.equal(ola!.player.all("message:create").length, 0, "only the sender gets the reply");
  });

  it("answers every invalid body with {errors: {body: [\"can't be blank\"]}}, stores nothing and keeps the connection", async () => {
    const [kari, ola] = await table();
    const invalid: unknown[] = [
      "",
      "   ",
      " \n\n ",
      "x".repeat(2_001),
      "å".repeat(2_001),
      "tab\there",
      "carriage\rreturn",
      "nul\u0000byte",
      "escape\u001b[31m",
      "del\u007f",
      "c1\u0085",
      42,
      null,
      ["array"],
      { nested: "object" },
    ];
    for (const body of invalid) {
      const reply = (await kari!.player.room.request("message:create", { body })) as Reply;
      assert.deepEqual(reply, BLANK_ERROR, `body ${JSON.stringify(body).slice(0, 40)}`);
    }
    for (const payload of [undefined, {}, "just a string", { text: "wrong field" }]) {
      const reply = (await kari!.player.room.request("message:create", payload)) as Reply;
      assert.deepEqual(reply, BLANK_ERROR, `payload ${JSON.stringify(payload)}`);
    }
    // the limits are exact: 2,000 characters (also of 4-byte characters) and newlines pass
    for (const body of ["x".repeat(2_000), "😀".repeat(2_000), "første linje\nandre linje"]) {
      const reply = (await kari!.player.room.request("message:create", { body })) as Reply;
      assert.equal(reply.data?.body, body);
      await waitForCreated(ola!.player, reply.data!.id);
    }
    assert.equal(created(ola!.player).length, 3, "only the valid messages were delivered");
    assert.equal(kari!.player.room.connection.isOpen, true, "never disconnected");
    const history = await rest(server.url, "GET", kari!.player.room.roomId, { jwt: kari!.jwt });
    assert.equal((history.body as { data: unknown[] }).data.length, 3, "only the valid messages were stored");
  });

  it("keeps a chat flood from disconnecting anyone or disturbing the game, which plays to its end", async () => {
    const members = await table({ round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, max_rounds: 1, game_over_linger: 1 });
    const [kari] = members;
    members.forEach((m) => autoplay(m.player));
    // every seat plays as soon as it may; the host fills nothing (four humans) and starts
    kari!.player.send("start_game", {});
    await kari!.player.waitFor("phase_change");
    const replies = await Promise.all(Array.from({ length: 150 }, (_, i) => kari!.player.room.request("message:create", { body: `flom ${i}` }) as Promise<Reply>));
    const stored = replies.filter((r) => r.data !== undefined);
    const limited = replies.filter((r) => r.errors !== undefined);
    assert.ok(stored.length >= 1 && stored.length <= 5, `at most a burst of 5 stored (${stored.length})`);
    assert.equal(stored.length + limited.length, 150);
    for (const r of limited) assert.deepEqual(r, { errors: ["rate_limited"] });
    for (const m of members) assert.equal(m.player.room.connection.isOpen, true, `${m.name} still connected after the flood`);
    await Promise.all(members.map((m) => m.player.waitFor("game_over", () => true, 45_000)));
    for (const m of members) {
      assert.equal(m.player.all("error").filter((e) => String(e.data.code) === "4001").length, 0, `${m.name}: no game message was rate-limited by the chat`);
      assert.equal(created(m.player).length, stored.length, `${m.name} saw each stored message`);
    }
  });

  it("never puts chat in the game's event log: sync_request replays no message", async () => {
    const [kari, ola] = await table();
    const reply = (await kari!.player.room.request("message:create", { body: "ikke i loggen" })) as Reply;
    await waitForCreated(ola!.player, reply.data!.id);
    const room = matchMaker.getLocalRoomById(kari!.player.room.roomId) as unknown as { messenger: { log: { since(seq: number, viewer: object, limits: object): { events: Array<{ event: string }> } } } };
    const logged = room.messenger.log.since(0, { playerId: undefined }, { maxEvents: 10_000, maxBytes: 1 << 30 }).events.map((e) => e.event);
    assert.ok(!logged.includes("message_created"), `not logged: ${logged.join(", ")}`);
    const sync = await ola!.player.request("sync_request", { last_sequence: 0 }, ["sync_response"]);
    const missed = (sync.payload.data as { missed_events: Array<{ event: string }> }).missed_events.map((e) => e.event);
    assert.ok(!missed.includes("message_created"));
  });

  it("lets members read the conversation over REST after the room ended", async () => {
    const members = await table();
    const roomId = members[0]!.player.room.roomId;
    const reply = (await members[1]!.player.room.request("message:create", { body: "før slutt" })) as Reply;
    assert.ok(reply.data);
    assert.deepEqual(await server.presence.presence.channels(`chat:${roomId}`), [`chat:${roomId}`], "the live room listens on its chat channel");
    await Promise.all(members.map((m) => m.player.leave()));
    await eventually(async () => (matchMaker.getLocalRoomById(roomId) === undefined ? true : undefined), "the room to be disposed");
    assert.deepEqual(await server.presence.presence.channels(`chat:${roomId}`), [], "the room's chat subscription ended with it");
    const history = await rest(server.url, "GET", roomId, { jwt: members[3]!.jwt });
    assert.equal(history.status, 200);
    assert.deepEqual((history.body as { data: SeedMessage[] }).data.map((m) => m.id), [reply.data!.id]);
  });

  it("works the same at a card battle table (managed room)", async () => {
    const ids = [randomUUID(), randomUUID()];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids, { names: { [ids[0]!]: "Siri", [ids[1]!]: "Nils" } }));
    const players = [];
    for (const id of ids) {
      const p = await SdkPlayer.join(ws, roomId, {}, await token(id));
      open.push(p);
      players.push(p);
    }
    const reply = (await players[1]!.room.request("message:create", { body: "kortspill" })) as Reply;
    assertSeedMessage(reply.data, { body: "kortspill", profileId: ids[1]!, name: "Nils" });
    for (const p of players) await waitForCreated(p, reply.data!.id);
    const bad = (await players[0]!.room.request("message:create", { body: "\u0007" })) as Reply;
    assert.deepEqual(bad, BLANK_ERROR);
  });

  it("never disconnects a chat flood beyond the room's per-second message backstop (card battle: 60/s)", async () => {
    const ids = [randomUUID(), randomUUID()];
    const roomId = await createCardBattleRoom(cardBattleSpec(ids));
    const players = [];
    for (const id of ids) {
      const p = await SdkPlayer.join(ws, roomId, {}, await token(id, "Flom"));
      open.push(p);
      players.push(p);
    }
    const flooder = players[0]!;
    for (let i = 0; i < 300; i++) flooder.send("message:create", { body: `flom ${i}` });
    const replies = await Promise.all(Array.from({ length: 50 }, () => flooder.room.request("message:create", { body: "mer" }) as Promise<Reply>));
    for (const r of replies) assert.ok(r.data !== undefined || JSON.stringify(r.errors) === '["rate_limited"]', JSON.stringify(r));
    const pong = await flooder.request("ping", { client_time: 1 }, ["pong"]);
    assert.ok(pong, "the game's own messages are still answered");
    assert.equal(flooder.room.connection.isOpen, true, "the flooder is still connected");
    assert.ok(matchMaker.getLocalRoomById(roomId), "the room is still there");
    assert.ok(created(players[1]!).length <= 5, "at most a burst of 5 messages reached the others");
  });
});
