/** The official `phoenix` client in Node 22 (global WebSocket) for endpoint tests: one socket, its channels, every message seen. */
import { Socket, type Channel } from "phoenix";

export interface Seen {
  topic: string;
  event: string;
  payload: Record<string, unknown> & { data?: Record<string, unknown> };
}

export class PhoenixPlayer {
  readonly seen: Seen[] = [];
  closes = 0;
  private waiters: Array<{ match: (s: Seen) => boolean; resolve: (s: Seen) => void }> = [];

  constructor(readonly socket: Socket) {
    socket.onClose(() => {
      this.closes++;
    });
  }

  static connect(httpUrl: string, token?: string, options: { heartbeatIntervalMs?: number } = {}): PhoenixPlayer {
    const socket = new Socket(`${httpUrl.replace(/^http/, "ws")}/socket`, {
      params: token === undefined ? {} : { token },
      transport: WebSocket as never,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
      // a test wants to see a refusal, not the library's endless rejoin
      rejoinAfterMs: () => 60_000,
      reconnectAfterMs: () => 60_000,
    });
    socket.connect();
    return new PhoenixPlayer(socket);
  }

  /** Joins a topic; resolves with the reply's status and response. */
  join(topic: string, payload: Record<string, unknown> = {}): Promise<{ status: string; response: Record<string, unknown>; channel: Channel }> {
    const channel = this.socket.channel(topic, payload);
    channel.onMessage = (event: string, body: unknown) => {
      if (!event.startsWith("phx_") && !event.startsWith("chan_reply_")) {
        const seen = { topic, event, payload: (body ?? {}) as Seen["payload"] };
        this.seen.push(seen);
        this.waiters = this.waiters.filter((w) => {
          if (!w.match(seen)) return true;
          w.resolve(seen);
          return false;
        });
      }
      return body;
    };
    return new Promise((resolve) => {
      channel
        .join()
        .receive("ok", (response: Record<string, unknown>) => resolve({ status: "ok", response, channel }))
        .receive("error", (response: Record<string, unknown>) => {
          channel.leave();
          resolve({ status: "error", response, channel });
        })
        .receive("timeout", () => resolve({ status: "timeout", response: {}, channel }));
    });
  }

  /** Pushes an event; resolves with the phx_reply's status and response. */
  push(channel: Channel, event: string, payload: object): Promise<{ status: string; response: Record<string, unknown> }> {
    return new Promise((resolve) => {
      channel
        .push(event, payload, 10_000)
        .receive("ok", (response: Record<string, unknown>) => resolve({ status: "ok", response }))
        .receive("error", (response: Record<string, unknown>) => resolve({ status: "error", response }))
        .receive("timeout", () => resolve({ status: "timeout", response: {} }));
    });
  }

  waitFor(event: string, match: (s: Seen) => boolean = () => true, timeoutMs = 10_000): Promise<Seen> {
    const found = this.seen.find((s) => s.event === event && match(s));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms; saw ${this.seen.map((s) => s.event).join(",")}`)), timeoutMs);
      this.waiters.push({
        match: (s) => s.event === event && match(s),
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
      });
    });
  }

  all(event: string): Seen[] {
    return this.seen.filter((s) => s.event === event);
  }

  disconnect(): void {
    this.socket.disconnect();
  }
}
