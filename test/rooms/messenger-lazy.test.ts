/**
 * The messenger builds a seed-003 body only when someone needs it: with no
 * seed003 client in the audience the body's function is kept in the event log
 * and called on the first sync that replays it, with the event's own sequence
 * number and time (so the body is the one it would have been).
 */
import assert from "node:assert/strict";
import type { Client } from "@colyseus/core";
import { unpack } from "msgpackr";
import { Metrics } from "../../src/metrics.js";
import { Messenger, NOT_FOR_NATIVE, type WireProfile } from "../../rooms/shared/messenger.js";

type FakeClient = { id: string; profile: WireProfile; frames: Uint8Array[]; enqueueRaw(bytes: Uint8Array): void };

function fakeClient(id: string, profile: WireProfile): FakeClient {
  const frames: Uint8Array[] = [];
  return { id, profile, frames, enqueueRaw: (bytes) => frames.push(bytes) };
}

/** The ROOM_DATA frame's message: [code, type, payload] as msgpack after the protocol byte. */
function payloadOf(frame: Uint8Array): { event: string; data: Record<string, unknown>; sequence_number: number } {
  // Colyseus ROOM_DATA: one protocol byte, the msgpack type string, then the msgpack payload
  const body = Buffer.from(frame.subarray(1));
  const typeLength = body[0]! & 0x1f;
  return unpack(body.subarray(1 + typeLength)) as { event: string; data: Record<string, unknown>; sequence_number: number };
}

describe("rooms/shared/messenger: seed-003 bodies on demand", () => {
  it("builds no seed-003 body for a native audience, and builds it with its own sequence and time when a seed003 client syncs", () => {
    const native = fakeClient("n", "native");
    const seed = fakeClient("s", "seed003");
    const clients: FakeClient[] = [native];
    const messenger = new Messenger({ roomId: "room1", clients: clients as unknown as Client[] }, "test", new Metrics("test-node"), {
      playerOf: (client) => (client as unknown as FakeClient).id,
      profileOf: (client) => (client as unknown as FakeClient).profile,
    });
    let built = 0;
    const body = (sequence: number, now: number) => {
      built++;
      return { full: true, sequence_number: sequence, server_time: now / 1000 };
    };
    const entry = messenger.toAll("phase_change", body, { native: { lean: true } });
    messenger.toPlayer("n", "hand_updated", () => ({ pieces: [] }), NOT_FOR_NATIVE);
    assert.equal(built, 0, "nobody receives the seed-003 body: not built");
    assert.equal(native.frames.length, 1, "the native client got the lean phase_change only");
    assert.deepEqual(payloadOf(native.frames[0]!).data, { lean: true });

    // a seed003 client present: built at once, as before
    clients.push(seed);
    messenger.toAll("phase_change", body, { native: { lean: true } });
    assert.equal(built, 1);
    assert.equal(payloadOf(seed.frames[0]!).data.full, true);

    // the seed003 client syncs from the start: the first body is built now, with the first event's sequence and time
    messenger.syncResponse(seed as unknown as Client, 0, () => null);
    assert.equal(built, 2);
    const answer = payloadOf(seed.frames.at(-1)!).data as { missed_events: Array<{ sequence: number; event: string; data: Record<string, unknown> }> };
    const first = answer.missed_events[0]!;
    assert.deepEqual(first, { sequence: entry.sequence, event: "phase_change", data: { full: true, sequence_number: entry.sequence, server_time: entry.sentAt / 1000 } });
    assert.equal(answer.missed_events.length, 2, "the other seat's hand is not replayed to this client");
    messenger.syncResponse(seed as unknown as Client, 0, () => null);
    assert.equal(built, 2, "built once, then kept");
  });
});
