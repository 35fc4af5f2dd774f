import assert from "node:assert/strict";
import { seedRng } from "../../../src/games/shared/prng.js";
import {
  applyAction,
  awaiting,
  botAction,
  createGame,
  createGameFromHands,
  legalDeclarations,
  legalPlays,
  mediumDeclaration,
  mediumPlay,
  mediumRedeal,
  classifyPlay,
  handOf,
  type LiapTuiState,
  type Piece,
  type Seat,
} from "../../../src/games/liap-tui/index.js";
import { mediumDeclarationEstimate } from "../../../src/games/liap-tui/bots.js";
import { declareAll, idsInHand, ok, piecesOfKinds, rigHands, scenario, type Kind } from "./helpers.js";

/** A round-2 game in TURN where seat 1 (last round's last winner) leads with the given hand. */
function leadingWith(hand: Kind[]): { state: LiapTuiState; seat: Seat } {
  const hands = rigHands({ 1: hand });
  const start = scenario({ hands, round: 2, previousRoundLastWinner: 1, options: { maxRedeals: 0 } });
  return { state: declareAll(start, [1, 1, 1, 1]), seat: 1 };
}

/** All k-subsets in itertools order (by position). */
function combos<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combos(items.slice(i + 1), k - 1)) out.push([item, ...rest]);
  });
  return out;
}

/** The reference policy written naively: sizes ascending, subsets in order, keep the first strictly larger valid total. */
function referencePlay(state: LiapTuiState, seat: Seat): string[] {
  const hand = handOf(state, seat);
  const required = state.turn!.requiredPieceCount;
  const sizes = required === null ? [1, 2, 3, 4, 5, 6] : [required];
  let best: Piece[] | null = null;
  const total = (ps: Piece[]) => ps.reduce((a, p) => a + p.point, 0);
  for (const k of sizes) {
    for (const c of combos(hand, k)) {
      if (classifyPlay(c) !== "INVALID" && (best === null || total(c) > total(best))) best = c;
    }
  }
  if (best === null) best = hand.slice().sort((a, b) => a.point - b.point).slice(0, required!);
  return best.map((p) => p.id);
}

describe("liap-tui medium bot (reference policy)", () => {
  it("declaration estimate: combos + strong opening + first, clamped to 1..7", () => {
    const soldiers = piecesOfKinds("GENERAL_RED", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "CANNON_BLACK", "CANNON_RED", "HORSE_BLACK");
    // 4 triples + 1 four = 5 combos, +1 GENERAL
    assert.equal(mediumDeclarationEstimate(soldiers, false), 6);
    assert.equal(mediumDeclarationEstimate(soldiers, true), 7);
    const nothing = piecesOfKinds("HORSE_BLACK", "CANNON_BLACK", "CANNON_RED", "SOLDIER_RED", "SOLDIER_BLACK", "SOLDIER_RED", "HORSE_RED", "SOLDIER_BLACK");
    assert.equal(mediumDeclarationEstimate(nothing, true), 1, "never 0 on its own");
    const chariots = piecesOfKinds("CHARIOT_BLACK", "CANNON_BLACK", "CANNON_RED", "SOLDIER_RED", "SOLDIER_BLACK", "SOLDIER_RED", "HORSE_RED", "SOLDIER_BLACK");
    assert.equal(mediumDeclarationEstimate(chariots, false), 1);
    const straights = piecesOfKinds("GENERAL_RED", "ADVISOR_RED", "ELEPHANT_RED", "ELEPHANT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED", "CANNON_RED");
    // G1: 2 straights, 1 extended (2-1-1 with both elephants); G2: 2 straights, 1 extended → 6 combos, +1 opening, +1 first → 8 → 7
    assert.equal(mediumDeclarationEstimate(straights, true), 7);
    assert.equal(mediumDeclarationEstimate(straights, false), 7);
  });

  it("declaration respects constraint A and B, falling back to an end of the allowed range", () => {
    const hands = rigHands({
      0: ["GENERAL_BLACK", "ADVISOR_RED"],
      1: ["HORSE_BLACK", "CANNON_BLACK", "CANNON_RED", "SOLDIER_RED", "SOLDIER_BLACK", "SOLDIER_RED", "HORSE_RED", "SOLDIER_BLACK"],
      2: ["GENERAL_RED", "ADVISOR_BLACK"],
      3: ["ELEPHANT_RED", "ELEPHANT_RED"],
    });
    const s = (streaks: number[]) => {
      let st = ok(scenario({ hands, zeroStreaks: streaks, options: { maxRedeals: 0 } }), { type: "advance" }).state;
      for (const [seat, value] of [[2, 3], [3, 2], [0, 2]] as Array<[Seat, number]>) st = ok(st, { type: "declare", seat, value }).state;
      return st;
    };
    // seat 1 (last, total 7) would say 1 → forbidden → smallest allowed is 0
    assert.equal(mediumDeclaration(s([0, 0, 0, 0]), 1), 0);
    // with two zeros in a row, 0 is forbidden too → 2
    assert.equal(mediumDeclaration(s([0, 2, 0, 0]), 1), 2);
    assert.ok(legalDeclarations(s([0, 2, 0, 0]), 1).includes(2));
  });

  it("leading: the valid subset with the largest total", () => {
    const { state, seat } = leadingWith(["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK"]);
    const expected = [...idsInHand(state, seat, "CHARIOT_RED", 2), ...idsInHand(state, seat, "HORSE_RED"), ...idsInHand(state, seat, "CANNON_RED")];
    assert.deepEqual(mediumPlay(state, seat).slice().sort(), expected.slice().sort());
  });

  it("leading: on equal totals the smaller play", () => {
    // ELEPHANT_RED alone (10) ties the pair of black horses (10)
    const { state, seat } = leadingWith(["ELEPHANT_RED", "HORSE_BLACK", "HORSE_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK"]);
    assert.deepEqual(mediumPlay(state, seat), idsInHand(state, seat, "ELEPHANT_RED"));
  });

  it("following: the best valid subset of the required size, else the lowest pieces", () => {
    const noPairs = rigHands({
      1: ["GENERAL_RED", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "CANNON_BLACK", "HORSE_BLACK"],
      2: ["GENERAL_BLACK", "ADVISOR_RED", "ELEPHANT_BLACK", "CHARIOT_RED", "HORSE_RED", "CANNON_RED", "SOLDIER_RED", "CHARIOT_BLACK"],
    });
    const inTurn = () => declareAll(scenario({ hands: noPairs, options: { maxRedeals: 0 } }), [1, 1, 1, 1]);
    // required 2 and no pair in hand: the two lowest pieces
    const two = ok(inTurn(), { type: "play", seat: 1, pieceIds: idsInHand(inTurn(), 1, "SOLDIER_BLACK", 2) }).state;
    assert.deepEqual(mediumPlay(two, 2).sort(), [...idsInHand(two, 2, "SOLDIER_RED"), ...idsInHand(two, 2, "CANNON_RED")].sort());
    // required 3: the red straight CHARIOT-HORSE-CANNON is its best valid triple (a different type than the leader's)
    const three = ok(inTurn(), { type: "play", seat: 1, pieceIds: idsInHand(inTurn(), 1, "SOLDIER_BLACK", 3) }).state;
    assert.deepEqual(
      mediumPlay(three, 2).sort(),
      [...idsInHand(three, 2, "CHARIOT_RED"), ...idsInHand(three, 2, "HORSE_RED"), ...idsInHand(three, 2, "CANNON_RED")].sort(),
    );
  });

  it("play matches a naive implementation of the reference policy in thousands of positions", () => {
    let checked = 0;
    for (let g = 0; g < 40; g++) {
      let s = createGame({ seed: `oracle-${g}`, options: { maxRounds: 4 } });
      const rng = seedRng(`oracle-bots-${g}`);
      for (let wait = awaiting(s); wait.kind !== "none"; wait = awaiting(s)) {
        if (wait.kind === "actors" && wait.action === "play") {
          assert.deepEqual(mediumPlay(s, wait.seats[0]!), referencePlay(s, wait.seats[0]!));
          checked++;
        }
        const action = wait.kind === "advance" ? ({ type: "advance" } as const) : botAction(s, wait.seats[0]!, g % 2 ? "easy" : "medium", rng);
        s = ok(s, action).state;
      }
    }
    assert.ok(checked > 1000, `only ${checked} positions`);
  });

  it("redeal: accepts about 80%, about 40% late in the game when far ahead", () => {
    const hands = rigHands({
      0: ["GENERAL_BLACK", "ADVISOR_RED", "ADVISOR_RED", "ADVISOR_BLACK"],
      2: ["GENERAL_RED", "ADVISOR_BLACK", "ELEPHANT_RED", "ELEPHANT_RED"],
    });
    const rate = (state: LiapTuiState) => {
      const rng = seedRng("redeal-rate");
      let yes = 0;
      for (let i = 0; i < 10_000; i++) if (mediumRedeal(state, 1, rng)) yes++;
      return yes / 10_000;
    };
    const early = createGameFromHands({ hands, round: 11, scores: [0, 5, 0, 0], previousRoundLastWinner: 0 });
    assert.ok(Math.abs(rate(early) - 0.8) < 0.02);
    const ahead = createGameFromHands({ hands, round: 11, scores: [0, 30, 19, 0], previousRoundLastWinner: 0 });
    assert.ok(Math.abs(rate(ahead) - 0.4) < 0.02);
    const notLate = createGameFromHands({ hands, round: 10, scores: [0, 30, 19, 0], previousRoundLastWinner: 0 });
    assert.ok(Math.abs(rate(notLate) - 0.8) < 0.02);
    const byEleven = createGameFromHands({ hands, round: 11, scores: [0, 30, 20, 0], previousRoundLastWinner: 0 });
    assert.ok(Math.abs(rate(byEleven) - 0.8) < 0.02, "a lead of exactly 10 is not enough");
  });
});

describe("liap-tui botAction", () => {
  it("throws when the seat does not have to act (a caller bug)", () => {
    const s = createGame({ seed: "bot-throw", options: { maxRedeals: 0 } });
    assert.throws(() => botAction(s, 0, "medium", seedRng(1)), /does not have to act/);
    const d = ok(s, { type: "advance" }).state;
    const other = ([0, 1, 2, 3] as Seat[]).find((x) => x !== (awaiting(d) as { seats: Seat[] }).seats[0])!;
    assert.throws(() => botAction(d, other, "easy", seedRng(1)), Error);
  });

  it("advances the caller's RNG in place and never touches the game's", () => {
    const s = ok(createGame({ seed: "bot-rng", options: { maxRedeals: 0 } }), { type: "advance" }).state;
    const before = structuredClone(s);
    const rng = seedRng("bot");
    const copy = { ...rng };
    botAction(s, s.declarationOrder[0]!, "easy", rng);
    assert.notDeepEqual(rng, copy);
    assert.deepEqual(s, before);
  });

  it("easy and medium actions are always accepted, for every kind of wait", () => {
    for (const difficulty of ["easy", "medium"] as const) {
      for (let g = 0; g < 30; g++) {
        let s = createGame({ seed: `legal-${difficulty}-${g}`, options: { maxRounds: 3 } });
        const rng = seedRng(g);
        const seen = new Set<string>();
        for (let wait = awaiting(s); wait.kind !== "none"; wait = awaiting(s)) {
          if (wait.kind === "advance") {
            s = ok(s, { type: "advance" }).state;
            continue;
          }
          seen.add(wait.action);
          for (const seat of wait.seats) {
            const action = botAction(s, seat, difficulty, rng);
            if (action.type === "declare") assert.ok(legalDeclarations(s, seat).includes(action.value));
            if (action.type === "play" && s.turn!.requiredPieceCount === null) {
              assert.ok(legalPlays(s, seat).some((ids) => ids.slice().sort().join() === action.pieceIds.slice().sort().join()));
            }
          }
          const r = applyAction(s, botAction(s, wait.seats[0]!, difficulty, rng));
          assert.ok(r.ok, JSON.stringify(r));
          s = r.state;
        }
        assert.ok(seen.has("declare") && seen.has("play"));
      }
    }
  });
});
