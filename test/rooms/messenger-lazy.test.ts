/**
 * The messenger builds a seed-003 body only when someone needs it: with no
 * seed003 client in the audience the body's function is kept in the event log
 * (only once a seed003 client has been in the room: before that nothing of
 * the seed-003 profile is kept) and called on the first sync that replays it,
 * with the event's own sequence number and time (so the body is the one it
 * would have been).
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
  const body = (counter: { built: number }) => (sequence: number, now: number) => {
    counter.built++;
    return { full: true, sequence_number: sequence, server_time: now / 1000 };
  };
  const messengerFor = (clients: FakeClient[]) =>
    new Messenger({ roomId: "room1", clients: clients as unknown as Client[] }, "test", new Metrics("test-node"), {
      playerOf: (client) => (client as unknown as FakeClient).id,
      profileOf: (client) => (client as unknown as FakeClient).profile,
    });
  type SyncAnswer = { missed_events: Array<{ sequence: number; event: string; data: Record<string, unknown> }>; truncated: boolean; current_sequence: number };

  it("a room that never had a seed003 client neither builds nor keeps seed-003 bodies; a seed003 client that comes later syncs from the full state", () => {
    const native = fakeClient("n", "native");
    const clients: FakeClient[] = [native];
    const messenger = messengerFor(clients);
    const counter = { built: 0 };
    const first = messenger.toAll("phase_change", body(counter), { native: { lean: true } });
    const hand = messenger.toPlayer("n", "hand_updated", () => ({ pieces: [] }), NOT_FOR_NATIVE);
    assert.equal(hand.sequence, first.sequence + 1, "an event nobody gets still takes its number");
    assert.equal(counter.built, 0, "nobody receives the seed-003 body: not built");
    assert.equal(messenger.log.size, 1, "only the native phase_change is kept: the seed-003-only hand is not");
    assert.equal(native.frames.length, 1, "the native client got the lean phase_change only");
    assert.deepEqual(payloadOf(native.frames[0]!).data, { lean: true });

    // a seed003 client arrives and asks for everything: what was not kept cannot be replayed, so it gets the full state
    const seed = fakeClient("s", "seed003");
    clients.push(seed);
    messenger.syncResponse(seed as unknown as Client, 0, () => ({ state: "now" }));
    const answer = payloadOf(seed.frames.at(-1)!).data as SyncAnswer & { full_state: unknown };
    assert.equal(answer.truncated, true);
    assert.deepEqual(answer.missed_events, []);
    assert.deepEqual(answer.full_state, { state: "now" });
    assert.equal(counter.built, 0);
    // a native client still gets its events from the log
    messenger.syncResponse(native as unknown as Client, 0, () => null);
    const nativeAnswer = payloadOf(native.frames.at(-1)!).data as SyncAnswer;
    assert.equal(nativeAnswer.truncated, false);
    assert.deepEqual(nativeAnswer.missed_events, [{ sequence: first.sequence, event: "phase_change", data: { lean: true } }]);

    // from now on the seed-003 profile is kept, and a sync from after the seed003 client came is complete
    const mark = messenger.log.currentSequence;
    messenger.toAll("phase_change", body(counter), { native: { lean: true } });
    assert.equal(counter.built, 1, "built at once for the seed003 client");
    messenger.syncResponse(seed as unknown as Client, mark, () => null);
    const later = payloadOf(seed.frames.at(-1)!).data as SyncAnswer;
    assert.equal(later.truncated, false);
    assert.deepEqual(later.missed_events.map((e) => e.data.full), [true]);
  });

  it("with a seed003 client in the room, a body its audience does not need is kept as a builder and built, with its own sequence and time, by the first sync that replays it", () => {
    const native = fakeClient("n", "native");
    const seed = fakeClient("s", "seed003");
    const clients: FakeClient[] = [native, seed];
    const messenger = messengerFor(clients);
    const counter = { built: 0 };
    // to everybody but the seed003 client: nobody receives the seed-003 body now
    const entry = messenger.toAll("phase_change", body(counter), { native: { lean: true }, except: seed as unknown as Client });
    messenger.toPlayer("n", "hand_updated", () => ({ pieces: [] }), NOT_FOR_NATIVE);
    assert.equal(counter.built, 0);
    assert.equal(seed.frames.length, 0);

    messenger.syncResponse(seed as unknown as Client, 0, () => null);
    assert.equal(counter.built, 1);
    const answer = payloadOf(seed.frames.at(-1)!).data as SyncAnswer;
    assert.deepEqual(answer.missed_events[0], { sequence: entry.sequence, event: "phase_change", data: { full: true, sequence_number: entry.sequence, server_time: entry.sentAt / 1000 } });
    assert.equal(answer.missed_events.length, 1, "the other seat's hand is not replayed to this client");
    messenger.syncResponse(seed as unknown as Client, 0, () => null);
    assert.equal(counter.built, 1, "built once, then kept");
  });
});
