/**
 * A stand-in for the platform's internal API on a real loopback socket: it
 * records every request and answers according to a script.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { Counter, Gauge } from "prom-client";
import { Metrics } from "../../src/metrics.js";

/** One request as the platform received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  /** When the request had been read (ms since epoch). */
  receivedAt: number;
  /** When its connection closed or its answer was sent (ms since epoch). */
  endedAt?: number;
  /** The status actually sent back (undefined when the client gave up first or the request hangs). */
  answered?: number;
}

/** An answer: a status with a JSON body, holding the request open without answering, or cutting the connection (as if the service were down). */
export type Reply = { status: number; body?: unknown; delayMs?: number } | "hang" | "reset";

/** Decides the reply to the n-th request (0-based). */
export type Responder = (request: RecordedRequest, index: number) => Reply;

/** The default answer: 200 with the contract's acknowledgement. */
export const ACK: Reply = { status: 200, body: { acknowledged: true } };

/** A scripted platform on 127.0.0.1. */
export class FakePlatform {
  readonly requests: RecordedRequest[] = [];
  private responder: Responder = () => ACK;
  private readonly server: Server;
  readonly port: number;

  private constructor(server: Server, port: number) {
    this.server = server;
    this.port = port;
  }

  /** Starts listening, on `port` when given (0 picks a free one). */
  static async start(port = 0): Promise<FakePlatform> {
    let platform: FakePlatform | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => platform?.handle(req.method ?? "", req.url ?? "", req.headers, Buffer.concat(chunks).toString("utf8"), res));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    platform = new FakePlatform(server, (server.address() as AddressInfo).port);
    return platform;
  }

  /** Base URL to give the client. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers with `responder` from now on. */
  respond(responder: Responder): void {
    this.responder = responder;
  }

  /** Answers the next requests with `replies` in order, then with `then` (default 200 ack). */
  script(replies: Reply[], then: Reply = ACK): void {
    let next = 0;
    this.respond(() => (next < replies.length ? replies[next++] : then));
  }

  /** Paths of the recorded requests, prefixed by method. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  /** Requests of one kind that got a 2xx answer, by room: what the platform acknowledged. */
  acknowledged(kind: "ready" | "started" | "finished" | "aborted"): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) {
      if (r.answered === undefined || r.answered < 200 || r.answered >= 300) continue;
      const roomId = kind === "ready" ? (r.body as { room_id?: string } | undefined)?.room_id : r.path.match(new RegExp(`^/internal/rooms/([^/]+)/${kind}$`))?.[1];
      if (roomId === undefined || (kind === "ready" && r.path !== "/internal/rooms")) continue;
      counts.set(decodeURIComponent(roomId), (counts.get(decodeURIComponent(roomId)) ?? 0) + 1);
    }
    return counts;
  }

  /** Stops listening and cuts every open connection. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, path: string, headers: IncomingHttpHeaders, rawBody: string, res: ServerResponse): void {
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // kept as text
    }
    const recorded: RecordedRequest = { method, path, headers, rawBody, body, receivedAt: Date.now() };
    const index = this.requests.push(recorded) - 1;
    res.on("close", () => {
      recorded.endedAt ??= Date.now();
    });
    const reply = this.responder(recorded, index);
    if (reply === "hang") return;
    if (reply === "reset") {
      res.socket?.destroy();
      return;
    }
    const send = () => {
      if (res.destroyed) return;
      recorded.answered = reply.status;
      res.writeHead(reply.status, { "Content-Type": "application/json" });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    };
    if (reply.delayMs !== undefined) setTimeout(send, reply.delayMs);
    else send();
  }
}

/** A pino logger writing JSON lines into an array, for assertions. */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

/** A fresh metrics registry. */
export function testMetrics(): Metrics {
  return new Metrics("test-node");
}

/** The current value of a counter for exactly these labels (0 when never incremented). */
export async function counterValue(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  const match = values.find((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want) && Object.keys(v.labels).length === Object.keys(labels).length);
  return match?.value ?? 0;
}

/** The current value of a gauge without labels. */
export async function gaugeValue(gauge: Gauge<string>): Promise<number> {
  const { values } = await gauge.get();
  return values[0]?.value ?? 0;
}

/** A `sleep` that waits for nothing and records what it was asked. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}
