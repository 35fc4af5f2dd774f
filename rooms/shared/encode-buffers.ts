/**
 * One pair of schema encode buffers for every game room of the process.
 * Colyseus gives each room two of its own: the encoder's patch buffer (grown
 * to twice SCHEMA_BUFFER_BYTES at the first StateView encode) and the
 * serializer's full-state buffer, about 24 KiB per room: 6 KB of resident
 * memory per player in four-player rooms.
 *
 * Sharing them is safe because encoding is synchronous and nothing keeps a
 * view of either buffer once a patch or a full state is sent: a client with
 * a StateView gets a new array (the encoder joins the shared part and its
 * view into one), a connection without one gets a copy (stable-frames.ts).
 * The one thing Colyseus keeps across calls is the serializer's cached full
 * state, which another room may since have encoded over; so a room that
 * shares the buffers encodes its full state again for every join
 * (`needFullEncode` always reads true: a join, not a move).
 *
 * A room whose state outgrows a shared buffer gets a larger one of its own
 * from the encoder, as before.
 */
import { Protocol } from "@colyseus/core";
import { SCHEMA_BUFFER_BYTES } from "./patching.js";

/** The parts of Colyseus's SchemaSerializer this touches (not in its public types). */
interface SchemaSerializerParts {
  encoder?: { sharedBuffer: Uint8Array };
  fullEncodeBuffer?: Uint8Array;
  needFullEncode?: boolean;
}

/** Large enough that the encoder's headroom check (SCHEMA_BUFFER_BYTES free past a patch's shared part) never grows it for our states. */
const PATCH_BUFFER = new Uint8Array(4 * SCHEMA_BUFFER_BYTES);
const FULL_STATE_BUFFER = new Uint8Array(4 * SCHEMA_BUFFER_BYTES);
// the serializer writes the full state from offset 1, after this type byte it sets once per room
FULL_STATE_BUFFER[0] = Protocol.ROOM_STATE;

/** Makes a room's schema serializer (`room._serializer`) encode into the process's shared buffers; false when it is not a schema serializer. */
export function shareEncodeBuffers(serializer: unknown): boolean {
  const parts = serializer as SchemaSerializerParts | undefined;
  if (parts?.encoder?.sharedBuffer === undefined || parts.fullEncodeBuffer === undefined || !("needFullEncode" in parts)) return false;
  parts.encoder.sharedBuffer = PATCH_BUFFER;
  parts.fullEncodeBuffer = FULL_STATE_BUFFER;
  Object.defineProperty(parts, "needFullEncode", {
    configurable: true,
    get: () => true,
    set: () => {},
  });
  return true;
}

/** Whether a serializer encodes into the shared buffers (tests). */
export function sharesEncodeBuffers(serializer: unknown): boolean {
  const parts = serializer as SchemaSerializerParts | undefined;
  return parts?.encoder?.sharedBuffer === PATCH_BUFFER && parts.fullEncodeBuffer === FULL_STATE_BUFFER;
}
