/**
 * State frames a socket may keep. Colyseus's schema serializer sends a
 * connection without a StateView (our spectators) views into buffers it
 * reuses: each patch is a view of the encoder's shared buffer, each full state
 * one of the serializer's full-state buffer. The `ws` transport writes frames
 * without copying them, and a socket that cannot take a frame at once (a slow
 * or suspended client, a full kernel buffer) keeps a reference until it can;
 * by then the next patch has been encoded over those bytes, and the client
 * decodes a frame of the wrong length and content. Connections with a
 * StateView get fresh bytes (the encoder joins their view into a new array),
 * and messages are copied by Colyseus itself (`getMessageBytes`).
 *
 * A room gives its view-less connections copies of their state frames. The
 * serializer hands the same view to each of them for one patch, so one copy
 * serves them all.
 */
import { Protocol, type Client } from "@colyseus/core";

function isStateFrame(data: Uint8Array): boolean {
  return data[0] === Protocol.ROOM_STATE || data[0] === Protocol.ROOM_STATE_PATCH;
}

/** One room's copies of the state frames it sends to connections without a StateView. */
export class StableFrames {
  private source: Uint8Array | undefined;
  private copy: Uint8Array | undefined;

  /** From now on `client` sends copies of its state frames (other frames unchanged). */
  protect(client: Client): void {
    const raw = client.raw;
    client.raw = (data, options, cb) => raw.call(client, isStateFrame(data) ? this.stable(data) : data, options, cb);
  }

  /** A copy of `frame`: the one already made when the serializer hands the same view again (the next client of one patch). */
  private stable(frame: Uint8Array): Uint8Array {
    if (frame !== this.source || this.copy === undefined) {
      this.source = frame;
      this.copy = frame.slice();
    }
    return this.copy;
  }
}
