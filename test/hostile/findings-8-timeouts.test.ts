/**
 * Finding 8: a slow request body is not held for minutes (request timeout),
 * and one address cannot hold more than MAX_CONNECTIONS_PER_IP connections,
 * while a client under the cap is served normally.
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { startTestServer } from "../support/server.js";
import type { RunningServer } from "../../src/server.js";

/** Opens a raw TCP connection to the server. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves with what the server sent once it closes the connection. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.on("error", () => {});
    socket.once("close", () => resolve(received));
  });
}

describe("hostile finding 8: request timeouts and a per-address connection cap", function () {
  this.timeout(90_000);
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer({ HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "2000", MAX_CONNECTIONS_PER_IP: "4" });
  });
  after(async () => {
    await server?.stop();
  });

  it("closes a request whose body never finishes (408), instead of holding it", async () => {
    const socket = await open(server.port);
    const ended = closed(socket);
    socket.write("POST /matchmake/create/liap_tui HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"pla");
    assert.match(await ended, /^HTTP\/1\.1 408/);
  });

  it("closes a connection whose headers never finish", async () => {
    const socket = await open(server.port);
    const ended = closed(socket);
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\n");
    await ended;
  });

  it("refuses connections over the per-address cap and serves the address again once under it", async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => open(server.port)));
    const extra = await open(server.port);
    const refused = closed(extra);
    extra.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.equal(await refused, "", "the fifth connection is closed without an answer");
    held[0]!.destroy();
    await new Promise((resolve) => held[0]!.once("close", resolve));
    // the server notices the close asynchronously: retry briefly until a connection is served
    let answer = "";
    for (let attempt = 0; attempt < 50 && !answer.startsWith("HTTP/1.1 200"); attempt++) {
      const again = await open(server.port);
      const done = closed(again);
      again.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      answer = await done;
      if (!answer.startsWith("HTTP/1.1 200")) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(answer, /^HTTP\/1\.1 200/);
    for (const socket of held) socket.destroy();
  });
});
