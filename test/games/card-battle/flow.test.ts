import assert from "node:assert/strict";
import { currentPlayer, result } from "../../../src/games/card-battle/index.js";
import type { CardBattleState } from "../../../src/games/card-battle/index.js";
import { apply, arrange, cardIn, newGame, passUntil, patchPlayer, player, types } from "./helpers.js";

/** Every player's hand and deck emptied (all cards to discard), then `hands` given back. */
function emptyEverything(state: CardBattleState, hands: Record<string, ("strike" | "heal" | "guard")[]> = {}): CardBattleState {
  let s = state;
  for (const p of state.players) s = arrange(s, p.id, { hand: hands[p.id] ?? [] });
  return s;
}

describe("card-battle elimination and turn order", () => {
  it("HP 0 eliminates the target, who is then skipped", () => {
    let s = arrange(patchPlayer(newGame(3), "p2", { hp: 3 }), "p1", { hand: ["strike"] });
    const hit = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId: "p2" });
    assert.deepEqual(types(hit.events), ["card_played", "player_eliminated", "turn_started", "card_drawn"]);
    assert.deepEqual(hit.events[1], { type: "player_eliminated", player_id: "p2", reason: "hp" });
    s = hit.state;
    assert.equal(player(s, "p2").hp, 0);
    assert.equal(player(s, "p2").eliminated, true);
    assert.equal(currentPlayer(s), "p3", "p2 is skipped");
    s = apply(s, { type: "pass", playerId: "p3" }).state;
    assert.equal(currentPlayer(s), "p1");
    assert.equal(s.turnNumber, 3);
  });

  it("overkill stops HP at 0", () => {
    const s = arrange(patchPlayer(newGame(3), "p2", { hp: 2 }), "p1", { hand: ["heavy_strike"] });
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "heavy_strike"), targetId: "p2" });
    assert.equal(player(state, "p2").hp, 0);
    assert.equal(events[0]!.type === "card_played" && events[0].effects[0]!.type === "damage" && events[0].effects[0].hp_after, 0);
  });

  it("the turn order wraps around seats and skips several eliminated players", () => {
    let s = apply(newGame(4), { type: "surrender", playerId: "p2" }).state;
    s = apply(s, { type: "surrender", playerId: "p3" }).state;
    s = apply(s, { type: "pass", playerId: "p1" }).state;
    assert.equal(currentPlayer(s), "p4");
    s = apply(s, { type: "pass", playerId: "p4" }).state;
    assert.equal(currentPlayer(s), "p1");
  });
});

describe("card-battle end conditions", () => {
  it("last alive wins (HP)", () => {
    const s = arrange(patchPlayer(newGame(2), "p2", { hp: 3 }), "p1", { hand: ["strike"] });
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike") });
    assert.deepEqual(types(events), ["card_played", "player_eliminated", "game_over"]);
    assert.equal(state.status, "finished");
    assert.equal(currentPlayer(state), null);
    const expected = {
      winner_id: "p1",
      result_data: { players: { p1: { hp: 30, result: "winner" }, p2: { hp: 0, result: "loser" } }, turns_played: 1 },
    };
    assert.deepEqual(result(state), expected);
    assert.deepEqual(events[2], { type: "game_over", ...expected, reason: "last_alive" });
  });

  it("the last one standing of four wins; every eliminated player loses", () => {
    let s = newGame(4);
    s = apply(s, { type: "surrender", playerId: "p4" }).state;
    s = apply(s, { type: "surrender", playerId: "p1" }).state;
    assert.equal(currentPlayer(s), "p2");
    const end = apply(s, { type: "surrender", playerId: "p2" });
    assert.equal(end.state.endReason, "last_alive");
    assert.deepEqual(result(end.state)?.result_data.players, {
      p1: { hp: 0, result: "loser" },
      p2: { hp: 0, result: "loser" },
      p3: { hp: 30, result: "winner" },
      p4: { hp: 0, result: "loser" },
    });
  });

  it("decks exhausted: when no alive player has deck or hand, the most HP wins", () => {
    let s = emptyEverything(newGame(3), { p1: ["strike"] });
    s = patchPlayer(s, "p3", { hp: 12 });
    s = apply(s, { type: "surrender", playerId: "p3" }).state;
    assert.equal(s.status, "playing", "p1 still holds a card");
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike") });
    assert.deepEqual(types(events), ["card_played", "game_over"]);
    assert.equal(state.endReason, "decks_exhausted");
    assert.deepEqual(result(state), {
      winner_id: "p1",
      result_data: {
        players: { p1: { hp: 30, result: "winner" }, p2: { hp: 27, result: "loser" }, p3: { hp: 0, result: "loser" } },
        turns_played: 1,
      },
    });
  });

  it("decks exhausted with a tie at the top is a draw for the top players only", () => {
    let s = emptyEverything(newGame(3), { p1: ["heal"] });
    s = patchPlayer(s, "p1", { hp: 17 });
    s = patchPlayer(s, "p2", { hp: 20 });
    s = patchPlayer(s, "p3", { hp: 9 });
    const { state, events } = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "heal") });
    assert.equal(state.endReason, "decks_exhausted");
    assert.equal(state.winnerId, null);
    const expected = {
      winner_id: null,
      result_data: {
        players: { p1: { hp: 20, result: "draw" }, p2: { hp: 20, result: "draw" }, p3: { hp: 9, result: "loser" } },
        turns_played: 1,
      },
    };
    assert.deepEqual(result(state), expected);
    assert.deepEqual(events.at(-1), { type: "game_over", ...expected, reason: "decks_exhausted" });
  });

  it("an alive player with cards left keeps the game going even if others are empty", () => {
    let s = emptyEverything(newGame(2), { p2: ["strike"] });
    s = apply(s, { type: "pass", playerId: "p1" }).state;
    assert.equal(s.status, "playing");
    assert.equal(currentPlayer(s), "p2");
    s = apply(s, { type: "pass", playerId: "p2" }).state;
    assert.equal(currentPlayer(s), "p1", "p1 takes empty turns and may only pass");
  });

  it("a surrender can end the game by exhausting the decks of those left", () => {
    let s = emptyEverything(newGame(3), { p2: ["strike"] });
    s = patchPlayer(s, "p3", { hp: 4 });
    const { state, events } = apply(s, { type: "surrender", playerId: "p2" });
    assert.deepEqual(types(events), ["player_eliminated", "game_over"]);
    assert.equal(state.endReason, "decks_exhausted");
    assert.equal(state.winnerId, "p1");
  });

  it("turn cap: after maxTurns turns the most HP wins", () => {
    let s = patchPlayer(newGame(2, { maxTurns: 3 }), "p2", { hp: 29 });
    s = apply(s, { type: "pass", playerId: "p1" }).state;
    s = apply(s, { type: "pass", playerId: "p2" }).state;
    assert.equal(s.turnNumber, 3);
    const { state, events } = apply(s, { type: "pass", playerId: "p1" });
    assert.deepEqual(types(events), ["player_passed", "game_over"]);
    assert.equal(state.endReason, "turn_cap");
    assert.deepEqual(result(state), {
      winner_id: "p1",
      result_data: { players: { p1: { hp: 30, result: "winner" }, p2: { hp: 29, result: "loser" } }, turns_played: 3 },
    });
  });

  it("turn cap with equal HP is a draw", () => {
    let s = newGame(4, { maxTurns: 2 });
    s = patchPlayer(s, "p3", { hp: 10 });
    s = apply(s, { type: "pass", playerId: "p1" }).state;
    const { state } = apply(s, { type: "pass", playerId: "p2" });
    assert.equal(state.endReason, "turn_cap");
    assert.deepEqual(result(state), {
      winner_id: null,
      result_data: {
        players: {
          p1: { hp: 30, result: "draw" },
          p2: { hp: 30, result: "draw" },
          p3: { hp: 10, result: "loser" },
          p4: { hp: 30, result: "draw" },
        },
        turns_played: 2,
      },
    });
  });

  it("maxTurns 1 ends after the first turn", () => {
    const { state } = apply(newGame(2, { maxTurns: 1 }), { type: "pass", playerId: "p1" });
    assert.equal(state.endReason, "turn_cap");
    assert.equal(result(state)?.result_data.turns_played, 1);
  });

  it("result is null while the game runs", () => {
    assert.equal(result(newGame(2)), null);
  });

  it("turns_played counts the turn during which an out-of-turn surrender ended the game", () => {
    let s = passUntil(newGame(2), "p2");
    s = passUntil(s, "p1");
    assert.equal(s.turnNumber, 3);
    const { state } = apply(s, { type: "surrender", playerId: "p2" });
    assert.equal(result(state)?.result_data.turns_played, 3);
  });
});
