import assert from "node:assert/strict";
import { seedRng } from "../../../src/games/shared/prng.js";
import {
  awaiting,
  createGameFromHands,
  playOrderFrom,
  startGameFromHands,
  type LiapTuiState,
  type Seat,
} from "../../../src/games/liap-tui/index.js";
import { declineAll, eventsOf, ok, refused, rigHands, runBots } from "./helpers.js";

/** Nobody weak; GENERAL_RED at seat 2. */
const NO_WEAK_GR2 = rigHands({
  0: ["GENERAL_BLACK", "ADVISOR_RED"],
  1: ["ADVISOR_RED", "ADVISOR_BLACK"],
  2: ["GENERAL_RED", "ADVISOR_BLACK"],
  3: ["ELEPHANT_RED", "ELEPHANT_RED"],
});
/** Seats 1 and 3 weak (all strong pieces at seats 0 and 2); GENERAL_RED at seat 2. */
const WEAK13_GR2 = rigHands({
  0: ["GENERAL_BLACK", "ADVISOR_RED", "ADVISOR_RED", "ADVISOR_BLACK"],
  2: ["GENERAL_RED", "ADVISOR_BLACK", "ELEPHANT_RED", "ELEPHANT_RED"],
});
/** Seats 1 and 3 weak; GENERAL_RED at seat 0. */
const WEAK13_GR0 = rigHands({
  0: ["GENERAL_RED", "ADVISOR_BLACK", "ELEPHANT_RED", "ELEPHANT_RED"],
  2: ["GENERAL_BLACK", "ADVISOR_RED", "ADVISOR_RED", "ADVISOR_BLACK"],
});

function decide(state: LiapTuiState, decisions: Array<[Seat, boolean]>) {
  let s = state;
  const events = [];
  for (const [seat, accept] of decisions) {
    const r = ok(s, { type: "redeal_decision", seat, accept });
    s = r.state;
    events.push(...r.events);
  }
  return { state: s, events };
}

/** First seed (of a deterministic search) for which `accept` on WEAK13_GR2 leads to a state satisfying `want`. */
function findSeed(accepters: Array<[Seat, boolean]>, want: (s: LiapTuiState) => boolean, options = {}): LiapTuiState {
  for (let i = 0; i < 5000; i++) {
    const s = decide(createGameFromHands({ hands: WEAK13_GR2, seed: `search-${i}`, options }), accepters).state;
    if (want(s)) return s;
  }
  throw new Error("no seed found");
}

describe("liap-tui preparation: starters", () => {
  it("round 1 without weak hands: the GENERAL_RED holder starts (has_general_red)", () => {
    const { state, events } = startGameFromHands({ hands: NO_WEAK_GR2 });
    assert.equal(state.phase, "PREPARATION");
    assert.deepEqual(awaiting(state), { kind: "advance", reason: "round_start" });
    assert.equal(state.starter, 2);
    assert.equal(state.starterReason, "has_general_red");
    assert.equal(state.multiplier, 1);
    assert.deepEqual(
      events.map((e) => e.type),
      ["phase", "dealt", "starter_chosen"],
    );
    assert.deepEqual(eventsOf(events, "starter_chosen")[0], { type: "starter_chosen", seat: 2, reason: "has_general_red" });
  });

  it("round 2 and later: the winner of the previous round's last turn starts (won_last_turn)", () => {
    const state = createGameFromHands({ hands: NO_WEAK_GR2, round: 2, previousRoundLastWinner: 3 });
    assert.equal(state.starter, 3);
    assert.equal(state.starterReason, "won_last_turn");
  });

  it("falls back to seat 0 (default) without a GENERAL_RED rule or last winner", () => {
    const state = createGameFromHands({ hands: NO_WEAK_GR2, round: 2, previousRoundLastWinner: null });
    assert.equal(state.starter, 0);
    assert.equal(state.starterReason, "default");
  });

  it("after the round_start advance the starter declares first", () => {
    const state = ok(createGameFromHands({ hands: NO_WEAK_GR2 }), { type: "advance" }).state;
    assert.equal(state.phase, "DECLARATION");
    assert.deepEqual(state.declarationOrder, [2, 3, 0, 1]);
    assert.deepEqual(awaiting(state), { kind: "actors", seats: [2], action: "declare" });
  });
});

describe("liap-tui preparation: weak hands and redeals", () => {
  it("asks all weak seats at once and refuses bad decisions", () => {
    const { state, events } = startGameFromHands({ hands: WEAK13_GR2 });
    assert.deepEqual(eventsOf(events, "weak_hands"), [{ type: "weak_hands", seats: [1, 3], offered: true }]);
    assert.deepEqual(awaiting(state), { kind: "actors", seats: [1, 3], action: "redeal_decision" });
    assert.equal(state.starter, null);
    assert.equal(refused(state, { type: "redeal_decision", seat: 0, accept: true }).code, "not-weak");
    assert.equal(refused(state, { type: "advance" }).code, "nothing-to-advance");
    const wp = refused(state, { type: "declare", seat: 2, value: 1 });
    assert.equal(wp.code, "wrong-phase");
    assert.deepEqual(wp.details, { phase: "PREPARATION" });
    const after = decide(state, [[3, false]]).state;
    assert.deepEqual(awaiting(after), { kind: "actors", seats: [1], action: "redeal_decision" });
    const again = refused(after, { type: "redeal_decision", seat: 3, accept: true });
    assert.equal(again.code, "already-decided");
    assert.deepEqual(again.details, { seat: 3, accept: false });
  });

  it("all decline: the hands stay, the starter follows the priority list, multiplier 1", () => {
    const { state, events } = decide(createGameFromHands({ hands: WEAK13_GR2 }), [[1, false], [3, false]]);
    assert.deepEqual(state.hands, WEAK13_GR2);
    assert.equal(state.starter, 2);
    assert.equal(state.starterReason, "has_general_red");
    assert.equal(state.multiplier, 1);
    assert.deepEqual(awaiting(state), { kind: "advance", reason: "round_start" });
    assert.deepEqual(events.map((e) => e.type), ["redeal_decided", "redeal_decided", "starter_chosen"]);
    const wp = refused(state, { type: "redeal_decision", seat: 1, accept: true });
    assert.equal(wp.code, "wrong-phase");
  });

  it("round 1: the first accepter in play order from the GENERAL_RED holder gets the redeal (not from seat 0)", () => {
    // GENERAL_RED at seat 2 → order 2, 3, 0, 1 → seat 3 before seat 1
    const { state, events } = decide(createGameFromHands({ hands: WEAK13_GR2, seed: "r1" }), [[1, true], [3, true]]);
    assert.deepEqual(eventsOf(events, "redeal"), [{ type: "redeal", accepter: 3, multiplier: 2, redealsThisRound: 1 }]);
    assert.deepEqual(eventsOf(events, "dealt"), [{ type: "dealt", round: 1, redeal: true, multiplier: 2 }]);
    assert.equal(state.multiplier, 2);
    assert.equal(state.stats.redeals, 1);
    assert.notDeepEqual(state.hands, WEAK13_GR2, "all 32 pieces are redealt");
    const settled = declineAll(state);
    assert.equal(settled.state.starter, 3);
    assert.equal(settled.state.starterReason, "accepted_redeal");
    assert.equal(settled.state.multiplier, 2);
    assert.deepEqual(eventsOf([...events, ...settled.events], "starter_chosen"), [
      { type: "starter_chosen", seat: 3, reason: "accepted_redeal" },
    ]);
  });

  it("round 1 with GENERAL_RED at seat 0: seat 1 is first; a lone accepter always wins", () => {
    const both = decide(createGameFromHands({ hands: WEAK13_GR0 }), [[3, true], [1, true]]);
    assert.equal(eventsOf(both.events, "redeal")[0]!.accepter, 1);
    const lone = decide(createGameFromHands({ hands: WEAK13_GR2 }), [[1, true], [3, false]]);
    assert.equal(eventsOf(lone.events, "redeal")[0]!.accepter, 1);
  });

  it("later rounds: play order from the previous round's last-turn winner", () => {
    const from0 = decide(createGameFromHands({ hands: WEAK13_GR2, round: 3, previousRoundLastWinner: 0 }), [[1, true], [3, true]]);
    assert.equal(eventsOf(from0.events, "redeal")[0]!.accepter, 1);
    const from2 = decide(createGameFromHands({ hands: WEAK13_GR2, round: 3, previousRoundLastWinner: 2 }), [[1, true], [3, true]]);
    assert.equal(eventsOf(from2.events, "redeal")[0]!.accepter, 3);
  });

  it("after an earlier redeal: play order from the previous accepter; multiplier keeps rising", () => {
    // seat 1 accepted the first redeal; find a redeal with two or more weak seats where the orders disagree
    const state = findSeed([[1, true], [3, false]], (s) => {
      const weak = s.preparation.weakSeats;
      if (!s.preparation.cycleOpen || weak.length < 2) return false;
      const first = (from: Seat) => playOrderFrom(from).find((x) => weak.includes(x));
      return first(1) !== first(0) || first(1) !== first(s.hands.findIndex((h) => h.includes("p0")) as Seat);
    });
    const weak = state.preparation.weakSeats;
    const expected = playOrderFrom(1).find((x) => weak.includes(x))!;
    const { state: after, events } = decide(state, weak.map((seat) => [seat, true] as [Seat, boolean]));
    assert.deepEqual(eventsOf(events, "redeal"), [{ type: "redeal", accepter: expected, multiplier: 3, redealsThisRound: 2 }]);
    const settled = declineAll(after).state;
    assert.equal(settled.starter, expected);
    assert.equal(settled.starterReason, "accepted_redeal");
    assert.equal(settled.multiplier, 3);
  });

  it("a new cycle forgets earlier decisions: a seat that declined may accept", () => {
    const state = findSeed([[1, true], [3, false]], (s) => s.preparation.cycleOpen && s.preparation.weakSeats.includes(3));
    assert.deepEqual(state.preparation.decisions, [null, null, null, null]);
    const { events } = ok(state, { type: "redeal_decision", seat: 3, accept: true });
    assert.deepEqual(events[0], { type: "redeal_decided", seat: 3, accept: true });
  });

  it("maxRedeals 0: weak hands are announced but not offered", () => {
    const { state, events } = startGameFromHands({ hands: WEAK13_GR2, options: { maxRedeals: 0 } });
    assert.deepEqual(eventsOf(events, "weak_hands"), [{ type: "weak_hands", seats: [1, 3], offered: false }]);
    assert.deepEqual(awaiting(state), { kind: "advance", reason: "round_start" });
    assert.equal(state.starter, 2);
    assert.equal(refused(state, { type: "redeal_decision", seat: 1, accept: true }).code, "wrong-phase");
  });

  it("maxRedeals caps redeals per round: no further offer once reached", () => {
    const capped = findSeed([[1, true], [3, true]], (s) => s.preparation.weakSeats.length > 0, { maxRedeals: 1 });
    assert.equal(capped.preparation.cycleOpen, false);
    assert.deepEqual(awaiting(capped), { kind: "advance", reason: "round_start" });
    assert.equal(capped.multiplier, 2);
    assert.equal(capped.starter, 3);
    assert.equal(capped.starterReason, "accepted_redeal");
    const open = findSeed([[1, true], [3, true]], (s) => s.preparation.weakSeats.length > 0, { maxRedeals: 2 });
    assert.equal(open.preparation.cycleOpen, true, "below the cap a new cycle is offered");
  });

  it("the multiplier resets to 1 in the next round", () => {
    const settled = declineAll(decide(createGameFromHands({ hands: WEAK13_GR2, seed: "reset" }), [[1, true], [3, true]]).state).state;
    assert.equal(settled.multiplier, 2);
    const { state, events } = runBots(settled, "medium", seedRng("reset-bots"), (s) => s.round === 2);
    const scored = eventsOf(events, "round_scored")[0]!;
    assert.equal(scored.multiplier, 2);
    assert.ok(scored.rows.every((r) => r.roundScore === r.base * 2));
    assert.deepEqual(eventsOf(events, "dealt").at(-1), { type: "dealt", round: 2, redeal: false, multiplier: 1 });
    assert.equal(state.preparation.redealsThisRound, 0);
  });
});
