/**
 * A light Colyseus 0.18 client for load generation: the room protocol spoken
 * directly over a `ws` socket, for thousands of clients per process.
 *
 * Why: `@colyseus/sdk` costs more than the server it loads (≈800 MB and 70 %
 * of a core for 4,000 clients): every room gets its own msgpack packer, an
 * 8 KiB send buffer, its own schema classes rebuilt from the handshake's
 * reflection, and Node's WHATWG WebSocket. Here the reflection is decoded once
 * per distinct handshake and its classes and type context are shared by every
 * client of that room type; each client still has its own state instance and
 * `Decoder`, and decodes every patch it receives in full, so "the acting
 * client sees its state change" is measured on the client's own decoded state,
 * as with the SDK.
 *
 * What it speaks (the subset the bots need): matchmaking over HTTP
 * (`POST /matchmake/<method>/<room>`, bearer token), then the WebSocket
 * `/<processId>/<roomId>?sessionId=…&_authToken=…`; JOIN_ROOM (handshake,
 * acknowledged), ROOM_STATE, ROOM_STATE_PATCH, ROOM_DATA (msgpack), ERROR,
 * LEAVE_ROOM; it sends ROOM_DATA and LEAVE_ROOM. No automatic reconnection:
 * a dropped connection is reported and counted, which is what a benchmark
 * wants. Protocol codes are checked against @colyseus/core's in the tests.
 */
import { Decoder, Reflection, decode, encode, type Iterator, type Schema } from "@colyseus/schema";
import { Packr, unpack } from "msgpackr";
import WebSocket from "ws";
import { ConnectionMeter } from "./wire-meter.js";

/** Colyseus 0.18 protocol codes (`@colyseus/shared-types` Protocol) used here. */
export const WIRE_PROTOCOL = Object.freeze({
  JOIN_ROOM: 10,
  ERROR: 11,
  LEAVE_ROOM: 12,
  ROOM_DATA: 13,
  ROOM_STATE: 14,
  ROOM_STATE_PATCH: 15,
  /** Low 5 bits: the code; high bits: modifiers. */
  CODE_MASK: 0x1f,
  /** Modifier: a TIMED frame starts with two uint32 (server time, input sequence). */
  TIMED: 0x20,
  /** Modifier: an UNRELIABLE patch starts with a uint16 sequence. */
  UNRELIABLE: 0x40,
});

/** A seat reservation answered by `POST /matchmake/...`. */
interface SeatReservation {
  roomId: string;
  sessionId: string;
  processId: string;
  publicAddress?: string;
  error?: string;
  code?: number;
}

/** The schema classes a handshake describes, shared by every client that got the same handshake bytes. */
interface SharedTypes {
  Root: new () => Schema;
  decoder: Decoder;
}
const sharedTypes = new Map<string, SharedTypes>();

/** Decoder for a handshake's reflection; decodes the reflection only the first time these bytes are seen. */
function decoderFor(reflection: Uint8Array): Decoder {
  const key = Buffer.from(reflection.buffer, reflection.byteOffset, reflection.byteLength).toString("base64");
  let shared = sharedTypes.get(key);
  if (shared === undefined) {
    const decoder = Reflection.decode(reflection);
    shared = { Root: decoder.state.constructor as new () => Schema, decoder };
    sharedTypes.set(key, shared);
  }
  return new Decoder(new shared.Root(), shared.decoder.context);
}

/** One packer for every client of the process (encoding is synchronous). */
const packr = new Packr({ useRecords: false });

/** Thrown when matchmaking or the join is refused. */
export class WireJoinError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = "WireJoinError";
  }
}

type MessageHandler = (type: string | number, payload: unknown) => void;

/** One room connection. */
export class WireRoom {
  readonly meter = new ConnectionMeter();
  state: unknown = undefined;
  roomId = "";
  sessionId = "";
  private socket?: WebSocket;
  private decoder?: Decoder;
  private joined = false;
  private left = false;
  private readonly messageHandlers: MessageHandler[] = [];
  private readonly stateHandlers: Array<(state: unknown) => void> = [];
  private readonly leaveHandlers: Array<(code: number, reason?: string) => void> = [];
  private readonly dropHandlers: Array<(code: number) => void> = [];

  /** True while the socket is open. */
  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  onMessage(type: "*", handler: MessageHandler): void {
    if (type !== "*") throw new Error("WireRoom only dispatches to a '*' handler");
    this.messageHandlers.push(handler);
  }

  onStateChange(handler: (state: unknown) => void): void {
    this.stateHandlers.push(handler);
  }

  onLeave(handler: (code: number, reason?: string) => void): void {
    this.leaveHandlers.push(handler);
  }

  /** Called when the connection closes without a consented leave (this client never reconnects). */
  onDrop(handler: (code: number) => void): void {
    this.dropHandlers.push(handler);
  }

  /** Never called: the wire client does not reconnect (kept for the bots' interface). */
  onReconnect(_handler: () => void): void {}

  /** Sends a room message: ROOM_DATA, the type as a schema string, the payload as msgpack. */
  send(type: string, payload: unknown): void {
    if (!this.isOpen) return;
    const head = new Uint8Array(1 + 5 + type.length * 3);
    head[0] = WIRE_PROTOCOL.ROOM_DATA;
    const it: Iterator = { offset: 1 };
    encode.string(head as Buffer, type, it);
    const body = payload === undefined ? undefined : packr.pack(payload);
    const frame = body === undefined ? head.subarray(0, it.offset) : Buffer.concat([head.subarray(0, it.offset), body]);
    this.meter.sent(frame.byteLength);
    this.socket!.send(frame);
  }

  /** Leaves with consent (LEAVE_ROOM) and resolves once the socket is closed, or after 3 s. */
  leave(): Promise<void> {
    if (this.socket === undefined || this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.left = true;
    const socket = this.socket;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 3_000);
      socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      if (socket.readyState === WebSocket.OPEN) {
        this.meter.sent(1);
        socket.send(Uint8Array.of(WIRE_PROTOCOL.LEAVE_ROOM));
      } else {
        socket.close();
      }
    });
  }

  /** Opens the room connection of a seat reservation; resolves after the JOIN_ROOM handshake. */
  connect(httpUrl: string, reservation: SeatReservation, token?: string): Promise<void> {
    this.roomId = reservation.roomId;
    this.sessionId = reservation.sessionId;
    const base = reservation.publicAddress ? `ws://${reservation.publicAddress}` : httpUrl.replace(/^http/, "ws");
    const query = new URLSearchParams({ sessionId: reservation.sessionId });
    if (token !== undefined) query.set("_authToken", token);
    const socket = new WebSocket(`${base}/${reservation.processId}/${reservation.roomId}?${query}`, { perMessageDeflate: false });
    this.socket = socket;
    socket.binaryType = "nodebuffer";
    return new Promise((resolve, reject) => {
      socket.on("message", (data: Buffer) => {
        try {
          const error = this.onFrame(data);
          if (error !== undefined && !this.joined) reject(error);
          else if (this.joined && error === undefined) resolve();
        } catch (failure) {
          if (!this.joined) reject(failure);
          socket.terminate();
        }
      });
      socket.on("error", (error) => {
        if (!this.joined) reject(error);
      });
      socket.on("close", (code: number, reason: Buffer) => {
        if (!this.joined) reject(new WireJoinError(`socket closed before joining (${code})`, code));
        if (!this.left && this.joined) for (const handler of this.dropHandlers) handler(code);
        for (const handler of this.leaveHandlers) handler(code, reason.toString());
      });
    });
  }

  /** Handles one frame; returns an error for a refused join. */
  private onFrame(frame: Buffer): WireJoinError | undefined {
    this.meter.received(frame.byteLength);
    const raw = frame[0]!;
    const code = raw & WIRE_PROTOCOL.CODE_MASK;
    const it: Iterator = { offset: 1 };
    if (raw & WIRE_PROTOCOL.TIMED) it.offset += 8;
    switch (code) {
      case WIRE_PROTOCOL.JOIN_ROOM: {
        const tokenLength = frame[it.offset++]!;
        it.offset += tokenLength;
        const serializerLength = frame[it.offset++]!;
        const serializer = frame.toString("utf8", it.offset, it.offset + serializerLength);
        it.offset += serializerLength;
        if (serializer !== "schema") throw new WireJoinError(`unsupported serializer ${serializer}`);
        const reflectionLength = decode.number(frame, it);
        if (reflectionLength > 0) this.decoder = decoderFor(frame.subarray(it.offset, it.offset + reflectionLength));
        this.state = this.decoder?.state;
        this.joined = true;
        this.meter.sent(1);
        this.socket!.send(Uint8Array.of(WIRE_PROTOCOL.JOIN_ROOM));
        return undefined;
      }
      case WIRE_PROTOCOL.ERROR: {
        const errorCode = decode.number(frame, it);
        const message = decode.string(frame, it);
        const error = new WireJoinError(`server error ${errorCode}: ${message}`, errorCode);
        if (!this.joined) return error;
        for (const handler of this.messageHandlers) handler("__error", { code: errorCode, message });
        return undefined;
      }
      case WIRE_PROTOCOL.LEAVE_ROOM:
        this.left = true;
        this.socket?.close();
        return undefined;
      case WIRE_PROTOCOL.ROOM_STATE:
      case WIRE_PROTOCOL.ROOM_STATE_PATCH: {
        if (this.decoder === undefined) return undefined;
        if (raw & WIRE_PROTOCOL.UNRELIABLE) it.offset += 2;
        this.decoder.decode(frame, it);
        for (const handler of this.stateHandlers) handler(this.state);
        return undefined;
      }
      case WIRE_PROTOCOL.ROOM_DATA: {
        const type = decode.stringCheck(frame, it) ? decode.string(frame, it) : decode.number(frame, it);
        const payload = frame.byteLength > it.offset ? unpack(frame.subarray(it.offset)) : undefined;
        for (const handler of this.messageHandlers) handler(type, payload);
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

/** Matchmakes and joins a room with the light client (`method` as in `POST /matchmake/:method/:roomName`). */
export async function wireJoin(
  httpUrl: string,
  method: "create" | "joinById" | "joinOrCreate" | "join",
  roomNameOrId: string,
  options: Record<string, unknown>,
  token?: string,
): Promise<WireRoom> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${httpUrl}/matchmake/${method}/${encodeURIComponent(roomNameOrId)}`, {
    method: "POST",
    headers,
    body: JSON.stringify(options),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as SeatReservation;
  if (!response.ok || typeof body.sessionId !== "string") {
    throw new WireJoinError(`matchmake ${method} ${roomNameOrId} answered ${response.status}: ${body.error ?? JSON.stringify(body).slice(0, 200)}`, body.code);
  }
  const room = new WireRoom();
  await room.connect(httpUrl, body, token);
  return room;
}
