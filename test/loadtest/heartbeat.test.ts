/**
 * The spread heartbeat (src/transport.ts) over real sockets: each slice pings
 * only its share of the clients, every client is pinged once per pass, a
 * client that answers stays, one that never answers is terminated after the
 * allowed misses; and the server's transport uses it.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { createTransport, SpreadHeartbeat, SpreadHeartbeatTransport } from "../../src/transport.js";

type ServerSocket = WebSocket & { pingCount: number };

describe("spread heartbeat", function () {
  this.timeout(20_000);
  let wss: WebSocketServer;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss.once("listening", resolve));
    wss.on("connection", (socket: ServerSocket) => {
      socket.pingCount = 0;
      socket.on("pong", () => {
        socket.pingCount = 0;
      });
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  async function connect(count: number, answers: boolean): Promise<Array<{ socket: WebSocket; pings: number }>> {
    const port = (wss.address() as AddressInfo).port;
    return Promise.all(
      Array.from({ length: count }, async () => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong: answers });
        clients.push(socket);
        const entry = { socket, pings: 0 };
        socket.on("ping", () => entry.pings++);
        await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
        return entry;
      }),
    );
  }

  /** Lets pings and pongs cross the loopback. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it("pings a share of the clients per slice, each client once per pass, and terminates clients that never answer", async () => {
    const answering = await connect(30, true);
    const silent = await connect(10, false);
    while (wss.clients.size < 40) await settle();
    const sockets = wss.clients as unknown as Set<ServerSocket>;
    // 40 clients, interval 1000 ms in slices of 100 ms: 4 pings per slice
    const heartbeat = new SpreadHeartbeat(sockets, 1000, 2, 100);

    heartbeat.slice();
    await settle();
    const pinged = [...answering, ...silent].filter((c) => c.pings > 0).length;
    assert.equal(pinged, 4, "one slice pings its share only");

    for (let i = 1; i < 10; i++) heartbeat.slice();
    await settle();
    for (const client of [...answering, ...silent]) assert.equal(client.pings, 1, "one pass pings every client once");
    assert.equal([...sockets].filter((s) => s.pingCount === 1).length, 10, "only the silent clients still owe a pong");

    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < 10; i++) heartbeat.slice();
      await settle();
    }
    while (silent.some((c) => c.socket.readyState !== WebSocket.CLOSED)) await settle();
    for (const client of answering) {
      assert.equal(client.socket.readyState, WebSocket.OPEN);
      assert.equal(client.pings, 3);
    }
    assert.equal(wss.clients.size, 30);
  });

  it("never pings a client twice in one slice when there are fewer clients than the slice's share", async () => {
    const few = await connect(3, true);
    while (wss.clients.size < 3) await settle();
    const heartbeat = new SpreadHeartbeat(wss.clients as unknown as Set<ServerSocket>, 100, 2, 100);
    heartbeat.slice();
    await settle();
    assert.deepEqual(
      few.map((c) => c.pings),
      [1, 1, 1],
    );
  });

  it("is the ws transport the server uses", async () => {
    const transport = await createTransport({
      transport: "ws",
      edge: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnectionsPerIp: 0, trustedProxies: [] },
    });
    assert.ok(transport instanceof SpreadHeartbeatTransport);
    transport.shutdown();
  });
});
