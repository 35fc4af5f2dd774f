import assert from "node:assert/strict";
import { SharedEncoding } from "../../src/gateway/shared-encoding.js";

describe("gateway shared encoding", () => {
  const event = (seq: number, time: number, data: unknown) => ({ event: "hand_updated", data, room_id: "R1", server_time: time, sequence_number: seq });

  it("encodes an event once for every seat that receives it", () => {
    const encoding = new SharedEncoding();
    const first = encoding.text(event(5, 1.5, { pieces: ["a"] }));
    assert.equal(encoding.text(event(5, 1.5, { pieces: ["a"] })), first);
    assert.equal(first, JSON.stringify(event(5, 1.5, { pieces: ["a"] })));
  });

  it("never serves one room instance's text for another that reuses the id and the sequence number", () => {
    const encoding = new SharedEncoding();
    encoding.text(event(5, 1.5, { pieces: ["old room"] }));
    assert.equal(encoding.text(event(5, 99.25, { pieces: ["new room"] })), JSON.stringify(event(5, 99.25, { pieces: ["new room"] })));
  });

  it("encodes messages without a room envelope directly", () => {
    const encoding = new SharedEncoding();
    assert.equal(encoding.text({ a: 1 }), '{"a":1}');
  });
});
