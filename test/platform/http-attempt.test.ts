/**
 * src/platform/http-attempt.ts against real local servers: answers (a
 * redirect reported, never followed), an answer body over the bound, a
 * connection cut mid-answer, and kept-alive connections reused.
 */
import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { attemptRequest, MAX_ANSWER_BYTES } from "../../src/platform/http-attempt.js";

/** A local server answering each request with `answer`; counts the connections it accepted. */
async function serve(answer: (res: ServerResponse, path: string) => void): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => answer(res, req.url ?? ""));
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const send = (url: string) => attemptRequest({ method: "PUT", url, headers: { "Content-Type": "application/json" }, body: { a: 1 }, timeoutMs: 2_000 });

describe("one HTTP attempt to the platform", () => {
  it("reports a redirect as the answer and does not follow it", async () => {
    const server = await serve((res, path) => {
      if (path === "/elsewhere") throw new Error("followed the redirect");
      res.writeHead(302, { Location: "/elsewhere" }).end();
    });
    try {
      assert.deepEqual(await send(`${server.url}/rooms`), { type: "response", status: 302, body: null });
    } finally {
      await server.close();
    }
  });

  it("gives up on an answer body over the bound, as a network failure", async () => {
    const server = await serve((res) => res.writeHead(200, { "Content-Type": "application/json" }).end(`"${"x".repeat(MAX_ANSWER_BYTES + 10)}"`));
    try {
      assert.deepEqual(await send(`${server.url}/rooms`), { type: "network", error: `answer body over ${MAX_ANSWER_BYTES} bytes` });
    } finally {
      await server.close();
    }
  });

  it("reports a connection cut in the middle of the answer as a network failure", async () => {
    const server = await serve((res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("{");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const result = await send(`${server.url}/rooms`);
      assert.equal(result.type, "network");
    } finally {
      await server.close();
    }
  });

  it("parses JSON answers and reuses one kept-alive connection for requests in a row", async () => {
    const server = await serve((res) => res.writeHead(200, { "Content-Type": "application/json" }).end(`{"acknowledged":true}`));
    try {
      for (let i = 0; i < 5; i++) assert.deepEqual(await send(`${server.url}/rooms/${i}`), { type: "response", status: 200, body: { acknowledged: true } });
      assert.equal(server.connections(), 1);
    } finally {
      await server.close();
    }
  });
});
