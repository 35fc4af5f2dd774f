import assert from "node:assert/strict";
import { seedRng } from "../../../src/games/shared/prng.js";
import { awaiting, legalPlays, type LiapTuiState } from "../../../src/games/liap-tui/index.js";
import { declareAll, eventsOf, idsInHand, ok, refused, rigHands, runBots, scenario } from "./helpers.js";

/**
 * Seat 1 holds GENERAL_RED (starts) and a black CHARIOT-CHARIOT-HORSE-CANNON;
 * seat 2 holds the red one; seat 0 the strong G1 pieces; seat 3 soldiers.
 */
const HANDS = rigHands({
  1: ["GENERAL_RED", "CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "CANNON_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK"],
  2: ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED"],
});

function inTurn(): LiapTuiState {
  return declareAll(scenario({ hands: HANDS, options: { maxRedeals: 0 } }), [1, 1, 1, 1]);
}

const blackExt = (s: LiapTuiState) => [
  ...idsInHand(s, 1, "CHARIOT_BLACK", 2),
  ...idsInHand(s, 1, "HORSE_BLACK"),
  ...idsInHand(s, 1, "CANNON_BLACK"),
];
const redExt = (s: LiapTuiState) => [
  ...idsInHand(s, 2, "CHARIOT_RED", 2),
  ...idsInHand(s, 2, "HORSE_RED"),
  ...idsInHand(s, 2, "CANNON_RED"),
];

describe("liap-tui turns", () => {
  it("the starter leads; refusals carry codes and details", () => {
    const s = inTurn();
    assert.deepEqual(awaiting(s), { kind: "actors", seats: [1], action: "play" });
    const notYou = refused(s, { type: "play", seat: 0, pieceIds: [s.hands[0]![0]!] });
    assert.equal(notYou.code, "not-your-turn");
    assert.deepEqual(notYou.details, { seat: 0, current_seat: 1 });
    const empty = refused(s, { type: "play", seat: 1, pieceIds: [] });
    assert.equal(empty.code, "no-pieces-selected");
    assert.deepEqual(empty.details, { required_piece_count: null });
    const malformed = refused(s, { type: "play", seat: 1, pieceIds: "p0" as unknown as string[] });
    assert.equal(malformed.code, "no-pieces-selected");
    const seven = refused(s, { type: "play", seat: 1, pieceIds: s.hands[1]!.slice(0, 7) });
    assert.equal(seven.code, "invalid-play");
    assert.deepEqual(seven.details, { reason: "wrong-count", required_piece_count: null, piece_count: 7 });
    const combo = refused(s, { type: "play", seat: 1, pieceIds: [...idsInHand(s, 1, "CHARIOT_BLACK"), ...idsInHand(s, 1, "HORSE_BLACK")] });
    assert.deepEqual(combo.details, { reason: "invalid-combination", required_piece_count: null });
    const foreign = refused(s, { type: "play", seat: 1, pieceIds: [s.hands[0]![0]!, "nope"] });
    assert.deepEqual(foreign.details, { reason: "not-in-hand", required_piece_count: null, piece_ids: [s.hands[0]![0]!, "nope"] });
    const dup = refused(s, { type: "play", seat: 1, pieceIds: [s.hands[1]![0]!, s.hands[1]![0]!] });
    assert.deepEqual(dup.details, { reason: "duplicate-ids", required_piece_count: null });
    assert.equal(refused(s, { type: "advance" }).code, "nothing-to-advance");
  });

  it("followers must match the count with any pieces; the leader's count is required", () => {
    let s = ok(inTurn(), { type: "play", seat: 1, pieceIds: blackExt(inTurn()) }).state;
    assert.equal(s.turn!.requiredPieceCount, 4);
    assert.equal(s.hands[1]!.length, 4, "played pieces leave the hand");
    const three = refused(s, { type: "play", seat: 2, pieceIds: s.hands[2]!.slice(0, 3) });
    assert.deepEqual(three.details, { reason: "wrong-count", required_piece_count: 4, piece_count: 3 });
    assert.equal(legalPlays(s, 2).length, 70, "C(8,4) subsets for a follower");
    assert.deepEqual(legalPlays(s, 3), [], "nothing for a seat not to play");
    s = ok(s, { type: "play", seat: 2, pieceIds: redExt(s) }).state;
    // seat 3 plays four soldiers (a valid but different type); seat 0 an invalid mix
    const soldiers = idsInHand(s, 3, "SOLDIER_RED", 4);
    const r3 = ok(s, { type: "play", seat: 3, pieceIds: soldiers });
    assert.equal(eventsOf(r3.events, "played")[0]!.playType, "FOUR_OF_A_KIND");
    s = r3.state;
    const last = ok(s, { type: "play", seat: 0, pieceIds: s.hands[0]!.slice(0, 4) });
    assert.equal(eventsOf(last.events, "played")[0]!.playType, "INVALID");
    const won = eventsOf(last.events, "turn_won")[0]!;
    assert.equal(won.seat, 2, "red extended straight (18) beats black (15)");
    assert.equal(won.piles, 4);
    assert.equal(won.turnNumber, 1);
    assert.equal(won.nextLeader, 2);
    assert.equal(won.roundOver, false);
    assert.deepEqual(won.pileCounts, [0, 0, 4, 0]);
    assert.deepEqual(won.plays.map((p) => [p.seat, p.playType, p.strength]), [
      [1, "EXTENDED_STRAIGHT", 15],
      [2, "EXTENDED_STRAIGHT", 18],
      [3, "FOUR_OF_A_KIND", 8],
      [0, "INVALID", 48],
    ]);
    assert.deepEqual(won.winningPlay.pieces.map((p) => p.rank), ["CHARIOT", "CHARIOT", "HORSE", "CANNON"]);
    s = last.state;
    assert.deepEqual(s.captured, [0, 0, 4, 0]);
    assert.deepEqual(s.hands.map((h) => h.length), [4, 4, 4, 4]);
    assert.deepEqual(awaiting(s), { kind: "advance", reason: "turn_result" });
    assert.equal(s.turn!.winner, 2, "the finished turn stays visible during the pause");
    assert.equal(s.turn!.plays.length, 4);
    const paused = refused(s, { type: "play", seat: 2, pieceIds: [s.hands[2]![0]!] });
    assert.deepEqual(paused.details, { seat: 2, current_seat: null });
    assert.equal(refused(s, { type: "declare", seat: 2, value: 1 }).code, "wrong-phase");
    const next = ok(s, { type: "advance" });
    assert.deepEqual(next.events, [{ type: "turn_started", turnNumber: 2, leader: 2 }]);
    assert.deepEqual(awaiting(next.state), { kind: "actors", seats: [2], action: "play" });
    assert.equal(next.state.turn!.plays.length, 0);
  });

  it("the leader wins ties; a lead is always possible (legalPlays lists only valid leads)", () => {
    const s = inTurn();
    const leads = legalPlays(s, 1);
    assert.ok(leads.length > 0);
    assert.ok(leads.every((ids) => ids.length >= 1 && ids.length <= 6));
    assert.ok(leads.some((ids) => ids.length === 4), "the extended straight is a legal lead");
    // seat 1 leads a single black soldier; seat 2 … seat 0 follow with equal or different singles
    const soldier = idsInHand(s, 1, "SOLDIER_BLACK");
    let t = ok(s, { type: "play", seat: 1, pieceIds: soldier }).state;
    t = ok(t, { type: "play", seat: 2, pieceIds: [t.hands[2]!.at(-1)!] }).state;
    const sb = idsInHand(t, 3, "SOLDIER_BLACK");
    t = ok(t, { type: "play", seat: 3, pieceIds: sb }).state;
    const r = ok(t, { type: "play", seat: 0, pieceIds: [t.hands[0]!.at(-1)!] });
    const won = eventsOf(r.events, "turn_won")[0]!;
    assert.equal(won.winningPlay.playType, "SINGLE");
    const best = Math.max(...won.plays.map((p) => p.strength));
    assert.equal(won.seat, won.plays.find((p) => p.strength === best)!.seat, "the earliest of the strongest singles wins");
  });

  it("a round awards exactly 8 piles and ends in SCORING after the last turn", () => {
    const { state, events } = runBots(inTurn(), "medium", seedRng("round"), (x) => x.phase === "SCORING");
    assert.equal(state.phase, "SCORING");
    assert.deepEqual(awaiting(state), { kind: "advance", reason: "scoring" });
    assert.equal(state.captured.reduce((a, b) => a + b, 0), 8);
    assert.ok(state.hands.every((h) => h.length === 0));
    const turns = eventsOf(events, "turn_won");
    assert.equal(turns.reduce((a, t) => a + t.piles, 0), 8);
    assert.equal(turns.at(-1)!.roundOver, true);
    assert.equal(turns.at(-1)!.nextLeader, null);
    assert.equal(state.lastTurnWinner, turns.at(-1)!.seat);
    for (let i = 1; i < turns.length; i++) {
      const started = events.filter((e) => e.type === "turn_started" && e.turnNumber === i + 1);
      assert.deepEqual(started, [{ type: "turn_started", turnNumber: i + 1, leader: turns[i - 1]!.seat }], "the winner leads next");
    }
    assert.equal(state.turn!.winner, turns.at(-1)!.seat, "the last turn stays visible in SCORING");
    assert.equal(state.starter, 1);
  });
});
