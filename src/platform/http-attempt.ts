/**
 * One HTTP request to the platform with a hard time limit, its result as a
 * value (never a throw). Sent with `node:http`/`node:https` over kept-alive
 * connections: `fetch` cost about a third of the CPU of delivering a callback
 * (its web streams and promise chain; BENCHMARKS.md, "Prepared statements on
 * PGlite, and the outbox's statements").
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** What one attempt produced: an HTTP answer, a timeout, or a network failure. */
export type AttemptResult =
  | { type: "response"; status: number; body: unknown }
  | { type: "timeout"; error: string }
  | { type: "network"; error: string };

/** A request as the client sends it. */
export interface AttemptRequest {
  method: "POST" | "PUT";
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}

/** The most of an answer's body read; the platform answers a few bytes of JSON. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Idle connections close after this, before a server's usual 5 s keep-alive would close them under a new request. */
const IDLE_SOCKET_MS = 4_000;
const agents = {
  "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

/**
 * Sends one request; the time limit covers connecting, the answer and reading
 * its body. A redirect is an answer to report, never followed (it would carry
 * our API key elsewhere). A body beyond MAX_ANSWER_BYTES is a network failure.
 */
export function attemptRequest(request: AttemptRequest): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return resolve({ type: "network", error: `invalid URL ${request.url}` });
    }
    const protocol = url.protocol === "https:" ? "https:" : url.protocol === "http:" ? "http:" : undefined;
    if (protocol === undefined) return resolve({ type: "network", error: `unsupported protocol ${url.protocol}` });

    const payload = Buffer.from(JSON.stringify(request.body));
    const send = protocol === "https:" ? httpsRequest : httpRequest;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let req: ReturnType<typeof httpRequest>;
    try {
      req = send(url, { method: request.method, agent: agents[protocol], headers: { ...request.headers, "Content-Length": String(payload.length) } });
    } catch (error) {
      // e.g. a header value node:http refuses
      return settle({ type: "network", error: (error as Error).message });
    }
    timer = setTimeout(() => {
      settle({ type: "timeout", error: `no answer within ${request.timeoutMs} ms` });
      req.destroy();
    }, request.timeoutMs);
    req.on("error", (error: Error & { code?: unknown }) => {
      settle({ type: "network", error: typeof error.code === "string" ? `${error.code}: ${error.message}` : error.message });
    });
    req.on("response", (response: IncomingMessage) => readAnswer(response, settle, req.destroy.bind(req)));
    req.end(payload);
  });
}

/** Reads a bounded answer body, then settles with the status and the parsed body. */
function readAnswer(response: IncomingMessage, settle: (result: AttemptResult) => void, abort: () => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      settle({ type: "network", error: `answer body over ${MAX_ANSWER_BYTES} bytes` });
      abort();
      return;
    }
    chunks.push(chunk);
  });
  response.on("end", () => settle({ type: "response", status: response.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString("utf8")) }));
  // a connection cut before the answer ended ("aborted")
  response.on("error", (error: Error) => settle({ type: "network", error: error.message }));

}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
