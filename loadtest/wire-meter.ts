/**
 * Counts the bytes every SDK room connection sends and receives.
 *
 * How: `@colyseus/sdk` creates one `Connection` per room in `Room.connect()`.
 * `installWireMeter()` wraps that method once per process: after the original
 * has opened the socket, it wraps the connection's `events.onmessage` (which
 * the WebSocket transport calls for every frame received; the frame's
 * `byteLength` is counted) and its `send`/`sendUnreliable` (the `byteLength`
 * of every frame sent). Every frame of the room connection is counted, from
 * the JOIN_ROOM handshake and the first full state on. Reconnections reuse the
 * same Connection, so they are counted too. Not counted: the matchmaking HTTP
 * request that precedes each connection, TCP/IP headers and WebSocket
 * control frames (ping/pong/close).
 *
 * Two figures are kept: the payload bytes (what Colyseus encodes), and the
 * same plus the WebSocket frame header of each frame (2 bytes, +2 from 126
 * bytes, +8 from 64 KiB; client frames add their 4-byte mask). The server
 * runs without permessage-deflate, so the framed figure is the exact number
 * of WebSocket bytes on the wire.
 */
import { Room } from "@colyseus/sdk";

/** Byte counters of one room connection. */
export class ConnectionMeter {
  bytesIn = 0;
  bytesOut = 0;
  framesIn = 0;
  framesOut = 0;
  framedIn = 0;
  framedOut = 0;
  /** Received payload bytes by kind ("patch", "state", "join", or the message type), for `WIRE_REPORT` breakdowns. */
  readonly inByKind = new Map<string, number>();
  /** Received frames by kind. */
  readonly framesByKind = new Map<string, number>();

  received(length: number, kind?: string): void {
    if (kind !== undefined) {
      this.inByKind.set(kind, (this.inByKind.get(kind) ?? 0) + length);
      this.framesByKind.set(kind, (this.framesByKind.get(kind) ?? 0) + 1);
    }
    this.bytesIn += length;
    this.framesIn++;
    this.framedIn += length + frameHeader(length, false);
  }

  sent(length: number): void {
    this.bytesOut += length;
    this.framesOut++;
    this.framedOut += length + frameHeader(length, true);
  }
}

/** WebSocket frame header size for a payload (RFC 6455 §5.2). */
export function frameHeader(length: number, masked: boolean): number {
  const extended = length >= 65_536 ? 8 : length >= 126 ? 2 : 0;
  return 2 + extended + (masked ? 4 : 0);
}

const meters = new WeakMap<object, ConnectionMeter>();
let installed = false;

/** The counters of a room (created on first use, so a room's handshake is counted before `join` resolves). */
export function meterOf(room: object): ConnectionMeter {
  let meter = meters.get(room);
  if (meter === undefined) {
    meter = new ConnectionMeter();
    meters.set(room, meter);
  }
  return meter;
}

type Sendable = Uint8Array | ArrayBuffer | { byteLength: number };
type ConnectionLike = {
  events: { onmessage?: (event: { data: unknown }) => void };
  send(data: Sendable): void;
  sendUnreliable(data: Sendable): void;
};

/** Wraps `Room.prototype.connect` of the SDK (idempotent). */
export function installWireMeter(): void {
  if (installed) return;
  installed = true;
  const proto = Room.prototype as unknown as { connect(this: object, ...args: unknown[]): void; connection?: ConnectionLike };
  const original = proto.connect;
  proto.connect = function connect(this: object & { connection?: ConnectionLike }, ...args: unknown[]) {
    original.apply(this, args);
    const connection = this.connection;
    if (connection === undefined) return;
    const meter = meterOf(this);
    const onmessage = connection.events.onmessage;
    connection.events.onmessage = (event) => {
      meter.received(byteLengthOf(event.data), kindOf(event.data));
      onmessage?.(event);
    };
    const send = connection.send.bind(connection);
    const sendUnreliable = connection.sendUnreliable.bind(connection);
    connection.send = (data) => {
      meter.sent(byteLengthOf(data));
      send(data);
    };
    connection.sendUnreliable = (data) => {
      meter.sent(byteLengthOf(data));
      sendUnreliable(data);
    };
  };
}

function byteLengthOf(data: unknown): number {
  if (typeof data === "string") return Buffer.byteLength(data);
  if (data !== null && typeof data === "object" && "byteLength" in data) return Number((data as { byteLength: number }).byteLength);
  return 0;
}

/** What a received frame is: a state patch, the full state, the join handshake, or a message (by its type). */
function kindOf(data: unknown): string | undefined {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : undefined;
  if (bytes === undefined || bytes.length === 0) return undefined;
  switch (bytes[0]) {
    case 10:
      return "join";
    case 14:
      return "state";
    case 15:
      return "patch";
    case 13: {
      // msgpack fixstr / str8 type name
      const head = bytes[1] ?? 0;
      if (head >= 0xa0 && head <= 0xbf) return Buffer.from(bytes.subarray(2, 2 + (head & 0x1f))).toString();
      if (head === 0xd9) return Buffer.from(bytes.subarray(3, 3 + (bytes[2] ?? 0))).toString();
      return "message";
    }
    default:
      return `code ${bytes[0]}`;
  }
}
