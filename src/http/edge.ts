/**
 * The HTTP server's edge, below Express and Colyseus: request timeouts, a cap
 * on concurrent connections per client address, the client address itself
 * (X-Forwarded-For only from TRUSTED_PROXIES), and the byte-level checks of
 * the matchmaking route, whose body Colyseus reads itself: at most 64 KB,
 * valid JSON, an object, no key that could reach a prototype.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { matchMaker } from "@colyseus/core";
import { addressList, clientAddressOf } from "./addresses.js";
import { MAX_JSON_BODY_BYTES } from "./app.js";
import { ForbiddenKeyError, isJsonObject, parseJson } from "./safe-json.js";

/** The edge's limits (see README, "Security"). */
export interface EdgeLimits {
  /** Milliseconds a client has to send all request headers. */
  headersTimeoutMs: number;
  /** Milliseconds a client has to send a whole request, body included. */
  requestTimeoutMs: number;
  /** Open connections (HTTP and WebSocket) one client address may hold; 0 = no cap. */
  maxConnectionsPerIp: number;
  /** Reverse proxies (addresses or CIDR ranges): their X-Forwarded-For is believed and they are exempt from the cap. */
  trustedProxies: readonly string[];
}

/** An HTTP server with the edge's timeouts and per-address connection cap, for the transport to use. */
export function createEdgeServer(limits: EdgeLimits): Server {
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // how often the two timeouts above are checked (Node's default, 30 s, would let them run late)
    connectionsCheckingInterval: 1_000,
    keepAliveTimeout: 5_000,
  });
  if (limits.maxConnectionsPerIp > 0) capConnections(server, limits.maxConnectionsPerIp, addressList(limits.trustedProxies));
  return server;
}

/** Closes a new connection at once when its address already holds `max` (proxies exempt). */
function capConnections(server: Server, max: number, isProxy: (address: string | undefined) => boolean): void {
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined || isProxy(address)) return;
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Puts the matchmaking edge in front of every request listener of the server (call after Colyseus bound its routes):
 * POST /matchmake/* bodies are read here within the limit and checked, then handed on already parsed; the client
 * address headers Colyseus reads are replaced by the address this edge established.
 */
export function installMatchmakingEdge(server: Server, trustedProxies: readonly string[]): void {
  const isTrusted = addressList(trustedProxies);
  const listeners = server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners("request");
  const run = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || !(req.url ?? "").startsWith(`/${matchMaker.controller.matchmakeRoute}/`)) {
      run(req, res);
      return;
    }
    // Colyseus takes the client address from these headers: only this edge may set them
    const address = clientAddressOf(req, isTrusted);
    delete req.headers["x-real-ip"];
    delete req.headers["x-client-ip"];
    req.headers["x-forwarded-for"] = address;
    readMatchmakeBody(req).then(
      (body) => {
        (req as IncomingMessage & { body?: unknown }).body = body;
        req.headers["content-type"] = "application/json";
        run(req, res);
      },
      (error: unknown) => refuse(req, res, error),
    );
  });
}

/** A refused matchmaking body: status and message (never echoing the input). */
class BodyRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readMatchmakeBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_JSON_BODY_BYTES) {
      reject(new BodyRefusal(413, "request body is too large (at most 64 KB)"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_JSON_BODY_BYTES) {
        done = true;
        reject(new BodyRefusal(413, "request body is too large (at most 64 KB)"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", (error) => {
      if (!done) reject(error);
      done = true;
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") {
        resolve({});
        return;
      }
      let parsed: unknown;
      try {
        parsed = parseJson(text);
      } catch (error) {
        reject(
          error instanceof ForbiddenKeyError
            ? new BodyRefusal(400, "request body has a forbidden key (__proto__, constructor or prototype)")
            : new BodyRefusal(400, "request body is not valid JSON"),
        );
        return;
      }
      if (!isJsonObject(parsed)) reject(new BodyRefusal(400, "request body must be a JSON object"));
      else resolve(parsed);
    });
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const status = error instanceof BodyRefusal ? error.status : 400;
  const message = error instanceof BodyRefusal ? error.message : "request body could not be read";
  const cors = { ...matchMaker.controller.DEFAULT_CORS_HEADERS, ...matchMaker.controller.getCorsHeaders(new Headers(req.headers as Record<string, string>)) };
  const body = JSON.stringify({ code: status, error: message });
  res.writeHead(status, { ...cors, "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body, () => {
    // the rest of an oversized body is not read: drop the connection rather than drain it
    if (!req.complete) req.destroy();
  });
}
