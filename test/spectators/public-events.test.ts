/** The public form of an event (what spectators and a replay's public stream get), and the checker's own sanity. */
import assert from "node:assert/strict";
import type { LoggedEvent } from "../../rooms/shared/event-log.js";
import { NOT_FOR_NATIVE } from "../../rooms/shared/messenger.js";
import { publicEventOf } from "../../rooms/shared/spectator-events.js";
import { cardLeaks, liapLeaks } from "./hidden-hands.js";
import { dealKey, playKey, type CardLedger, type LiapLedger } from "./ledger.js";

const entry = (overrides: Partial<LoggedEvent>): LoggedEvent => ({ sequence: 7, event: "phase_change", data: { full: true }, audience: { kind: "all" }, sentAt: 0, bytes: 10, ...overrides });

describe("spectators: the public form of an event", () => {
  it("is the profile's body for events to everybody", () => {
    assert.deepEqual(publicEventOf(entry({}), "seed003"), { sequence: 7, event: "phase_change", data: { full: true } });
    assert.deepEqual(publicEventOf(entry({ native: { lean: true } }), "native"), { sequence: 7, event: "phase_change", data: { lean: true } });
    assert.deepEqual(publicEventOf(entry({ native: { lean: true } }), "seed003")?.data, { full: true });
  });

  it("is nothing for a body the profile does not get, or for any seat's own event", () => {
    assert.equal(publicEventOf(entry({ native: NOT_FOR_NATIVE }), "native"), null);
    assert.equal(publicEventOf(entry({ event: "hand_updated", audience: { kind: "player", playerId: "alice" }, data: { pieces: [{ id: "p1" }] } }), "seed003"), null);
    assert.equal(publicEventOf(entry({ event: "play_accepted", audience: { kind: "player", playerId: "alice" } }), "native"), null);
  });
});

describe("spectators: the hidden-hand checker finds leaks", () => {
  const deal = dealKey(1, 1);
  const liap: LiapLedger = { dealt: new Map([[deal, [["p0", "p1"], ["p2"], ["p3"], ["p4"]]]]), plays: new Set([playKey(deal, 0, ["p0"])]), playsAnyDeal: new Set([playKey("any", 0, ["p0"])]) };
  const seatOf = (name: string) => ({ A: 0, B: 1 })[name];
  const table = { round_number: 1, redeal_multiplier: 1, current_plays: [{ position: 0, pieces: [{ id: "p0" }] }], players: [{ name: "A", hand: [] }] };

  it("lets real plays through", () => {
    assert.deepEqual(liapLeaks([{ kind: "state", json: table }], liap, seatOf), []);
    const phase = { phase_data: { round_number: 1, redeal_multiplier: 1, current_plays: { A: { pieces: [{ id: "p0" }] } } } };
    assert.deepEqual(liapLeaks([{ kind: "event", type: "phase_change", data: phase }], liap, seatOf), []);
  });

  it("flags a decoded hand, a seat's event, a piece anywhere else and a play that never happened", () => {
    assert.equal(liapLeaks([{ kind: "state", json: { ...table, players: [{ name: "A", hand: [{ id: "p1" }] }] } }], liap, seatOf).length, 1);
    assert.ok(liapLeaks([{ kind: "event", type: "hand_updated", data: { pieces: [{ id: "p1" }] } }], liap, seatOf).length >= 2);
    assert.equal(liapLeaks([{ kind: "event", type: "sync_response", data: { full_state: { hand: ["p2"] } } }], liap, seatOf).length, 1);
    const fake = { phase_data: { round_number: 1, redeal_multiplier: 1, current_plays: { B: { pieces: [{ id: "p2" }] } } } };
    assert.equal(liapLeaks([{ kind: "event", type: "phase_change", data: fake }], liap, seatOf).length, 1);
  });

  it("does the same for cards", () => {
    const cards: CardLedger = { held: new Map([["a", new Set(["c0", "c1"])]]), plays: new Set(["a|c0"]) };
    assert.deepEqual(cardLeaks([{ kind: "event", type: "card_played", data: { player_id: "a", card: { id: "c0", kind: "strike" } } }], cards), []);
    assert.equal(cardLeaks([{ kind: "state", json: { players: [{ hand: [{ id: "c1" }] }] } }], cards).length, 1);
    assert.equal(cardLeaks([{ kind: "event", type: "card_played", data: { player_id: "a", card: { id: "c1" } } }], cards).length, 1);
    assert.ok(cardLeaks([{ kind: "event", type: "hand_updated", data: { cards: [{ id: "c1" }] } }], cards).length >= 2);
  });
});
