import assert from "node:assert/strict";
import { currentPlayer, result } from "../../../src/games/card-battle/index.js";
import type { CardBattleState } from "../../../src/games/card-battle/index.js";
import { apply, arrange, cardIn, newGame, passUntil, player, types } from "./helpers.js";

/** Times out the current player and returns the new state (asserting it was `playerId`). */
function timeout(state: CardBattleState, playerId: string) {
  assert.equal(currentPlayer(state), playerId);
  return apply(state, { type: "timeout", playerId });
}

describe("card-battle surrender", () => {
  it("in turn: HP 0, eliminated, and the turn passes to the next alive player", () => {
    const s = newGame(3);
    const { state, events } = apply(s, { type: "surrender", playerId: "p1" });
    assert.deepEqual(types(events), ["player_eliminated", "turn_started", "card_drawn"]);
    assert.deepEqual(events[0], { type: "player_eliminated", player_id: "p1", reason: "surrender" });
    assert.deepEqual(events[1], { type: "turn_started", player_id: "p2", turn_number: 2 });
    assert.equal(player(state, "p1").hp, 0);
    assert.equal(player(state, "p1").eliminationReason, "surrender");
    assert.equal(currentPlayer(state), "p2");
  });

  it("out of turn: eliminated, the current turn goes on unchanged", () => {
    const s = newGame(3);
    const { state, events } = apply(s, { type: "surrender", playerId: "p3" });
    assert.deepEqual(types(events), ["player_eliminated"]);
    assert.equal(currentPlayer(state), "p1");
    assert.equal(state.turnNumber, 1);
    assert.deepEqual(player(state, "p1"), player(s, "p1"));
    const next = apply(state, { type: "pass", playerId: "p1" }).state;
    assert.equal(currentPlayer(next), "p2");
    const after = apply(next, { type: "pass", playerId: "p2" }).state;
    assert.equal(currentPlayer(after), "p1", "p3 is skipped");
  });

  it("by the opponent in a two-player game ends it, in or out of turn", () => {
    for (const who of ["p1", "p2"]) {
      const { state, events } = apply(newGame(2), { type: "surrender", playerId: who });
      assert.deepEqual(types(events), ["player_eliminated", "game_over"]);
      const winner = who === "p1" ? "p2" : "p1";
      assert.equal(result(state)?.winner_id, winner);
      assert.equal(result(state)?.result_data.players[who]?.result, "loser");
      assert.equal(result(state)?.result_data.players[who]?.hp, 0);
    }
  });

  it("on the last turn before the cap ends the game by turn cap", () => {
    let s = newGame(3, { maxTurns: 2 });
    s = apply(s, { type: "pass", playerId: "p1" }).state;
    const { state, events } = apply(s, { type: "surrender", playerId: "p2" });
    assert.deepEqual(types(events), ["player_eliminated", "game_over"]);
    assert.equal(state.endReason, "turn_cap");
  });
});

describe("card-battle timeouts", () => {
  it("a timeout passes for the player and counts", () => {
    const s = newGame(2);
    const { state, events } = timeout(s, "p1");
    assert.deepEqual(events, [
      { type: "player_timeout", player_id: "p1", auto_action: "pass", consecutive: 1 },
      { type: "turn_started", player_id: "p2", turn_number: 2 },
      { type: "card_drawn", player_id: "p2", count: 1 },
    ]);
    assert.deepEqual(player(state, "p1").hand, player(s, "p1").hand);
    assert.equal(player(state, "p1").consecutiveTimeouts, 1);
  });

  it("the third consecutive timeout forfeits (HP 0, loser)", () => {
    let s = newGame(2);
    s = timeout(s, "p1").state;
    s = apply(s, { type: "pass", playerId: "p2" }).state;
    s = timeout(s, "p1").state;
    s = apply(s, { type: "pass", playerId: "p2" }).state;
    const { state, events } = timeout(s, "p1");
    assert.deepEqual(types(events), ["player_timeout", "player_eliminated", "game_over"]);
    assert.deepEqual(events[0], { type: "player_timeout", player_id: "p1", auto_action: "pass", consecutive: 3 });
    assert.deepEqual(events[1], { type: "player_eliminated", player_id: "p1", reason: "timeout" });
    assert.deepEqual(result(state)?.result_data.players.p1, { hp: 0, result: "loser" });
    assert.equal(result(state)?.winner_id, "p2");
  });

  it("a forfeit by timeout with more players left hands the turn on", () => {
    let s = newGame(3, { maxConsecutiveTimeouts: 1 });
    const { state, events } = timeout(s, "p1");
    assert.deepEqual(types(events), ["player_timeout", "player_eliminated", "turn_started", "card_drawn"]);
    assert.equal(currentPlayer(state), "p2");
    s = apply(state, { type: "pass", playerId: "p2" }).state;
    s = apply(s, { type: "pass", playerId: "p3" }).state;
    assert.equal(currentPlayer(s), "p2");
  });

  it("a real pass or play resets the counter", () => {
    let s = arrange(newGame(2), "p1", { hand: ["guard"], deck: ["strike", "strike", "strike", "strike", "strike"] });
    s = timeout(s, "p1").state;
    s = passUntil(s, "p1");
    s = timeout(s, "p1").state;
    assert.equal(player(s, "p1").consecutiveTimeouts, 2);
    s = passUntil(s, "p1");
    s = apply(s, { type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "guard") }).state;
    assert.equal(player(s, "p1").consecutiveTimeouts, 0);
    s = passUntil(s, "p1");
    s = timeout(s, "p1").state;
    s = passUntil(s, "p1");
    s = timeout(s, "p1").state;
    assert.equal(player(s, "p1").eliminated, false, "only two in a row since the play");
    s = passUntil(s, "p1");
    s = apply(s, { type: "pass", playerId: "p1" }).state;
    assert.equal(player(s, "p1").consecutiveTimeouts, 0);
  });

  it("another player's action does not reset the counter", () => {
    let s = newGame(2);
    s = timeout(s, "p1").state;
    s = apply(s, { type: "pass", playerId: "p2" }).state;
    assert.equal(player(s, "p1").consecutiveTimeouts, 1);
    assert.equal(player(s, "p2").consecutiveTimeouts, 0);
  });
});
