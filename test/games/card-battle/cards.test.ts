import assert from "node:assert/strict";
import { apply, arrange, cardIn, newGame, passUntil, patchPlayer, player, types } from "./helpers.js";

describe("card-battle card effects", () => {
  it("strike deals 3 damage, moves the card to discard and ends the turn", () => {
    const start = arrange(newGame(2), "p1", { hand: ["strike", "heal"], deck: ["guard"] });
    const id = cardIn(start, "p1", "strike");
    const { state, events } = apply(start, { type: "play_card", playerId: "p1", cardId: id, targetId: "p2" });
    assert.equal(player(state, "p2").hp, 27);
    assert.deepEqual(player(state, "p1").hand.map((c) => c.kind), ["heal"]);
    assert.deepEqual(player(state, "p1").discard.slice(-1), [{ id, kind: "strike" }]);
    assert.deepEqual(events[0], {
      type: "card_played",
      player_id: "p1",
      card: { id, kind: "strike" },
      target_id: "p2",
      effects: [{ type: "damage", target_id: "p2", amount: 3, absorbed: 0, hp_after: 27, shield_after: 0 }],
    });
    assert.deepEqual(types(events), ["card_played", "turn_started", "card_drawn"]);
    assert.equal(state.turnNumber, 2);
    assert.equal(state.players[state.currentSeat]!.id, "p2");
  });

  it("heavy_strike deals 5 damage", () => {
    const start = arrange(newGame(2), "p1", { hand: ["heavy_strike"] });
    const { state, events } = apply(start, { type: "play_card", playerId: "p1", cardId: cardIn(start, "p1", "heavy_strike") });
    assert.equal(player(state, "p2").hp, 25);
    assert.equal(events[0]!.type === "card_played" && events[0].target_id, "p2");
  });

  it("damage amounts follow the options", () => {
    const start = arrange(newGame(2, { strikeDamage: 7, heavyStrikeDamage: 11 }), "p1", { hand: ["strike", "heavy_strike"] });
    const a = apply(start, { type: "play_card", playerId: "p1", cardId: cardIn(start, "p1", "strike") }).state;
    assert.equal(player(a, "p2").hp, 23);
    const b = apply(start, { type: "play_card", playerId: "p1", cardId: cardIn(start, "p1", "heavy_strike") }).state;
    assert.equal(player(b, "p2").hp, 19);
  });

  it("guard gives 3 shield that absorbs damage first", () => {
    let s = arrange(newGame(2), "p1", { hand: ["guard"], deck: ["strike"] });
    s = arrange(s, "p2", { hand: ["heavy_strike", "strike"], deck: ["strike"] });
    const played = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "guard"), targetId: "p2" });
    assert.equal(player(played.state, "p1").shield, 3);
    assert.deepEqual(played.events[0], {
      type: "card_played",
      player_id: "p1",
      card: { id: cardIn(s, "p1", "guard"), kind: "guard" },
      target_id: null,
      effects: [{ type: "shield", player_id: "p1", amount: 3, shield_after: 3 }],
    });
    const hit = apply(played.state, { type: "play_card", playerId: "p2", cardId: cardIn(played.state, "p2", "heavy_strike") });
    assert.equal(player(hit.state, "p1").hp, 28);
    assert.equal(player(hit.state, "p1").shield, 0);
    assert.deepEqual(hit.events[0]!.type === "card_played" && hit.events[0].effects, [
      { type: "damage", target_id: "p1", amount: 5, absorbed: 3, hp_after: 28, shield_after: 0 },
    ]);
  });

  it("a shield larger than the damage keeps the rest", () => {
    let s = patchPlayer(newGame(2), "p2", { shield: 6 });
    s = arrange(s, "p1", { hand: ["strike"] });
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike") });
    assert.equal(player(state, "p2").hp, 30);
    assert.equal(player(state, "p2").shield, 0, "p2's own turn began, so the rest of the shield expired");
    assert.deepEqual(events[0]!.type === "card_played" && events[0].effects, [
      { type: "damage", target_id: "p2", amount: 3, absorbed: 3, hp_after: 30, shield_after: 3 },
    ]);
  });

  it("shields stack within the same round and expire at the owner's next turn start", () => {
    let s = arrange(newGame(3), "p1", { hand: ["guard"], deck: ["strike"] });
    s = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "guard") }).state;
    assert.equal(player(s, "p1").shield, 3);
    s = apply(s, { type: "pass", playerId: "p2" }).state;
    assert.equal(player(s, "p1").shield, 3, "still up during others' turns");
    s = apply(s, { type: "pass", playerId: "p3" }).state;
    assert.equal(s.players[s.currentSeat]!.id, "p1");
    assert.equal(player(s, "p1").shield, 0, "expired when p1's turn began");
  });

  it("heal restores 3 HP but never above max HP", () => {
    const hurt = arrange(patchPlayer(newGame(2), "p1", { hp: 20 }), "p1", { hand: ["heal"] });
    const a = apply(hurt, { type: "play_card", playerId: "p1", cardId: cardIn(hurt, "p1", "heal") });
    assert.equal(player(a.state, "p1").hp, 23);
    assert.deepEqual(a.events[0]!.type === "card_played" && a.events[0].effects, [
      { type: "heal", player_id: "p1", amount: 3, hp_after: 23 },
    ]);

    const nearlyFull = arrange(patchPlayer(newGame(2), "p1", { hp: 29 }), "p1", { hand: ["heal"] });
    const b = apply(nearlyFull, { type: "play_card", playerId: "p1", cardId: cardIn(nearlyFull, "p1", "heal") });
    assert.equal(player(b.state, "p1").hp, 30);
    assert.deepEqual(b.events[0]!.type === "card_played" && b.events[0].effects, [
      { type: "heal", player_id: "p1", amount: 1, hp_after: 30 },
    ]);

    const full = arrange(newGame(2), "p1", { hand: ["heal"] });
    const c = apply(full, { type: "play_card", playerId: "p1", cardId: cardIn(full, "p1", "heal") });
    assert.equal(player(c.state, "p1").hp, 30);
    assert.deepEqual(c.events[0]!.type === "card_played" && c.events[0].effects, [
      { type: "heal", player_id: "p1", amount: 0, hp_after: 30 },
    ]);
  });

  it("draw_two draws 2 from the top of the deck", () => {
    const s = arrange(newGame(2), "p1", { hand: ["draw_two"], deck: ["heal", "guard", "strike"] });
    const top = player(s, "p1").deck.slice(0, 2);
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "draw_two") });
    assert.deepEqual(player(state, "p1").hand, top);
    assert.deepEqual(player(state, "p1").deck.map((c) => c.kind), ["strike"]);
    assert.deepEqual(types(events), ["card_played", "card_drawn", "turn_started", "card_drawn"]);
    assert.deepEqual(events[1], { type: "card_drawn", player_id: "p1", count: 2 });
  });

  it("draw_two draws only what is left near an empty deck", () => {
    const one = arrange(newGame(2), "p1", { hand: ["draw_two"], deck: ["heal"] });
    const a = apply(one, { type: "play_card", playerId: "p1", cardId: cardIn(one, "p1", "draw_two") });
    assert.deepEqual(player(a.state, "p1").hand.map((c) => c.kind), ["heal"]);
    assert.equal(player(a.state, "p1").deck.length, 0);
    assert.deepEqual(a.events[0]!.type === "card_played" && a.events[0].effects, [{ type: "draw", player_id: "p1", count: 1 }]);
    assert.deepEqual(a.events[1], { type: "card_drawn", player_id: "p1", count: 1 });

    const none = arrange(newGame(2), "p1", { hand: ["draw_two", "strike"] });
    const b = apply(none, { type: "play_card", playerId: "p1", cardId: cardIn(none, "p1", "draw_two") });
    assert.deepEqual(player(b.state, "p1").hand.map((c) => c.kind), ["strike"]);
    assert.deepEqual(b.events[0]!.type === "card_played" && b.events[0].effects, [{ type: "draw", player_id: "p1", count: 0 }]);
    assert.deepEqual(types(b.events), ["card_played", "turn_started", "card_drawn"], "no card_drawn for p1 when nothing was drawn");
  });

  it("the turn-start draw takes the deck's top card and nothing from an empty deck", () => {
    let s = arrange(newGame(2), "p2", { hand: ["strike"], deck: ["heal", "guard"] });
    const top = player(s, "p2").deck[0]!;
    const next = apply(s, { type: "pass", playerId: "p1" });
    assert.deepEqual(player(next.state, "p2").hand.slice(-1), [top]);
    assert.deepEqual(next.events.slice(-1), [{ type: "card_drawn", player_id: "p2", count: 1 }]);

    s = arrange(newGame(2), "p2", { hand: ["strike"] });
    const empty = apply(s, { type: "pass", playerId: "p1" });
    assert.equal(player(empty.state, "p2").hand.length, 1);
    assert.deepEqual(types(empty.events), ["player_passed", "turn_started"]);
  });

  it("a pass keeps the hand and hands the turn over", () => {
    const s = passUntil(newGame(3), "p2");
    assert.equal(player(s, "p1").hand.length, 5);
    assert.equal(player(s, "p2").hand.length, 5);
    assert.equal(s.turnNumber, 2);
  });
});
