import assert from "node:assert/strict";
import { apply, arrange, cardIn, newGame, patchPlayer, player, refuse } from "./helpers.js";

describe("card-battle targeting", () => {
  it("with one opponent a damage card defaults to that opponent", () => {
    const s = arrange(newGame(2), "p1", { hand: ["strike"] });
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike") });
    assert.equal(player(state, "p2").hp, 27);
    assert.equal(events[0]!.type === "card_played" && events[0].target_id, "p2");
  });

  it("with one opponent alive out of three, the default is the one still alive", () => {
    let s = apply(newGame(3), { type: "surrender", playerId: "p2" }).state;
    s = arrange(s, "p1", { hand: ["strike"] });
    const { state } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike") });
    assert.equal(player(state, "p3").hp, 27);
  });

  it("with more than one opponent alive a damage card requires a target and lists the valid ones", () => {
    const s = arrange(newGame(4), "p1", { hand: ["heavy_strike"] });
    const error = refuse(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "heavy_strike") }, "invalid-play", "target_required");
    assert.deepEqual(error.details?.valid_targets, ["p2", "p3", "p4"]);
  });

  it("hits the chosen target among several", () => {
    const s = arrange(newGame(4), "p1", { hand: ["strike"] });
    const { state } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId: "p3" });
    assert.deepEqual(state.players.map((p) => p.hp), [30, 30, 27, 30]);
  });

  const invalid: [string, string, string][] = [
    ["self", "p1", "target_self"],
    ["an unknown player", "nobody", "target_unknown"],
    ["an empty id", "", "target_unknown"],
  ];
  for (const [name, targetId, reason] of invalid) {
    it(`refuses targeting ${name} (${reason}), with one or several opponents`, () => {
      for (const count of [2, 3]) {
        const s = arrange(newGame(count), "p1", { hand: ["strike"] });
        const error = refuse(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId }, "invalid-play", reason);
        assert.ok(Array.isArray(error.details?.valid_targets));
        assert.ok(!(error.details?.valid_targets as string[]).includes("p1"));
      }
    });
  }

  it("refuses targeting an eliminated player", () => {
    let s = apply(newGame(3), { type: "surrender", playerId: "p3" }).state;
    s = arrange(s, "p1", { hand: ["strike"] });
    const error = refuse(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId: "p3" }, "invalid-play", "target_eliminated");
    assert.deepEqual(error.details?.valid_targets, ["p2"]);
  });

  it("ignores a target given with a non-damage card, even an invalid one", () => {
    for (const kind of ["guard", "heal", "draw_two"] as const) {
      const s = arrange(patchPlayer(newGame(3), "p1", { hp: 20 }), "p1", { hand: [kind], deck: ["strike", "strike"] });
      for (const targetId of ["p2", "p1", "nobody"]) {
        const { events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", kind), targetId });
        assert.equal(events[0]!.type === "card_played" && events[0].target_id, null);
      }
    }
  });
});
