/**
 * A real `@colyseus/sdk` client for room tests: records every message it
 * receives, waits for events, and checks after every state patch that it
 * never decoded another player's hand.
 */
import { Client, type Room } from "@colyseus/sdk";

/** A received message. */
export interface Received {
  type: string;
  payload: ServerEnvelope;
}

/** The seed-003 envelope every room message carries. */
export interface ServerEnvelope {
  event: string;
  data: Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
  room_id: string;
  server_time: number;
  sequence_number: number;
}

/** A Liap Tui hand as decoded: piece ids. */
type HandLike = { length: number; map<T>(fn: (id: string) => T): T[] } | undefined;
type PlayerLike = { hand?: HandLike; name?: string };
type StateLike = { players?: { length: number; at?(i: number): PlayerLike | undefined; [i: number]: PlayerLike } };

/** One player's connection. */
export class SdkPlayer {
  readonly messages: Received[] = [];
  /** Descriptions of every time another seat's hand was visible in this client's state. */
  readonly leaks: string[] = [];
  patches = 0;
  position = -1;
  private waiters: Array<{ match: (m: Received) => boolean; resolve: (m: Received) => void }> = [];
  private readonly listeners: Array<(type: string, payload: ServerEnvelope) => void> = [];
  private readonly patchListeners: Array<() => void> = [];

  constructor(
    readonly client: Client,
    public room: Room,
  ) {
    this.attach(room);
  }

  /** Connects a new SDK client and creates a room. */
  static async create(url: string, roomName: string, options: Record<string, unknown>, token?: string): Promise<SdkPlayer> {
    const client = new Client(url);
    if (token !== undefined) client.auth.token = token;
    const room = await client.create(roomName, options);
    return new SdkPlayer(client, room);
  }

  /** Connects a new SDK client and joins a room by id. */
  static async join(url: string, roomId: string, options: Record<string, unknown>, token?: string): Promise<SdkPlayer> {
    const client = new Client(url);
    if (token !== undefined) client.auth.token = token;
    const room = await client.joinById(roomId, options);
    return new SdkPlayer(client, room);
  }

  /** Listens on a (new) SDK room object, e.g. after a manual reconnect. */
  attach(room: Room): void {
    this.room = room;
    room.onMessage("*", (type: string | number, payload: ServerEnvelope) => {
      const message = { type: String(type), payload };
      if (message.type === "room_joined" || message.type === "reconnected") {
        const position = (payload.data as { position?: number }).position;
        if (typeof position === "number") this.position = position;
      }
      this.messages.push(message);
      for (const listener of this.listeners) listener(message.type, payload);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
    room.onStateChange(() => {
      this.patches++;
      this.checkPrivacy();
      for (const listener of this.patchListeners) listener();
    });
  }

  /** Calls `listener` after every decoded state patch from now on (across reconnections). */
  onEachPatch(listener: () => void): void {
    this.patchListeners.push(listener);
  }

  /** Calls `listener` for every message from now on (across reconnections). */
  onEachMessage(listener: (type: string, payload: ServerEnvelope) => void): void {
    this.listeners.push(listener);
  }

  /** Sends an event. */
  send(type: string, data?: unknown): void {
    this.room.send(type, data);
  }

  /** Resolves with the first message (already received after `fromIndex`, or future) of that type that matches. */
  waitFor(type: string, match: (data: ServerEnvelope["data"]) => boolean = () => true, timeoutMs = 10_000, fromIndex = 0): Promise<ServerEnvelope> {
    const test = (m: Received) => m.type === type && match(m.payload.data);
    const seen = this.messages.slice(fromIndex).find(test);
    if (seen !== undefined) return Promise.resolve(seen.payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for "${type}"; got: ${this.messages.map(describeReceived).join(", ")}`)), timeoutMs);
      this.waiters.push({
        match: test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m.payload);
        },
      });
    });
  }

  /** Sends an event and waits for the next reply of one of the given types. */
  async request(type: string, data: unknown, replyTypes: string[], timeoutMs = 5_000): Promise<Received> {
    const from = this.messages.length;
    this.send(type, data);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = this.messages.slice(from).find((m) => replyTypes.includes(m.type));
      if (reply !== undefined) return reply;
      if (Date.now() > deadline) throw new Error(`no ${replyTypes.join("/")} after ${type}; got: ${this.messages.slice(from).map((m) => m.type).join(", ")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Messages of one type received so far. */
  all(type: string): ServerEnvelope[] {
    return this.messages.filter((m) => m.type === type).map((m) => m.payload);
  }

  /** Piece ids of this player's own hand as decoded from the synced state. */
  stateHand(): string[] {
    const player = this.playerAt(this.position);
    return player?.hand?.map((id) => id) ?? [];
  }

  /** The decoded synced state. */
  get state(): Record<string, unknown> & StateLike {
    return this.room.state as Record<string, unknown> & StateLike;
  }

  private playerAt(index: number): PlayerLike | undefined {
    const players = this.state?.players;
    if (players === undefined || index < 0) return undefined;
    return typeof players.at === "function" ? players.at(index) : players[index];
  }

  private checkPrivacy(): void {
    const players = this.state?.players;
    if (players === undefined) return;
    for (let i = 0; i < players.length; i++) {
      if (i === this.position) continue;
      const hand = this.playerAt(i)?.hand;
      if (hand !== undefined && hand.length > 0) {
        this.leaks.push(`seat ${this.position} decoded seat ${i}'s hand after patch ${this.patches}: ${hand.map((id) => id).join(",")}`);
      }
    }
  }

  /** Leaves the room (consented). */
  async leave(): Promise<void> {
    if (!this.room.connection?.isOpen) return;
    await Promise.race([this.room.leave(true).catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
  }
}

/** A received message as a failed wait lists it: its type, and for a refusal its code and message. */
function describeReceived(m: Received): string {
  if (m.type !== "error" && m.type !== "validation_error") return m.type;
  const data = m.payload.data as { code?: unknown; message?: unknown } | undefined;
  return `${m.type}(${String(data?.code)}: ${String(data?.message)})`;
}
