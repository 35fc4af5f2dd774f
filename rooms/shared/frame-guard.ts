/**
 * Colyseus closes a connection (4002) when a data frame's payload is not
 * valid msgpack, and a truncated frame can throw out of its message handler.
 * Bad input must cost the sender that message only, with a clear error, so
 * this checks each data frame's envelope before Colyseus dispatches it: a
 * frame that cannot be decoded is answered through `refuse` and dropped; the
 * connection stays open. Colyseus's `_onMessage` is internal API, so the
 * wrapper fails loudly if it is missing (a Colyseus upgrade changed it).
 */
import { Protocol, type Client } from "@colyseus/core";
import { decode } from "@colyseus/schema";
import { unpack } from "msgpackr";

/** The low bits of a frame's first byte name its protocol code (the rest are modifiers). */
const PROTOCOL_CODE_MASK = 0x1f;

type FrameHandler = (client: Client, buffer: Uint8Array) => void;

/** Wraps the room's frame handler so undecodable data frames are refused instead of closing the connection. */
export function refuseUndecodableFrames(room: object, refuse: (client: Client) => void): void {
  const target = room as { _onMessage?: FrameHandler };
  const dispatch = target._onMessage;
  if (typeof dispatch !== "function") throw new Error("Colyseus Room._onMessage not found: undecodable frames cannot be refused");
  target._onMessage = function (this: unknown, client: Client, buffer: Uint8Array) {
    if (buffer !== undefined && buffer !== null && buffer.length > 0 && (buffer[0]! & PROTOCOL_CODE_MASK) === Protocol.ROOM_DATA && !decodes(buffer)) {
      refuse(client);
      return;
    }
    dispatch.call(this, client, buffer);
  };
}

/** Whether a ROOM_DATA frame's type and msgpack payload decode (the same steps Colyseus takes). */
function decodes(buffer: Uint8Array): boolean {
  try {
    const it = { offset: 1 };
    if (decode.stringCheck(buffer, it)) decode.string(buffer as Buffer, it);
    else decode.number(buffer as Buffer, it);
    if (it.offset > buffer.byteLength) return false;
    if (buffer.byteLength > it.offset) unpack(buffer.subarray(it.offset, buffer.byteLength));
    return true;
  } catch {
    return false;
  }
}
