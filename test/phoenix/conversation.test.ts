import assert from "node:assert/strict";
import WebSocket from "ws";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { assertSeedMessage, BLANK_ERROR, eventually, GATEWAY_SECRET, liapTable, rest, SECRET, token, waitForCreated, type Member, type SeedMessage } from "../chat/support.js";
import { PhoenixPlayer } from "./support/phoenix-player.js";

/** A raw v2 socket with chosen upgrade headers (the phoenix client, like a browser, cannot set any). */
async function rawSocket(httpUrl: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${httpUrl.replace(/^http/, "ws")}/socket/websocket?vsn=2.0.0`, { headers });
  const frames: unknown[][] = [];
  socket.on("message", (data) => frames.push(JSON.parse(String(data)) as unknown[]));
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const replyTo = async (ref: string) => {
    for (let i = 0; i < 100; i++) {
      const found = frames.find((f) => f[1] === ref && f[3] === "phx_reply");
      if (found !== undefined) return found[4] as { status: string; response: Record<string, unknown> };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no reply to ${ref}`);
  };
  return { socket, frames, replyTo };
}

describe("Phoenix conversation:{room_id} topics (seed 002 chat) with the official phoenix client", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  let members: Member[];
  const sockets: PhoenixPlayer[] = [];

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET, LOBBY_TRUST_USER_HEADER: "true", LOBBY_GATEWAY_SECRET: GATEWAY_SECRET });
    members = await liapTable(server.url, ["Kari", "Ola"]);
    // membership is recorded a moment after the join
    for (const m of members) await eventually(async () => ((await rest(server.url, "GET", m.player.room.roomId, { jwt: m.jwt })).status === 200 ? true : undefined), "membership");
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    for (const m of members ?? []) await m.player.leave();
    await server?.stop();
  });

  it("message:create replies {data} and every member gets message_created, over Phoenix and the room alike", async () => {
    const [kari, ola] = members as [Member, Member];
    const roomId = kari.player.room.roomId;
    const kariSocket = PhoenixPlayer.connect(server.url, kari.jwt);
    const olaSocket = PhoenixPlayer.connect(server.url, ola.jwt);
    sockets.push(kariSocket, olaSocket);
    const kariJoin = await kariSocket.join(`conversation:${roomId}`);
    const olaJoin = await olaSocket.join(`conversation:${roomId}`);
    assert.equal(kariJoin.status, "ok", JSON.stringify(kariJoin.response));
    assert.equal(olaJoin.status, "ok");

    const sent = await kariSocket.push(kariJoin.channel, "message:create", { body: "Hei fra Phoenix" });
    assert.equal(sent.status, "ok", JSON.stringify(sent.response));
    const message = sent.response.data as SeedMessage;
    assertSeedMessage(message, { body: "Hei fra Phoenix", profileId: kari.id, name: "Kari" });
    for (const socket of [kariSocket, olaSocket]) {
      const seen = await socket.waitFor("message_created", (s) => (s.payload.data as unknown as SeedMessage).id === message.id);
      assert.deepEqual(seen.payload, { data: message });
    }
    // the room's own clients get it too, and a message sent in the room reaches the Phoenix members
    assert.deepEqual(await waitForCreated(ola.player, message.id), message);
    const inRoom = await ola.player.request("message:create", { body: "Hei fra rommet" }, ["message:create"]);
    const roomMessage = (inRoom.payload as unknown as { data: SeedMessage }).data;
    await kariSocket.waitFor("message_created", (s) => (s.payload.data as unknown as SeedMessage).id === roomMessage.id);

    // refused bodies: the seed's error
    for (const body of ["", "   ", 42]) {
      const refused = await kariSocket.push(kariJoin.channel, "message:create", { body });
      assert.deepEqual(refused, { status: "error", response: BLANK_ERROR });
    }
    const noBody = await kariSocket.push(kariJoin.channel, "message:create", {});
    assert.deepEqual(noBody, { status: "error", response: BLANK_ERROR });
  });

  it("refuses joins: forbidden for a non-member and an unknown room, unauthorized without a caller", async () => {
    const roomId = members[0]!.player.room.roomId;
    const stranger = PhoenixPlayer.connect(server.url, await token("stranger-id", "Stranger"));
    const anonymous = PhoenixPlayer.connect(server.url);
    sockets.push(stranger, anonymous);
    assert.deepEqual((await stranger.join(`conversation:${roomId}`)).response, { reason: "forbidden" });
    assert.deepEqual((await stranger.join("conversation:no-such-room")).response, { reason: "forbidden" });
    assert.deepEqual((await anonymous.join(`conversation:${roomId}`)).response, { reason: "unauthorized" });
    // seed 002's ids in the payload count only from the trusted gateway
    assert.deepEqual((await anonymous.join(`conversation:${roomId}`, { account_id: members[1]!.id, profile_id: members[1]!.id })).response, { reason: "unauthorized" });
  });

  it("takes seed 002's {account_id, profile_id} join payload from the trusted gateway (X-Gateway-Secret)", async () => {
    const ola = members[1]!;
    const roomId = ola.player.room.roomId;
    const gateway = await rawSocket(server.url, { "x-gateway-secret": GATEWAY_SECRET });
    gateway.socket.send(JSON.stringify(["1", "1", `conversation:${roomId}`, "phx_join", { account_id: ola.id, profile_id: ola.id }]));
    assert.equal((await gateway.replyTo("1")).status, "ok");
    gateway.socket.send(JSON.stringify(["1", "2", `conversation:${roomId}`, "message:create", { body: "via the gateway" }]));
    const reply = await gateway.replyTo("2");
    assert.equal(reply.status, "ok");
    assertSeedMessage(reply.response.data, { body: "via the gateway", profileId: ola.id, name: "Ola" });
    // ids that are not one account's own profile: unauthorized
    gateway.socket.send(JSON.stringify(["3", "3", `conversation:${roomId}`, "phx_join", { account_id: ola.id, profile_id: members[0]!.id }]));
    assert.deepEqual(await gateway.replyTo("3"), { status: "error", response: { reason: "unauthorized" } });
    gateway.socket.close();

    const wrongSecret = await rawSocket(server.url, { "x-gateway-secret": "not-the-secret-at-all" });
    wrongSecret.socket.send(JSON.stringify(["1", "1", `conversation:${roomId}`, "phx_join", { account_id: ola.id, profile_id: ola.id }]));
    assert.deepEqual(await wrongSecret.replyTo("1"), { status: "error", response: { reason: "unauthorized" } });
    wrongSecret.socket.close();
  });
});
