/**
 * One fuzzing connection in a live room. It sends windows of 1-6 random or
 * mutated messages (or one raw frame), closes each window with a `ping`
 * barrier, and checks what came back before the barrier's `pong`:
 *
 * - every message sent through the SDK got exactly one answer (error,
 *   validation_error, or the success answer of a harmless event such as
 *   pong / sync_response / version_accepted); a raw frame got at most one
 *   error answer (or was ignored, as Colyseus ignores frames it has no
 *   code for);
 * - error answers are structured (seed 003: code, message, details) and
 *   small (never an echo of the input), a sync_response is bounded;
 * - no other event arrived (nothing was accepted), the decoded schema state
 *   is unchanged, no `room_closed`, no disconnect.
 *
 * The sender is paced under the room's rate limit (10 messages/s).
 */
import { unpack } from "msgpackr";
import type { Room } from "@colyseus/sdk";
import type { SdkPlayer, Received } from "../../support/sdk-player.js";
import { describeValue, HOSTILE_STRINGS, hostileValue, mutateObject, randomString } from "./hostile-values.js";
import type { Prng } from "./prng.js";

/** The largest frame the fuzzer sends (the ws transport accepts up to 8 KB, its maxPayload). */
export const FRAME_LIMIT = 4 * 1024;
/** Answers that close a message: errors and the replies of harmless events. */
const ERROR_ANSWERS = new Set(["error", "validation_error"]);
/** An error answer is a short structured message, never an echo of what was sent. */
export const MAX_ERROR_ANSWER_BYTES = 2 * 1024;
/** A sync_response carries a bounded number of events (beyond the cap: the full state). */
export const MAX_SYNC_RESPONSE_BYTES = 256 * 1024;
const SURROGATE = /[\ud800-\udfff]/g;
/** Events a room sends when a seat drops, returns or is taken over by a bot. */
const PRESENCE_EVENTS = new Set(["bot_activated", "player_left", "player_joined", "player_reconnected", "player_disconnected"]);
/** Messages per second per connection: under the rooms' limit of 10/s. */
const SENDS_PER_SECOND = 9;
/** Protocol codes (low 5 bits of the first byte) a raw garbage frame must not use: LEAVE_ROOM is a legitimate request to leave. */
const LEAVE_ROOM = 12;

/** What a game's fuzzing needs to know. */
export interface GameProfile {
  game: string;
  /** Valid payload shapes by event name (the seed's client→server events). */
  templates: Record<string, Record<string, unknown>>;
  /** Answer events of harmless accepted messages. */
  successAnswers: string[];
  /** True when this message would be ACCEPTED from a seat that is not to move and change the game (e.g. a valid leave or surrender): never sent. */
  changesGame(type: string, payload: unknown): boolean;
}

/** A broken pass criterion, with everything needed to reproduce and read it. */
export interface Violation {
  criterion: string;
  game: string;
  roomId: string;
  client: string;
  sent: string[];
  got: string[];
  note?: string;
}

/** One outgoing item of a window. */
type Outgoing = { kind: "sdk"; frame: Uint8Array; describe(): string } | { kind: "raw"; bytes: Uint8Array | string; describe(): string };

/** Counters of one fuzzing connection. */
export interface FuzzStats {
  sent: number;
  raw: number;
  answered: number;
  windows: number;
  reconnects: number;
}

let barrierIds = 0;

export class RoomFuzzer {
  readonly stats: FuzzStats = { sent: 0, raw: 0, answered: 0, windows: 0, reconnects: 0 };
  private nextSendAt = 0;
  private closedWith: number | undefined;
  private stopped = false;
  /** Set when this connection got an oversized sync_response. */
  syncOverflowed = false;

  constructor(
    readonly name: string,
    /** Shared by the fuzzers of one room: counts their disconnects and returns, whose presence events and state changes reach the others. */
    private readonly roomPresence: { disconnects: number },
    private player: SdkPlayer,
    private readonly rng: Prng,
    private readonly profile: GameProfile,
    private readonly violations: Violation[],
  ) {
    this.watch(player.room);
  }

  get room(): Room {
    return this.player.room;
  }

  /** Sends `count` fuzz messages (window by window) or stops early when the connection cannot go on. */
  async run(count: number, deadline: number): Promise<void> {
    while (this.stats.sent < count && !this.stopped && Date.now() < deadline) {
      const window = this.makeWindow();
      await this.sendWindow(window);
    }
  }

  // ---------------------------------------------------------------- generation

  private makeWindow(): Outgoing[] {
    // a closed connection cannot encode; the empty window's check reports the close and reconnects
    if (this.closedWith !== undefined || !this.room.connection?.isOpen) return [];
    if (this.rng.chance(0.08)) return [this.rawFrame()];
    const size = this.rng.int(1, 6);
    return Array.from({ length: size }, () => this.sdkMessage());
  }

  private sdkMessage(): Outgoing {
    const rng = this.rng;
    const known = Object.keys(this.profile.templates);
    for (let attempt = 0; ; attempt++) {
      if (attempt === 1_000) throw new Error(`${this.name}: no encodable message in 1,000 attempts (connection open: ${String(this.room.connection?.isOpen)})`);
      let type: string | number;
      let payload: unknown;
      const roll = rng.next();
      if (roll < 0.12) {
        // unknown event names, including prototype keys and the SDK's wildcard
        // BMP text only: the SDK writes surrogates in an event name with a wrong length prefix (a client bug; malformed frames are the raw frames' job)
        type = rng.chance(0.15) ? rng.int(-5, 300) : (rng.chance(0.5) ? rng.pick(HOSTILE_STRINGS) : randomString(rng, rng.int(1, 200))).replace(SURROGATE, "?");
        payload = rng.chance(0.5) ? hostileValue(rng, 3_000) : mutateObject(rng, this.profile.templates[rng.pick(known)]!, 3_000);
      } else {
        type = rng.pick(known);
        payload = mutateObject(rng, this.profile.templates[type]!, 3_900);
      }
      if (typeof type === "string" && this.profile.changesGame(type, payload)) continue;
      // once a sync_response broke its bound (reported), more syncs would only grow it further and stall this test
      if (type === "sync_request" && this.syncOverflowed) continue;
      const frame = this.encode(type, payload);
      if (frame === undefined || frame.byteLength > FRAME_LIMIT) continue;
      // described only when a window fails (describing every message costs more than sending it)
      return { kind: "sdk", frame, describe: () => `send(${describeValue(type, 80)}, ${describeValue(payload)}) [${frame.byteLength} B]` };
    }
  }

  private rawFrame(): Outgoing {
    const rng = this.rng;
    const pickCode = () => {
      for (;;) {
        const b = rng.int(0, 255);
        if ((b & 31) !== LEAVE_ROOM) return b;
      }
    };
    let bytes: Uint8Array | string;
    switch (rng.int(0, 5)) {
      case 0: {
        bytes = rng.bytes(rng.int(1, FRAME_LIMIT));
        bytes[0] = pickCode();
        break;
      }
      case 1: {
        // ROOM_DATA / ROOM_REQUEST / ROOM_DATA_BYTES with a real event name and a garbage body
        // (not one the room may rightly take: a surrender with an empty body, or one whose body decodes to `{}`, is a surrender)
        let type: string;
        let body: Uint8Array;
        do {
          type = rng.pick(Object.keys(this.profile.templates));
          body = rng.bytes(rng.int(0, 200));
        } while (this.mayTake(type, body));
        const known = this.encode(type, undefined)!;
        bytes = new Uint8Array(known.byteLength + body.byteLength);
        bytes.set(known);
        bytes.set(body, known.byteLength);
        bytes[0] = rng.pick([13, 17, 21]);
        break;
      }
      case 2:
        bytes = Uint8Array.from([rng.pick([13, 17, 21, 19, 20, 10, 18]), ...rng.bytes(rng.int(0, 6))]);
        break;
      case 3: {
        // a msgpack string header that claims more bytes than the frame holds
        bytes = Uint8Array.from([13, 0xdb, 0xff, 0xff, 0xff, 0xf0, 0x61]);
        break;
      }
      case 4:
        bytes = JSON.stringify({ event: rng.pick(Object.keys(this.profile.templates)), data: hostileValue(rng, 1_000) }).slice(0, FRAME_LIMIT);
        if ((bytes.charCodeAt(0) & 31) === LEAVE_ROOM) bytes = ` ${bytes}`;
        break;
      default:
        bytes = randomString(rng, rng.int(1, 1_000)).replace(/^[\f\u002c\u004c\u006c]/, "x");
        if (bytes.length > 0 && (bytes.charCodeAt(0) & 31) === LEAVE_ROOM) bytes = `x${bytes}`;
        break;
    }
    const describe = () =>
      typeof bytes === "string" ? `raw text frame ${describeValue(bytes.slice(0, 120))} (${bytes.length} chars)` : `raw binary frame [${Array.from(bytes.slice(0, 24)).join(",")}${bytes.byteLength > 24 ? ",…" : ""}] (${bytes.byteLength} B)`;
    return { kind: "raw", bytes, describe };
  }

  /** Whether the room could read `body` after the event name `type` as a legitimate game-changing message (no payload, the raw bytes, or their msgpack value). */
  private mayTake(type: string, body: Uint8Array): boolean {
    const readings: unknown[] = [undefined, body];
    try {
      readings.push(unpack(body));
    } catch {
      // not msgpack: the room refuses it as such
    }
    return readings.some((payload) => this.profile.changesGame(type, payload));
  }

  /** The frame the SDK would send for this message (captured, not sent); undefined when the SDK cannot encode it. */
  private encode(type: string | number, payload: unknown): Uint8Array | undefined {
    const connection = this.room.connection;
    const send = connection.send;
    let captured: Uint8Array | undefined;
    connection.send = (data: unknown) => {
      // a copy: msgpackr hands out a view of its reused buffer (and Buffer#slice would not copy)
      captured = Uint8Array.from(data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer));
    };
    try {
      this.room.send(type as string, payload);
    } catch {
      return undefined;
    } finally {
      connection.send = send;
    }
    return captured;
  }

  // ---------------------------------------------------------------- sending and checking

  private async pace(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSendAt);
    this.nextSendAt = at + 1000 / SENDS_PER_SECOND;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }

  private async sendWindow(window: Outgoing[]): Promise<void> {
    const before = this.snapshot();
    const disconnectsBefore = this.roomPresence.disconnects;
    const from = this.player.messages.length;
    for (const item of window) {
      await this.pace();
      if (this.closedWith !== undefined) break;
      if (item.kind === "sdk") {
        // the SDK's own encoding of room.send(type, payload), captured once when the message was made
        this.room.connection.send(item.frame);
      } else if (typeof item.bytes === "string") {
        (this.room.connection.transport as unknown as { ws: { send(data: string): void } }).ws.send(item.bytes);
        this.stats.raw++;
      } else {
        this.room.connection.send(item.bytes);
        this.stats.raw++;
      }
      this.stats.sent++;
    }
    this.stats.windows++;

    const barrier = ++barrierIds;
    await this.pace();
    // the barrier is told apart by its client_time (a negative fraction no template uses); card_battle's pong has no sequence
    if (this.closedWith === undefined) this.room.send("ping", { client_time: barrierTime(barrier) });
    const pongAt = await this.waitForBarrier(from, barrier);
    const received = this.player.messages.slice(from, pongAt ?? undefined);
    const flag = (criterion: string, note?: string) =>
      this.violations.push({
        criterion,
        game: this.profile.game,
        roomId: this.room.roomId,
        client: this.name,
        sent: window.map((w) => w.describe()),
        got: received.map((m) => `${m.type} ${describeValue(m.payload.data, 400)}`),
        note,
      });

    if (this.closedWith !== undefined) {
      flag("no disconnect", `the server closed the connection with code ${this.closedWith}`);
      await this.reconnect();
      return;
    }
    if (pongAt === undefined) {
      flag("every message answered", "the barrier ping got no pong within 15 s (room stuck or message lost)");
      this.stopped = true;
      return;
    }
    const answers = received.filter((m) => ERROR_ANSWERS.has(m.type) || this.profile.successAnswers.includes(m.type));
    // another fuzzing seat of this room lost its connection meanwhile (reported by that seat): its presence events and state changes are not this window's doing
    const othersDropped = this.roomPresence.disconnects !== disconnectsBefore;
    const others = received.filter((m) => !answers.includes(m) && !(othersDropped && PRESENCE_EVENTS.has(m.type)));
    this.stats.answered += answers.length;
    if (others.some((m) => m.type === "room_closed")) flag("no room aborted", "room_closed received");
    else if (others.length > 0) flag("refused messages change nothing", `events other than answers arrived: ${others.map((m) => m.type).join(", ")}`);

    const sdkCount = window.filter((w) => w.kind === "sdk").length;
    if (sdkCount > 0 && answers.length !== sdkCount) {
      flag("every message answered", `${sdkCount} message(s) sent through the SDK, ${answers.length} answer(s)`);
    } else if (sdkCount === 0 && answers.length > 1) {
      flag("every message answered", `a raw frame got ${answers.length} answers`);
    } else if (sdkCount === 0 && answers.some((m) => !ERROR_ANSWERS.has(m.type))) {
      flag("every message answered", "a raw garbage frame was accepted as an event");
    }
    for (const answer of answers) this.checkAnswer(answer, flag);
    const after = this.snapshot();
    if (after !== before && !othersDropped) flag("refused messages change nothing", `decoded state changed:\n  before ${before.slice(0, 600)}\n  after  ${after.slice(0, 600)}`);
  }

  private checkAnswer(answer: Received, flag: (criterion: string, note?: string) => void): void {
    const size = jsonSize(answer.payload);
    const data = answer.payload.data as Record<string, unknown> | undefined;
    if (answer.type === "sync_response") {
      if (size > MAX_SYNC_RESPONSE_BYTES) {
        this.syncOverflowed = true;
        flag("event log bounded", `sync_response of ${size} bytes (limit ${MAX_SYNC_RESPONSE_BYTES}); this connection sends no more sync_request`);
      }
      return;
    }
    if (!ERROR_ANSWERS.has(answer.type)) return;
    const structured =
      data !== undefined &&
      typeof data.code === "string" &&
      /^[1-4]\d{3}$/.test(data.code) &&
      typeof data.message === "string" &&
      (data.details === undefined || (typeof data.details === "object" && data.details !== null)) &&
      answer.payload.event === answer.type &&
      typeof answer.payload.sequence_number === "number";
    if (!structured) flag("structured error", `malformed ${answer.type}: ${describeValue(answer.payload, 300)}`);
    if (size > MAX_ERROR_ANSWER_BYTES) flag("no echo of raw input", `${answer.type} ${String(data?.code)} of ${size} bytes (limit ${MAX_ERROR_ANSWER_BYTES})`);
  }

  /** Index of the barrier's pong in the player's messages, or undefined after 15 s or a close. */
  private async waitForBarrier(from: number, barrier: number): Promise<number | undefined> {
    const until = Date.now() + 15_000;
    for (;;) {
      const index = this.player.messages.findIndex((m, i) => i >= from && m.type === "pong" && m.payload.data.client_time === barrierTime(barrier));
      if (index >= 0) return index;
      if (this.closedWith !== undefined || Date.now() > until) return undefined;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private snapshot(): string {
    try {
      return JSON.stringify((this.room.state as { toJSON(): unknown }).toJSON());
    } catch (error) {
      return `<state not readable: ${String(error)}>`;
    }
  }

  private watch(room: Room): void {
    const closed = (code: number) => {
      if (this.stopped || this.closedWith !== undefined) return;
      this.closedWith = code;
      this.roomPresence.disconnects++;
    };
    room.onLeave(closed);
    room.onDrop(closed);
  }

  /** After an unexpected close: one new connection to the same seat, or stop. */
  private async reconnect(): Promise<void> {
    const token = this.room.reconnectionToken;
    this.closedWith = undefined;
    if (this.stats.reconnects >= 10) {
      this.stopped = true;
      return;
    }
    this.stats.reconnects++;
    try {
      await new Promise((r) => setTimeout(r, 200));
      const room = await this.player.client.reconnect(token);
      this.player.attach(room);
      this.watch(room);
      this.roomPresence.disconnects++;
      await this.player.waitFor("connected", () => true, 5_000, this.player.messages.length).catch(() => undefined);
    } catch {
      this.stopped = true;
    }
  }

  /** Stops sending (the test ends). */
  stop(): void {
    this.stopped = true;
  }
}

function barrierTime(barrier: number): number {
  return -barrier - 0.375;
}

function jsonSize(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
