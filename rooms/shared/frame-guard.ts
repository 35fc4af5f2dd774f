/**
 * Colyseus closes a connection (4002) when a data frame's payload is not
 * valid msgpack, logs an error for every undecodable request frame, ends the
 * session for any frame whose low bits spell LEAVE_ROOM, and a truncated
 * frame can throw out of its message handler. Bad input must cost the sender
 * that message only, with a clear error, so this checks each frame's
 * envelope before Colyseus dispatches it: a malformed frame is answered
 * through `refuse` and dropped; the connection stays open. The payload check
 * walks the bytes (msgpack-scan.ts) instead of decoding them, so a message is
 * decoded once, by Colyseus. Colyseus's `_onMessage` is internal API, so the
 * wrapper fails loudly if it is missing (a Colyseus upgrade changed it).
 */
import { Protocol, type Client } from "@colyseus/core";
import { decode } from "@colyseus/schema";
import { unpack } from "msgpackr";
import { scanMsgpack } from "./msgpack-scan.js";

/** The low bits of a frame's first byte name its protocol code (the rest are modifiers). */
const PROTOCOL_CODE_MASK = 0x1f;

type FrameHandler = (client: Client, buffer: Uint8Array) => void;

/** Wraps the room's frame handler so undecodable data frames are refused instead of closing the connection. */
export function refuseUndecodableFrames(room: object, refuse: (client: Client) => void): void {
  const target = room as { _onMessage?: FrameHandler };
  const dispatch = target._onMessage;
  if (typeof dispatch !== "function") throw new Error("Colyseus Room._onMessage not found: undecodable frames cannot be refused");
  target._onMessage = function (this: unknown, client: Client, buffer: Uint8Array) {
    if (buffer !== undefined && buffer !== null && buffer.length > 0 && !wellFormed(buffer)) {
      refuse(client);
      return;
    }
    dispatch.call(this, client, buffer);
  };
}

/**
 * Whether a frame is what the SDK sends for its protocol code: data and request frames must decode (type and
 * msgpack payload, the same steps Colyseus takes), and a leave request is the single LEAVE_ROOM byte, so that
 * random bytes whose low bits happen to spell LEAVE_ROOM do not end the session.
 */
function wellFormed(buffer: Uint8Array): boolean {
  switch (buffer[0]! & PROTOCOL_CODE_MASK) {
    case Protocol.ROOM_DATA:
      return decodes(buffer, 1);
    case Protocol.ROOM_REQUEST:
      return decodes(buffer, requestIdEnd(buffer));
    case Protocol.LEAVE_ROOM:
      return buffer.length === 1 && buffer[0] === Protocol.LEAVE_ROOM;
    default:
      return true;
  }
}

/** Where a request frame's id ends (its type and payload follow), or -1 when it cannot be read. */
function requestIdEnd(buffer: Uint8Array): number {
  try {
    const it = { offset: 1 };
    decode.number(buffer as Buffer, it);
    return it.offset <= buffer.byteLength ? it.offset : -1;
  } catch {
    return -1;
  }
}

/** Whether the type and msgpack payload starting at `offset` decode. */
function decodes(buffer: Uint8Array, offset: number): boolean {
  if (offset < 0) return false;
  try {
    const it = { offset };
    if (decode.stringCheck(buffer, it)) decode.string(buffer as Buffer, it);
    else decode.number(buffer as Buffer, it);
    if (it.offset > buffer.byteLength) return false;
    // plain data is checked by a scan that builds nothing (Colyseus decodes it next); anything else is decoded here in full
    if (buffer.byteLength > it.offset && scanMsgpack(buffer, it.offset, buffer.byteLength) !== "decodes") unpack(buffer.subarray(it.offset, buffer.byteLength));
    return true;
  } catch {
    return false;
  }
}
