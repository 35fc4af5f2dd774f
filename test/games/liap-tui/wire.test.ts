/**
 * The shared wire mapping (src/games/liap-tui/wire.ts) carries the lean native
 * profile's decisions, so rooms and replays send the same: native clients get
 * no hand, play, declaration or redeal acknowledgements, and one lean
 * `phase_change` per phase; seed-003 bodies that are expensive are builders.
 */
import assert from "node:assert/strict";
import { LiapTuiWire, type WireSeat } from "../../../src/games/liap-tui/wire.js";
import { NATIVE_OMITS, resolveBody, type OutgoingEvent } from "../../../src/games/shared/outgoing.js";
import { ok, rigHands, scenario } from "./helpers.js";

const SEATS: WireSeat[] = [0, 1, 2, 3].map((position) => ({ position: position as 0 | 1 | 2 | 3, name: `P${position}`, isBot: false, connected: true, seated: true }));

/** GENERAL_RED at seat 2 → declaration order 2, 3, 0, 1; nobody weak. */
const HANDS = rigHands({
  0: ["GENERAL_BLACK", "ADVISOR_RED"],
  1: ["ADVISOR_RED", "ADVISOR_BLACK"],
  2: ["GENERAL_RED", "ADVISOR_BLACK"],
  3: ["ELEPHANT_RED", "ELEPHANT_RED"],
});

function named(out: OutgoingEvent[], event: string): OutgoingEvent[] {
  return out.filter((e) => e.event === event);
}

describe("liap-tui wire mapping (rooms and replays)", () => {
  it("sends the hands to seed-003 seats only, as builders, and a lean phase_change once per phase", () => {
    const wire = new LiapTuiWire();
    const game = scenario({ hands: HANDS });
    const dealt = wire.step([{ type: "dealt", round: 1, redeal: false, multiplier: 1 }], game, SEATS, null);
    const hands = named(dealt, "hand_updated");
    assert.equal(hands.length, 4);
    for (const hand of hands) {
      assert.equal(hand.native, NATIVE_OMITS);
      assert.equal(typeof hand.data, "function", "the seed-003 hand is built only when needed");
      const body = resolveBody(hand.data, 1, 0) as { count: number };
      assert.ok(body.count > 0);
    }
    const phase = named(dealt, "phase_change")[0]!;
    assert.equal(typeof phase.data, "function", "the full game_state is built only when needed");
    assert.deepEqual(phase.native, { phase: game.phase, phase_data: {} });
    const full = resolveBody(phase.data, 7, 2000) as Record<string, unknown>;
    assert.equal(full.sequence_number, 7);
    assert.ok("game_state" in full);

    // the same phase again says nothing new to native clients
    const again = wire.step([], game, SEATS, null);
    assert.equal(named(again, "phase_change")[0]!.native, NATIVE_OMITS);
  });

  it("leaves declaration acknowledgements to the schema for native clients", () => {
    const wire = new LiapTuiWire();
    const start = scenario({ hands: HANDS });
    wire.step([], start, SEATS, null);
    const declaring = ok(start, { type: "advance" });
    const declared = ok(declaring.state, { type: "declare", seat: 2, value: 1 });
    const out = wire.step(declared.events, declared.state, SEATS, null);
    const ack = named(out, "declaration_accepted");
    assert.equal(ack.length, 1);
    assert.equal(ack[0]!.native, NATIVE_OMITS);
    assert.deepEqual(ack[0]!.data, { player: "P2", declaration: 1 });
  });
});
