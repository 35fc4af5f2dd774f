/**
 * Bytes handed to a socket stay as they were handed. `ws` writes a frame
 * without copying it, and a socket that cannot take it at once (a slow or
 * suspended client, a full kernel buffer) holds a reference until it can.
 * Colyseus's serializer sends a connection without a StateView (a spectator)
 * views into buffers it reuses for the next patch and the next full state, so
 * such a client would receive whatever was encoded last. This test records
 * every state frame the server's sockets are given, with a copy taken at that
 * moment, plays a game with two spectators (one drops and comes back: a new
 * connection), and checks that no frame changed afterwards.
 */
import assert from "node:assert/strict";
import { Protocol } from "@colyseus/core";
import { WebSocket } from "ws";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";
import { autoplay } from "../support/liap-autoplay.js";
import { playerToken } from "../support/card-battle-client.js";
import { QUIET_LIAP, Spectator } from "../spectators/support.js";

const SECRET = "s".repeat(40);

type Sent = { frame: Uint8Array; asSent: Uint8Array };

describe("state frames are not changed after they are handed to a socket", function () {
  this.timeout(60_000);
  let server: RunningServer & { url: string };
  let wsUrl: string;
  const open: SdkPlayer[] = [];
  const sent: Sent[] = [];
  const send = WebSocket.prototype.send;

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET });
    wsUrl = `ws://127.0.0.1:${server.port}`;
    // every frame a socket of this process is given (the server's and the test clients'): the state frames are the server's
    WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
      if (data instanceof Uint8Array && (data[0] === Protocol.ROOM_STATE || data[0] === Protocol.ROOM_STATE_PATCH)) {
        sent.push({ frame: data, asSent: data.slice() });
      }
      return (send as (this: WebSocket, ...args: unknown[]) => void).call(this, data, ...rest);
    } as typeof send;
  });
  after(async () => {
    WebSocket.prototype.send = send;
    await Promise.all(open.splice(0).map((p) => p.leave()));
    await server?.stop();
  });

  it("a Liap Tui game watched by two spectators, one of them reconnecting: every patch and full state keeps its bytes", async () => {
    const host = await SdkPlayer.create(wsUrl, "liap_tui", { player_name: "frames-host", options: { ...QUIET_LIAP, seed: "stable-frames", max_rounds: 1 } }, await playerToken(SECRET, "frames-host"));
    open.push(host);
    await host.waitFor("room_joined");
    for (let i = 0; i < 3; i++) await host.request("add_bot", {}, ["player_joined"]);
    const first = await Spectator.join(wsUrl, host.room.roomId, { token: await playerToken(SECRET, "frames-watcher-1") });
    open.push(first.sdk);
    await first.sdk.waitFor("room_joined");
    // it drops and comes back before the game: a new connection on the server, which then gets the whole game
    await first.dropAndReconnect(wsUrl, await playerToken(SECRET, "frames-watcher-1"), "reconnected");
    const afterReconnect = sent.length;

    autoplay(host);
    host.send("start_game", {});
    await first.untilPhase(["TURN"]);
    // a second spectator mid-game: the full state is encoded again into the buffer the first one's came from
    const second = await Spectator.join(wsUrl, host.room.roomId, { token: await playerToken(SECRET, "frames-watcher-2") });
    open.push(second.sdk);
    await host.waitFor("game_over", () => true, 30_000);
    await second.untilPhase(["GAME_OVER"]);

    assert.ok(sent.length > afterReconnect + 20, "patches after the reconnection");
    const fullStates = sent.filter((s) => s.frame[0] === Protocol.ROOM_STATE).length;
    assert.ok(fullStates >= 4, `full states sent: ${fullStates}`);
    assert.ok(sent.length > 50, `state frames sent: ${sent.length}`);
    const changed = sent.filter((s) => Buffer.compare(s.frame, s.asSent) !== 0);
    assert.equal(changed.length, 0, `${changed.length} of ${sent.length} state frames changed after they were sent (first: type ${changed[0]?.asSent[0]}, ${changed[0]?.asSent.byteLength} bytes)`);
  });
});
