import assert from "node:assert/strict";
import { seedRng } from "../../../src/games/shared/prng.js";
import {
  applyAction,
  awaiting,
  botAction,
  createGame,
  createGameFromHands,
  handOf,
  playerView,
  sharedPublicView,
  type LiapTuiAction,
  type LiapTuiState,
  type LiapTuiView,
  type Seat,
} from "../../../src/games/liap-tui/index.js";
import { declareAll, ok, rigHands, runBots, scenario } from "./helpers.js";

const SEATS: Seat[] = [0, 1, 2, 3];

/** Every piece id string that appears anywhere in the view. */
function idsIn(view: LiapTuiView): Set<string> {
  return new Set([...JSON.stringify(view).matchAll(/"(p\d+)"/g)].map((m) => m[1]!));
}

function assertNoForeignHand(state: LiapTuiState, viewer: Seat | null): void {
  const view = playerView(state, viewer);
  const seen = idsIn(view);
  for (const seat of SEATS) {
    if (seat === viewer) continue;
    for (const id of state.hands[seat]!) assert.ok(!seen.has(id), `viewer ${viewer} sees ${id} of seat ${seat}`);
  }
  if (viewer === null) assert.equal(view.hand, null);
  else assert.deepEqual(view.hand, handOf(state, viewer));
}

const WEAK13 = rigHands({
  0: ["GENERAL_BLACK", "ADVISOR_RED", "ADVISOR_RED", "ADVISOR_BLACK"],
  2: ["GENERAL_RED", "ADVISOR_BLACK", "ELEPHANT_RED", "ELEPHANT_RED"],
});

describe("liap-tui playerView", () => {
  it("PREPARATION: weak seats, decisions, pending seats; own hand only", () => {
    const s = ok(createGameFromHands({ hands: WEAK13 }), { type: "redeal_decision", seat: 3, accept: false }).state;
    const view = playerView(s, 1);
    assert.equal(view.phase, "PREPARATION");
    assert.deepEqual(view.preparation, { weakSeats: [1, 3], decisions: [null, null, null, false], pendingSeats: [1], cycleOpen: true, redealsThisRound: 0 });
    assert.deepEqual(view.awaiting, { kind: "actors", seats: [1], action: "redeal_decision" });
    assert.deepEqual(view.hand!.map((p) => p.id), s.hands[1]);
    assert.deepEqual(view.handSizes, [8, 8, 8, 8]);
    assert.equal(view.multiplier, 1);
    assert.equal(view.starter, null);
    assert.equal(view.declaration, null);
    assert.equal(view.turn, null);
    for (const viewer of [...SEATS, null]) assertNoForeignHand(s, viewer);
  });

  it("DECLARATION and TURN sections carry what phase_data needs", () => {
    const prep = scenario({ hands: WEAK13, options: { maxRedeals: 0 } });
    let s = ok(prep, { type: "advance" }).state;
    s = ok(s, { type: "declare", seat: 2, value: 3 }).state;
    const dv = playerView(s, null);
    assert.deepEqual(dv.declaration, { order: [2, 3, 0, 1], currentDeclarer: 3, declarations: [null, null, 3, null], total: 3 });
    assert.equal(dv.starterReason, "has_general_red");
    s = declareAll(prep, [3, 1, 2, 1]);
    const lead = s.hands[2]![0]!;
    s = ok(s, { type: "play", seat: 2, pieceIds: [lead] }).state;
    const tv = playerView(s, 0);
    assert.equal(tv.turn!.currentPlayer, 3);
    assert.equal(tv.turn!.turnNumber, 1);
    assert.equal(tv.turn!.requiredPieceCount, 1);
    assert.equal(tv.turn!.lastWinner, null);
    assert.deepEqual(tv.turn!.plays, [{ seat: 2, pieces: handOf(prep, 2).filter((p) => p.id === lead), playType: "SINGLE", strength: 14 }]);
    assert.deepEqual(tv.handSizes, [8, 8, 7, 8]);
    assert.deepEqual(tv.pileCounts, [0, 0, 0, 0]);
    assert.deepEqual(tv.declarations, [2, 1, 3, 1]);
  });

  it("SCORING and GAME_OVER sections", () => {
    const start = scenario({ hands: WEAK13, options: { maxRounds: 1, maxRedeals: 0 } });
    const scoring = runBots(start, "medium", seedRng("v"), (x) => x.phase === "SCORING").state;
    const sv = playerView(scoring, 2);
    assert.equal(sv.roundScores!.length, 4);
    assert.equal(sv.turn!.complete, true);
    assert.deepEqual(sv.hand, []);
    const over = ok(scoring, { type: "advance" }).state;
    const ov = playerView(over, null);
    assert.equal(ov.phase, "GAME_OVER");
    assert.deepEqual(ov.result!.winners, over.result!.winners);
    assert.deepEqual(ov.awaiting, { kind: "none" });
    assert.equal(ov.turn, null);
  });

  it("a view shares nothing mutable with the state", () => {
    const s = createGame({ seed: "share" });
    const before = structuredClone(s);
    const view = playerView(s, 0);
    view.scores[0] = 99;
    view.declarations[0] = 5;
    view.handSizes.push(1);
    view.preparation?.weakSeats.push(3);
    view.statistics.turnsWon[0] = 7;
    assert.deepEqual(s, before);
    assert.throws(() => {
      (view.hand![0] as { point: number }).point = 100;
    }, TypeError, "catalogue pieces are frozen");
  });

  it("no seat or spectator ever sees another seat's hand, in any state of whole games", () => {
    for (let g = 0; g < 20; g++) {
      let s = createGame({ seed: `view-${g}`, options: { maxRounds: 2 } });
      const rng = seedRng(`view-bots-${g}`);
      for (let wait = awaiting(s); wait.kind !== "none"; wait = awaiting(s)) {
        for (const viewer of [...SEATS, null]) assertNoForeignHand(s, viewer);
        const action: LiapTuiAction = wait.kind === "advance" ? { type: "advance" } : botAction(s, wait.seats[0]!, g % 2 ? "easy" : "medium", rng);
        const r = applyAction(s, action);
        assert.ok(r.ok);
        s = r.state;
      }
      for (const viewer of [...SEATS, null]) assertNoForeignHand(s, viewer);
    }
  });

  it("the shared public view equals the spectator's copy in every state of whole games, and stays so after the game moves on", () => {
    for (let g = 0; g < 20; g++) {
      let s = createGame({ seed: `shared-view-${g}`, options: { maxRounds: 2 } });
      const rng = seedRng(`shared-view-bots-${g}`);
      const taken: Array<{ view: LiapTuiView; copy: LiapTuiView }> = [];
      for (let wait = awaiting(s); ; wait = awaiting(s)) {
        const view = sharedPublicView(s);
        const copy = playerView(s, null);
        assert.deepEqual(view, copy);
        taken.push({ view, copy: structuredClone(copy) });
        if (wait.kind === "none") break;
        const action: LiapTuiAction = wait.kind === "advance" ? { type: "advance" } : botAction(s, wait.seats[0]!, "medium", rng);
        const r = applyAction(s, action);
        assert.ok(r.ok);
        s = r.state;
      }
      // each view still shows the state it was made from: the rules never edit a committed state's arrays
      for (const { view, copy } of taken) assert.deepEqual(view, copy);
    }
  });
});
