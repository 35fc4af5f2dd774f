/**
 * One Phoenix Channels v2 socket: the `phoenix` topic's heartbeat, joins and
 * leaves of topics (routed by prefix to their handlers), pushes to joined
 * channels and their `phx_reply`. A socket that sends nothing, heartbeats
 * included, for the idle time is closed (Phoenix's own rule; its client
 * heartbeats every 30 s). Frames that are not v2 messages are answered with
 * an error reply when they carry a readable ref, ignored otherwise; the
 * socket stays open (only frames over the size limit close it, 1009).
 */
import type { WebSocket } from "ws";
import type { GatewayIdentity } from "../gateway/identity.js";
import { decode, encode, reply } from "./serializer.js";
import type { Channel, TopicHandler } from "./topics.js";

/** Channels one socket may have joined at once. */
const MAX_CHANNELS = 16;

interface Joined {
  joinRef: string | null;
  channel?: Channel;
  /** Set while the join is under way. */
  joining: boolean;
}

export class PhoenixSocket {
  private readonly channels = new Map<string, Joined>();
  private idleTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly identity: GatewayIdentity | undefined,
    private readonly trustedGateway: boolean,
    private readonly topics: readonly TopicHandler[],
    private readonly idleMs: number,
  ) {
    socket.on("message", (frame, isBinary) => this.onFrame(frame as Buffer, isBinary));
    socket.on("close", () => this.onClose());
    socket.on("error", () => {});
    this.touch();
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.socket.close(1000, "heartbeat timeout"), this.idleMs);
    this.idleTimer.unref();
  }

  private send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  private onFrame(frame: Buffer, isBinary: boolean): void {
    this.touch();
    if (isBinary) return; // binary payloads are not served
    const decoded = decode(frame.toString("utf8"));
    const message = decoded.message;
    if (message === undefined) {
      if (decoded.ref !== undefined && decoded.topic !== undefined) this.send(reply(decoded.joinRef ?? null, decoded.ref, decoded.topic, "error", { reason: "invalid message" }));
      return;
    }
    const { joinRef, ref, topic, event, payload } = message;
    if (topic === "phoenix") {
      if (event === "heartbeat") this.send(reply(null, ref, "phoenix", "ok", {}));
      return;
    }
    if (event === "phx_join") {
      void this.join(joinRef, ref, topic, payload);
      return;
    }
    const joined = this.channels.get(topic);
    if (joined === undefined || joined.channel === undefined || (joinRef !== null && joinRef !== joined.joinRef)) {
      this.send(reply(joinRef, ref, topic, "error", { reason: "unmatched topic" }));
      return;
    }
    if (event === "phx_leave") {
      this.channels.delete(topic);
      joined.channel.leave();
      this.send(reply(joinRef, ref, topic, "ok", {}));
      this.send(encode(joined.joinRef, joined.joinRef, topic, "phx_close", {}));
      return;
    }
    joined.channel.handleIn(event, payload).then(
      (answer) => this.send(reply(joinRef, ref, topic, answer.status, answer.response)),
      () => this.send(reply(joinRef, ref, topic, "error", { reason: "internal error" })),
    );
  }

  private async join(joinRef: string | null, ref: string | null, topic: string, payload: unknown): Promise<void> {
    const existing = this.channels.get(topic);
    if (existing?.joining === true) {
      this.send(reply(joinRef, ref, topic, "error", { reason: "join already under way" }));
      return;
    }
    if (existing?.channel !== undefined) {
      // a second join of a topic replaces the first (as Phoenix does): the old channel closes without giving up its seat
      this.channels.delete(topic);
      existing.channel.disconnect();
      this.send(encode(existing.joinRef, existing.joinRef, topic, "phx_close", {}));
    }
    if (this.channels.size >= MAX_CHANNELS) {
      this.send(reply(joinRef, ref, topic, "error", { reason: "too many channels" }));
      return;
    }
    const handler = this.topics.find((t) => topic.startsWith(t.prefix));
    if (handler === undefined) {
      this.send(reply(joinRef, ref, topic, "error", { reason: "unmatched topic" }));
      return;
    }
    const entry: Joined = { joinRef, joining: true };
    this.channels.set(topic, entry);
    const output = {
      push: (event: string, body: unknown) => {
        if (this.channels.get(topic) === entry) this.send(encode(joinRef, null, topic, event, body));
      },
      close: () => {
        if (this.channels.get(topic) !== entry) return;
        this.channels.delete(topic);
        this.send(encode(joinRef, joinRef, topic, "phx_close", {}));
      },
      error: () => {
        if (this.channels.get(topic) !== entry) return;
        this.channels.delete(topic);
        this.send(encode(joinRef, joinRef, topic, "phx_error", {}));
      },
    };
    let result;
    try {
      result = await handler.join({ subtopic: topic.slice(handler.prefix.length), payload, identity: this.identity, trustedGateway: this.trustedGateway, output });
    } catch {
      result = { ok: false as const, reason: "join crashed" };
    }
    if (!result.ok) {
      this.channels.delete(topic);
      this.send(reply(joinRef, ref, topic, "error", { reason: result.reason }));
      return;
    }
    if (this.closed || this.channels.get(topic) !== entry) {
      result.channel.disconnect();
      return;
    }
    entry.joining = false;
    entry.channel = result.channel;
    this.send(reply(joinRef, ref, topic, "ok", result.response));
    result.channel.start?.();
  }

  private onClose(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const joined of this.channels.values()) joined.channel?.disconnect();
    this.channels.clear();
  }
}
