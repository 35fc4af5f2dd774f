import assert from "node:assert/strict";
import { applyAction, botAction, legalActions } from "../../../src/games/card-battle/index.js";
import type { BotDifficulty, CardBattleAction, CardBattleState, CardKind } from "../../../src/games/card-battle/index.js";
import { seedRng } from "../../../src/games/shared/prng.js";
import { apply, arrange, deepFreeze, newGame, patchPlayer } from "./helpers.js";

/** The kind of card an action plays, or the action type. */
function describe_(state: CardBattleState, action: CardBattleAction): string {
  if (action.type !== "play_card") return action.type;
  const kind = state.players.flatMap((p) => p.hand).find((c) => c.id === action.cardId)!.kind;
  return action.targetId === undefined ? kind : `${kind}@${action.targetId}`;
}

/** A 3-player position: p1 to play `hand` with `deck`, HPs as given. */
function spot(hand: CardKind[], hps: [number, number, number] = [30, 30, 30], deck: CardKind[] = ["strike", "strike"]): CardBattleState {
  let s = arrange(newGame(3), "p1", { hand, deck });
  s = patchPlayer(s, "p1", { hp: hps[0] });
  s = patchPlayer(s, "p2", { hp: hps[1] });
  return patchPlayer(s, "p3", { hp: hps[2] });
}

/** What the medium bot plays in a position. */
function medium(state: CardBattleState, seed = 1): string {
  return describe_(state, botAction(deepFreeze(state), "p1", "medium", seedRng(seed)));
}

describe("card-battle legalActions", () => {
  it("lists each card (damage cards per target), pass and surrender for the current player", () => {
    const s = arrange(newGame(3), "p1", { hand: ["strike", "heal"] });
    const [strike, heal] = s.players[0]!.hand;
    assert.deepEqual(legalActions(s, "p1"), [
      { type: "play_card", playerId: "p1", cardId: strike!.id, targetId: "p2" },
      { type: "play_card", playerId: "p1", cardId: strike!.id, targetId: "p3" },
      { type: "play_card", playerId: "p1", cardId: heal!.id },
      { type: "pass", playerId: "p1" },
      { type: "surrender", playerId: "p1" },
    ]);
  });

  it("only surrender out of turn; nothing when eliminated, unknown or over", () => {
    const s = newGame(3);
    assert.deepEqual(legalActions(s, "p2"), [{ type: "surrender", playerId: "p2" }]);
    assert.deepEqual(legalActions(s, "ghost"), []);
    const out = apply(s, { type: "surrender", playerId: "p3" }).state;
    assert.deepEqual(legalActions(out, "p3"), []);
    const over = apply(newGame(2), { type: "surrender", playerId: "p1" }).state;
    assert.deepEqual(legalActions(over, "p2"), []);
  });

  it("every listed action is accepted", () => {
    const s = newGame(4);
    for (const id of ["p1", "p2"]) for (const action of legalActions(s, id)) assert.equal(applyAction(s, action).ok, true);
  });
});

describe("card-battle bots", () => {
  it("easy picks a legal non-surrender action, varying with its rng, deterministic for a seed", () => {
    const s = newGame(4);
    const legal = legalActions(s, "p1").map((a) => JSON.stringify(a));
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const action = botAction(s, "p1", "easy", seedRng(seed));
      assert.ok(legal.includes(JSON.stringify(action)));
      assert.notEqual(action.type, "surrender");
      seen.add(JSON.stringify(action));
    }
    assert.ok(seen.size > 3, "easy bot should vary");
    assert.deepEqual(botAction(s, "p1", "easy", seedRng(5)), botAction(s, "p1", "easy", seedRng(5)));
  });

  it("advances only the rng it is given, never the game's", () => {
    const s = deepFreeze(newGame(2));
    const rng = seedRng(3);
    const before = { ...rng };
    botAction(s, "p1", "easy", rng);
    assert.notDeepEqual(rng, before);
  });

  it("throws when asked to act out of turn, after the end, or with an unknown difficulty", () => {
    const s = newGame(2);
    assert.throws(() => botAction(s, "p2", "medium", seedRng(1)), RangeError);
    const over = apply(s, { type: "surrender", playerId: "p2" }).state;
    assert.throws(() => botAction(over, "p1", "easy", seedRng(1)), RangeError);
    assert.throws(() => botAction(s, "p1", "hard" as BotDifficulty, seedRng(1)), /difficulty/);
  });

  const table: [string, CardBattleState, string][] = [
    ["finishes an opponent it can eliminate, with the smaller card", spot(["heavy_strike", "strike", "heal"], [30, 30, 3]), "strike@p3"],
    ["uses heavy_strike when only it is lethal", spot(["strike", "heavy_strike"], [30, 5, 30]), "heavy_strike@p2"],
    ["counts the target's shield before calling it lethal", patchPlayer(spot(["strike", "heavy_strike"], [30, 3, 30]), "p2", { shield: 3 }), "heavy_strike@p2"],
    ["heals when HP is low", spot(["strike", "heal", "heavy_strike"], [10, 30, 30]), "heal"],
    ["draws when the hand is small", spot(["draw_two", "strike"]), "draw_two"],
    ["does not draw from an empty deck", spot(["draw_two", "strike"], [30, 30, 30], []), "strike@p2"],
    ["heavy_strikes the weakest opponent", spot(["strike", "heavy_strike", "guard"], [30, 30, 14]), "heavy_strike@p3"],
    ["guards when facing damage", spot(["guard", "strike", "heal"], [14, 20, 20]), "guard"],
    ["strikes the weakest when safe", spot(["guard", "strike", "heal"], [30, 9, 20]), "strike@p2"],
    ["weighs shields in weakness", patchPlayer(spot(["strike", "guard", "heal"], [30, 10, 12]), "p2", { shield: 3 }), "strike@p3"],
    ["heals when it restores in full", spot(["heal", "guard", "heal"], [25, 30, 30]), "heal"],
    ["keeps a heal at full HP while the deck lasts", spot(["heal", "heal", "heal"], [30, 30, 30]), "pass"],
    ["plays a leftover heal once the deck is empty", spot(["heal"], [30, 30, 30], []), "heal"],
    ["passes with an empty hand", spot([], [30, 30, 30], []), "pass"],
  ];
  for (const [name, state, expected] of table) {
    it(`medium ${name}`, () => assert.equal(medium(state), expected));
  }

  it("medium breaks ties between equally weak opponents with its rng", () => {
    const s = spot(["heavy_strike", "strike", "guard"], [30, 20, 20]);
    const targets = new Set(Array.from({ length: 30 }, (_, seed) => medium(s, seed)));
    assert.deepEqual([...targets].sort(), ["heavy_strike@p2", "heavy_strike@p3"]);
  });

  for (const difficulty of ["easy", "medium"] as const) {
    it(`${difficulty} only ever submits accepted actions`, () => {
      const rng = seedRng(`legal-${difficulty}`);
      for (let game = 0; game < 20; game++) {
        let s = newGame(2 + (game % 3), undefined, `bots-${game}`);
        while (s.status === "playing") {
          const id = s.players[s.currentSeat]!.id;
          const outcome = applyAction(s, botAction(s, id, difficulty, rng));
          assert.ok(outcome.ok, JSON.stringify(!outcome.ok && outcome.error));
          s = outcome.state;
        }
      }
    });
  }
});
