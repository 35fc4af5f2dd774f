/**
 * Creates the WebSocket transport: `ws` by default; uWebSockets.js when
 * TRANSPORT=uws, loaded lazily because it is published only on GitHub and is
 * therefore an optional install (see README, "uWebSockets.js transport").
 *
 * The `ws` transport's heartbeat is spread over its interval: the stock one
 * pings every client in one loop every 3 s, which stalls the event loop for
 * tens of milliseconds per thousand clients (BENCHMARKS.md, "Heartbeat").
 */
import type { Transport } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { Config } from "./config.js";
import { createEdgeServer } from "./http/edge.js";

/** Heartbeat: every client is pinged once per interval; one left unanswered for `HEARTBEAT_MAX_MISSED` intervals is terminated. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_MAX_MISSED = 2;
/** The interval is walked in slices this long, each pinging its share of the clients. */
export const HEARTBEAT_SLICE_MS = 100;

/** What the heartbeat needs of a `ws` socket (the transport keeps `pingCount`, reset by every pong). */
interface HeartbeatSocket {
  pingCount: number;
  ping(data?: unknown, mask?: boolean, callback?: (error?: Error) => void): void;
  terminate(): void;
}

/**
 * Pings a set of sockets a slice at a time: every `sliceMs` it pings
 * ⌈size × sliceMs / intervalMs⌉ of them, walking the set in order and
 * starting over once through, so each socket is pinged about once per
 * interval and the work is even over time instead of one burst per interval.
 * A socket already pinged `maxMissed` times without a pong is terminated.
 */
export class SpreadHeartbeat {
  private cursor?: Iterator<HeartbeatSocket>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sockets: Set<HeartbeatSocket>,
    private readonly intervalMs: number,
    private readonly maxMissed: number,
    private readonly sliceMs = HEARTBEAT_SLICE_MS,
  ) {}

  start(): NodeJS.Timeout {
    this.timer = setInterval(() => this.slice(), Math.min(this.sliceMs, this.intervalMs));
    return this.timer;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /** Pings the next share of the sockets (a Set iterator skips deleted sockets and reaches ones added later). */
  slice(): void {
    const size = this.sockets.size;
    if (size === 0) return;
    let budget = Math.ceil((size * Math.min(this.sliceMs, this.intervalMs)) / this.intervalMs);
    let restarted = false;
    while (budget > 0) {
      this.cursor ??= this.sockets.values();
      const next = this.cursor.next();
      if (next.done === true) {
        this.cursor = undefined;
        // once through per slice at most: a small set is not pinged twice in one slice
        if (restarted) return;
        restarted = true;
        continue;
      }
      budget--;
      const socket = next.value;
      if (socket.pingCount >= this.maxMissed) {
        socket.terminate();
        continue;
      }
      socket.pingCount++;
      socket.ping(undefined, undefined, noop);
    }
  }
}

function noop(): void {}

/** The `ws` transport with the spread heartbeat in place of the stock one-loop ping. */
export class SpreadHeartbeatTransport extends WebSocketTransport {
  private heartbeat?: SpreadHeartbeat;

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    this.heartbeat?.stop();
    this.heartbeat = new SpreadHeartbeat(this.wss.clients as unknown as Set<HeartbeatSocket>, pingInterval, pingMaxRetries);
    // the base class clears `pingInterval` when the HTTP server closes
    this.pingInterval = this.heartbeat.start();
  }
}

/** Thrown when TRANSPORT=uws but the optional packages are not installed. */
export class TransportUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      "TRANSPORT=uws needs uWebSockets.js, which is not installed. Install it from its official source with " +
        "`npm install --no-save github:uNetworking/uWebSockets.js#v20.57.0 @colyseus/uwebsockets-transport@^0.18 uwebsockets-express@^2`, " +
        "or unset TRANSPORT to use the default ws transport.",
      { cause },
    );
    this.name = "TransportUnavailableError";
  }
}

/** Shape of the optional `@colyseus/uwebsockets-transport` module. */
interface UwsTransportModule {
  uWebSocketsTransport: new (options?: Record<string, unknown>) => Transport;
}

/** Loads a module by a name TypeScript does not resolve, so the optional dependency stays optional. */
async function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** The transport selected by configuration. */
export async function createTransport(config: Pick<Config, "transport" | "edge">): Promise<Transport> {
  if (config.transport === "ws") {
    // our own HTTP server: request timeouts and the per-address connection cap (see src/http/edge.ts)
    return new SpreadHeartbeatTransport({
      maxPayload: 8 * 1024,
      pingInterval: HEARTBEAT_INTERVAL_MS,
      pingMaxRetries: HEARTBEAT_MAX_MISSED,
      server: createEdgeServer(config.edge),
    });
  }
  let mod: UwsTransportModule;
  try {
    mod = (await importOptional("@colyseus/uwebsockets-transport")) as UwsTransportModule;
  } catch (error) {
    throw new TransportUnavailableError(error);
  }
  return new mod.uWebSocketsTransport({ maxPayloadLength: 8 * 1024 });
}
