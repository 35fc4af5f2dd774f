import assert from "node:assert/strict";
import { allowedDeclarations, awaiting, legalDeclarations, type LiapTuiState } from "../../../src/games/liap-tui/index.js";
import { declareAll, ok, refused, rigHands, scenario } from "./helpers.js";

/** GENERAL_RED at seat 2 → declaration order 2, 3, 0, 1; nobody weak. */
const HANDS = rigHands({
  0: ["GENERAL_BLACK", "ADVISOR_RED"],
  1: ["ADVISOR_RED", "ADVISOR_BLACK"],
  2: ["GENERAL_RED", "ADVISOR_BLACK"],
  3: ["ELEPHANT_RED", "ELEPHANT_RED"],
});

function inDeclaration(zeroStreaks?: number[]): LiapTuiState {
  return ok(scenario({ hands: HANDS, zeroStreaks }), { type: "advance" }).state;
}

function declare(state: LiapTuiState, ...pairs: Array<[0 | 1 | 2 | 3, number]>): LiapTuiState {
  return pairs.reduce((s, [seat, value]) => ok(s, { type: "declare", seat, value }).state, state);
}

describe("liap-tui declarations", () => {
  it("allowedDeclarations applies both constraints", () => {
    assert.deepEqual(allowedDeclarations(0, false, 0), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(allowedDeclarations(5, true, 0), [0, 1, 2, 4, 5, 6, 7, 8]);
    assert.deepEqual(allowedDeclarations(8, true, 0), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(allowedDeclarations(9, true, 0), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(allowedDeclarations(0, false, 2), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(allowedDeclarations(7, true, 2), [2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(allowedDeclarations(3, true, 1), [0, 1, 2, 3, 4, 6, 7, 8]);
  });

  it("declarations go in play order from the starter, one at a time", () => {
    let s = inDeclaration();
    assert.deepEqual(awaiting(s), { kind: "actors", seats: [2], action: "declare" });
    const r = ok(s, { type: "declare", seat: 2, value: 3 });
    assert.deepEqual(r.events, [{ type: "declared", seat: 2, value: 3, total: 3 }]);
    s = declare(r.state, [3, 2], [0, 1]);
    assert.deepEqual(awaiting(s), { kind: "actors", seats: [1], action: "declare" });
    const last = ok(s, { type: "declare", seat: 1, value: 0 });
    assert.deepEqual(
      last.events.map((e) => e.type),
      ["declared", "phase", "turn_started"],
    );
    assert.equal(last.state.phase, "TURN");
    assert.deepEqual(last.state.declarations, [1, 0, 3, 2]);
    assert.deepEqual(awaiting(last.state), { kind: "actors", seats: [2], action: "play" });
  });

  it("constraint A: the last declarer may not make the total exactly 8", () => {
    const s = declare(inDeclaration(), [2, 3], [3, 2], [0, 2]);
    assert.deepEqual(legalDeclarations(s, 1), [0, 2, 3, 4, 5, 6, 7, 8]);
    const error = refused(s, { type: "declare", seat: 1, value: 1 });
    assert.equal(error.code, "invalid-declaration");
    assert.deepEqual(error.details, { reason: "total-eight", value: 1, allowed: [0, 2, 3, 4, 5, 6, 7, 8] });
    ok(s, { type: "declare", seat: 1, value: 2 });
  });

  it("constraint A forbids nothing when the first three already exceed 8, and 0 when they make 8", () => {
    const over = declare(inDeclaration(), [2, 5], [3, 4], [0, 0]);
    assert.deepEqual(legalDeclarations(over, 1), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const eight = declare(inDeclaration(), [2, 5], [3, 3], [0, 0]);
    assert.equal(refused(eight, { type: "declare", seat: 1, value: 0 }).code, "invalid-declaration");
  });

  it("constraint B: two zeros in a row force at least 1 (any position), and the streak carries", () => {
    const s = inDeclaration([0, 0, 2, 1]);
    const error = refused(s, { type: "declare", seat: 2, value: 0 });
    assert.equal(error.code, "invalid-declaration");
    assert.deepEqual(error.details, { reason: "zero-streak", value: 0, allowed: [1, 2, 3, 4, 5, 6, 7, 8] });
    const after = declare(s, [2, 1], [3, 0]);
    assert.deepEqual(after.zeroStreaks, [0, 0, 0, 2], "declaring 0 extends the streak, anything else resets it");
  });

  it("constraints A and B together", () => {
    const s = declare(inDeclaration([0, 2, 0, 0]), [2, 3], [3, 2], [0, 2]);
    const error = refused(s, { type: "declare", seat: 1, value: 0 });
    assert.deepEqual(error.details?.allowed, [2, 3, 4, 5, 6, 7, 8]);
    assert.equal(refused(s, { type: "declare", seat: 1, value: 1 }).code, "invalid-declaration");
  });

  it("refuses values outside 0..8 and non-integers", () => {
    const s = inDeclaration();
    for (const value of [-1, 9, 2.5, Number.NaN]) {
      const error = refused(s, { type: "declare", seat: 2, value });
      assert.equal(error.code, "invalid-declaration");
      assert.equal(error.details?.reason, "out-of-range");
      assert.deepEqual(error.details?.allowed, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });

  it("not-your-turn names the current seat; already-declared names the value", () => {
    const s = inDeclaration();
    const early = refused(s, { type: "declare", seat: 0, value: 1 });
    assert.equal(early.code, "not-your-turn");
    assert.deepEqual(early.details, { seat: 0, current_seat: 2 });
    const after = declare(s, [2, 4]);
    const twice = refused(after, { type: "declare", seat: 2, value: 1 });
    assert.equal(twice.code, "already-declared");
    assert.deepEqual(twice.details, { seat: 2, value: 4 });
    assert.deepEqual(legalDeclarations(after, 2), [], "no options out of turn");
  });

  it("declare outside DECLARATION is wrong-phase", () => {
    const prep = scenario({ hands: HANDS });
    assert.deepEqual(refused(prep, { type: "declare", seat: 2, value: 1 }).details, { phase: "PREPARATION" });
    const turn = declareAll(prep, [1, 1, 1, 1]);
    const error = refused(turn, { type: "declare", seat: 2, value: 1 });
    assert.equal(error.code, "wrong-phase");
    assert.deepEqual(error.details, { phase: "TURN" });
  });

  it("refuses a seat that does not exist", () => {
    const error = refused(inDeclaration(), { type: "declare", seat: 7 as 0, value: 1 });
    assert.equal(error.code, "not-your-turn");
  });
});
