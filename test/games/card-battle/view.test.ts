import assert from "node:assert/strict";
import { playerView } from "../../../src/games/card-battle/index.js";
import type { CardBattleState, CardBattleView } from "../../../src/games/card-battle/index.js";
import { apply, arrange, cardIn, newGame } from "./helpers.js";

/** Every `c<n>` card id mentioned anywhere in a serialised view. */
function idsIn(view: CardBattleView): Set<string> {
  return new Set(JSON.stringify(view).match(/"c\d+"/g)?.map((s) => s.slice(1, -1)) ?? []);
}

/** Ids a viewer may legitimately see: own hand plus every discard pile. */
function allowedIds(state: CardBattleState, viewerId: string | null): Set<string> {
  const ids = new Set<string>();
  for (const p of state.players) {
    for (const c of p.discard) ids.add(c.id);
    if (p.id === viewerId) for (const c of p.hand) ids.add(c.id);
  }
  return ids;
}

describe("card-battle playerView", () => {
  let state: CardBattleState;
  beforeEach(() => {
    const s = arrange(newGame(3), "p1", { hand: ["strike", "guard"], deck: ["heal", "heal"] });
    state = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId: "p2" }).state;
  });

  it("shows the viewer's own hand and only sizes for the others", () => {
    const view = playerView(state, "p2");
    assert.equal(view.viewer_id, "p2");
    assert.deepEqual(view.hand, state.players[1]!.hand);
    assert.equal(view.current_player_id, "p2");
    assert.equal(view.turn_number, 2);
    assert.equal(view.status, "playing");
    assert.deepEqual(
      view.players.map((p) => [p.player_id, p.hp, p.hand_size, p.deck_size]),
      state.players.map((p) => [p.id, p.hp, p.hand.length, p.deck.length]),
    );
    assert.deepEqual(view.players[0]!.discard.map((c) => c.kind), state.players[0]!.discard.map((c) => c.kind));
  });

  for (const viewer of ["p1", "p2", "p3", null, "stranger"]) {
    it(`never exposes another's hand or any deck order (viewer ${String(viewer)})`, () => {
      const view = playerView(state, viewer);
      const allowed = allowedIds(state, viewer === "stranger" ? null : viewer);
      for (const id of idsIn(view)) assert.ok(allowed.has(id), `view for ${String(viewer)} leaks ${id}`);
      assert.ok(!("deck" in view.players[0]!));
      assert.ok(!("rng" in view), "the RNG state would reveal deck order");
      assert.ok(!JSON.stringify(view).includes('"rng"'));
    });
  }

  it("gives spectators and non-players no hand", () => {
    assert.equal(playerView(state, null).hand, null);
    assert.equal(playerView(state, "stranger").hand, null);
    assert.equal(playerView(state, "stranger").viewer_id, null);
  });

  it("returns copies: changing the view never changes the state", () => {
    const before = structuredClone(state);
    const view = playerView(state, "p1");
    (view.hand![0] as { id: string }).id = "hacked";
    view.players[0]!.discard.length = 0;
    assert.deepEqual(state, before);
  });

  it("carries the result once the game is over", () => {
    const over = apply(newGame(2), { type: "surrender", playerId: "p2" }).state;
    const view = playerView(over, "p1");
    assert.equal(view.status, "finished");
    assert.equal(view.current_player_id, null);
    assert.equal(view.end_reason, "last_alive");
    assert.equal(view.result?.winner_id, "p1");
    assert.equal(view.players[1]!.eliminated, true);
    assert.equal(view.players[1]!.elimination_reason, "surrender");
  });
});
