import assert from "node:assert/strict";
import { seedRng } from "../../../src/games/shared/prng.js";
import {
  awaiting,
  isGameEnd,
  normalizeOptions,
  scoreRound,
  topScorers,
} from "../../../src/games/liap-tui/index.js";
import { eventsOf, ok, refused, rigHands, runBots, scenario } from "./helpers.js";

const HANDS = rigHands({
  0: ["GENERAL_BLACK", "ADVISOR_RED"],
  1: ["ADVISOR_RED", "ADVISOR_BLACK"],
  2: ["GENERAL_RED", "ADVISOR_BLACK"],
  3: ["ELEPHANT_RED", "ELEPHANT_RED"],
});

describe("liap-tui scoring", () => {
  const table: Array<[number, number, number, number, number]> = [
    // declared, captured, base, bonus, hitValue
    [0, 0, 3, 3, 0],
    [0, 1, -1, 0, -1],
    [0, 2, -2, 0, -2],
    [0, 8, -8, 0, -8],
    [1, 1, 6, 5, 1],
    [3, 3, 8, 5, 3],
    [8, 8, 13, 5, 8],
    [2, 4, -2, 0, -2],
    [5, 1, -4, 0, -4],
    [4, 0, -4, 0, -4],
    [1, 8, -7, 0, -7],
  ];
  for (const [declared, captured, base, bonus, hitValue] of table) {
    it(`declared ${declared}, captured ${captured} → ${base}`, () => {
      assert.deepEqual(scoreRound(declared, captured), { base, bonus, hitValue });
    });
  }

  it("rules §6.1 examples with the multiplier", () => {
    assert.equal(scoreRound(3, 3).base * 3, 24);
    assert.equal(scoreRound(5, 1).base * 3, -12);
  });

  it("the game ends at winScore or at the round cap; winners share the top score", () => {
    const options = normalizeOptions();
    assert.equal(isGameEnd([49, 0, 10, -5], 3, options), false);
    assert.equal(isGameEnd([50, 0, 10, -5], 3, options), true);
    assert.equal(isGameEnd([1, 0, 10, -5], 20, options), true);
    assert.deepEqual(topScorers([50, 52, 52, 3]), [1, 2]);
    assert.deepEqual(topScorers([-3, -3, -3, -3]), [0, 1, 2, 3]);
  });

  it("a played round is scored per seat with the formula and the multiplier", () => {
    const start = scenario({ hands: HANDS, scores: [10, -4, 0, 7] });
    const { state, events } = runBots(start, "medium", seedRng("score"), (s) => s.phase === "SCORING");
    const scored = eventsOf(events, "round_scored")[0]!;
    assert.equal(scored.round, 1);
    assert.equal(scored.gameOver, false);
    assert.deepEqual(scored.scores, state.scores);
    const before = [10, -4, 0, 7];
    for (const row of scored.rows) {
      assert.equal(row.declared, state.declarations[row.seat]);
      assert.equal(row.captured, state.captured[row.seat]);
      const { base, bonus, hitValue } = scoreRound(row.declared, row.captured);
      assert.deepEqual([row.base, row.bonus, row.hitValue], [base, bonus, hitValue]);
      assert.equal(row.multiplier, 1);
      assert.equal(row.roundScore, base);
      assert.equal(row.total, before[row.seat]! + base);
    }
    const perfect = scored.rows.filter((r) => r.declared > 0 && r.declared === r.captured).map((r) => r.seat);
    assert.deepEqual(eventsOf(events, "perfect_declaration").map((e) => e.seat), perfect);
    assert.equal(state.stats.perfectDeclarations, perfect.length);
    assert.deepEqual(state.roundScores, scored.rows);
  });

  it("next round after scoring: round + 1, the last-turn winner is the starter of record", () => {
    const start = scenario({ hands: HANDS, options: { maxRedeals: 0 } });
    const atScoring = runBots(start, "medium", seedRng("next"), (s) => s.phase === "SCORING").state;
    const r = ok(atScoring, { type: "advance" });
    assert.equal(r.state.round, 2);
    assert.equal(r.state.phase, "PREPARATION");
    assert.equal(r.state.previousRoundLastWinner, atScoring.lastTurnWinner);
    assert.equal(r.state.starter, atScoring.lastTurnWinner, "maxRedeals 0: no redeal can change the starter");
    assert.equal(r.state.starterReason, "won_last_turn");
    assert.deepEqual(r.state.declarations, [null, null, null, null]);
    assert.deepEqual(r.state.captured, [0, 0, 0, 0]);
    assert.deepEqual(r.state.hands.map((h) => h.length), [8, 8, 8, 8]);
    assert.deepEqual(
      r.events.map((e) => e.type).slice(0, 2),
      ["phase", "dealt"],
    );
  });

  it("maxRounds reached: GAME_OVER with all top scorers as winners and reason max_rounds", () => {
    const start = scenario({ hands: HANDS, options: { maxRounds: 1, maxRedeals: 0 }, scores: [5, 5, 5, 5] });
    const atScoring = runBots(start, "medium", seedRng("cap"), (s) => s.phase === "SCORING");
    assert.equal(eventsOf(atScoring.events, "round_scored")[0]!.gameOver, true);
    const r = ok(atScoring.state, { type: "advance" });
    const over = r.state;
    assert.equal(over.phase, "GAME_OVER");
    assert.deepEqual(awaiting(over), { kind: "none" });
    const result = eventsOf(r.events, "game_over")[0]!;
    assert.deepEqual(result.winners, topScorers(over.scores));
    assert.equal(result.reason, "max_rounds");
    assert.equal(result.roundsPlayed, 1);
    assert.deepEqual(result.finalScores, over.scores);
    assert.equal(result.statistics.totalTurns, over.stats.totalTurns);
    assert.equal(result.statistics.turnsWon.reduce((a, b) => a + b, 0), result.statistics.totalTurns);
    const { type: _type, ...stored } = result;
    assert.deepEqual(over.result, stored);
    assert.equal(refused(over, { type: "advance" }).code, "nothing-to-advance");
    assert.equal(refused(over, { type: "declare", seat: 0, value: 1 }).code, "wrong-phase");
  });

  it("reaching winScore ends the game with reason win_score", () => {
    const start = scenario({ hands: HANDS, options: { winScore: 40, maxRedeals: 0 }, scores: [60, 30, 61, 0] });
    const over = runBots(start, "medium", seedRng("win"));
    const result = eventsOf(over.events, "game_over")[0]!;
    assert.equal(result.reason, "win_score");
    assert.equal(result.roundsPlayed, 1);
    assert.deepEqual(result.winners, topScorers(over.state.scores));
    assert.ok(Math.max(...over.state.scores) >= 40);
  });
});

describe("liap-tui options", () => {
  it("fills defaults without touching the input", () => {
    const input = { winScore: 30 };
    assert.deepEqual(normalizeOptions(input), { winScore: 30, maxRounds: 20, maxRedeals: 10 });
    assert.deepEqual(input, { winScore: 30 });
    assert.deepEqual(normalizeOptions(), { winScore: 50, maxRounds: 20, maxRedeals: 10 });
    assert.deepEqual(normalizeOptions({ maxRedeals: 0, maxRounds: 1, winScore: 1 }), { winScore: 1, maxRounds: 1, maxRedeals: 0 });
  });

  it("throws RangeError on nonsense", () => {
    const bad: Array<Record<string, unknown>> = [
      { winScore: 0 },
      { winScore: 2.5 },
      { maxRounds: 0 },
      { maxRounds: Number.POSITIVE_INFINITY },
      { maxRedeals: -1 },
      { maxRedeals: Number.NaN },
      { winScore: "50" },
    ];
    for (const options of bad) assert.throws(() => normalizeOptions(options), RangeError, JSON.stringify(options));
  });
});
