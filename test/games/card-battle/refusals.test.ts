import assert from "node:assert/strict";
import { applyAction } from "../../../src/games/card-battle/index.js";
import type { CardBattleAction, CardBattleState, RuleErrorCode } from "../../../src/games/card-battle/index.js";
import { apply, arrange, cardIn, newGame, refuse } from "./helpers.js";

/** p1 to play with a known hand; p2 surrendered in a 3-player game; p3 opponent. */
function position(): CardBattleState {
  let s = apply(newGame(3), { type: "surrender", playerId: "p2" }).state;
  s = arrange(s, "p1", { hand: ["strike", "guard"], deck: ["heal"] });
  return s;
}

/** A finished game (p2 surrendered in a 2-player game). */
function finished(): CardBattleState {
  return apply(newGame(2), { type: "surrender", playerId: "p2" }).state;
}

describe("card-battle refusals never change the state", () => {
  const p3Card = (s: CardBattleState) => s.players[2]!.hand[0]!.id;
  const cases: [string, () => CardBattleState, (s: CardBattleState) => CardBattleAction, RuleErrorCode, string?][] = [
    ["play out of turn", position, (s) => ({ type: "play_card", playerId: "p3", cardId: p3Card(s), targetId: "p1" }), "not-your-turn"],
    ["pass out of turn", position, () => ({ type: "pass", playerId: "p3" }), "not-your-turn"],
    ["timeout for a player whose turn it is not", position, () => ({ type: "timeout", playerId: "p3" }), "not-your-turn"],
    ["unknown player", position, () => ({ type: "pass", playerId: "ghost" }), "not-a-player"],
    ["unknown player surrendering", position, () => ({ type: "surrender", playerId: "ghost" }), "not-a-player"],
    ["eliminated player passing", position, () => ({ type: "pass", playerId: "p2" }), "eliminated"],
    ["eliminated player surrendering again", position, () => ({ type: "surrender", playerId: "p2" }), "eliminated"],
    ["unknown card", position, () => ({ type: "play_card", playerId: "p1", cardId: "c9999" }), "invalid-play", "unknown_card"],
    ["missing card id", position, () => ({ type: "play_card", playerId: "p1" }) as unknown as CardBattleAction, "invalid-play", "unknown_card"],
    ["card in another player's hand", position, (s) => ({ type: "play_card", playerId: "p1", cardId: p3Card(s) }), "invalid-play", "card_not_in_hand"],
    ["card in own deck", position, (s) => ({ type: "play_card", playerId: "p1", cardId: s.players[0]!.deck[0]!.id }), "invalid-play", "card_not_in_hand"],
    ["card in own discard pile", position, (s) => ({ type: "play_card", playerId: "p1", cardId: s.players[0]!.discard[0]!.id }), "invalid-play", "card_not_in_hand"],
    ["target self", position, (s) => ({ type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId: "p1" }), "invalid-play", "target_self"],
    ["target eliminated", position, (s) => ({ type: "play_card", playerId: "p1", cardId: cardIn(s, "p1", "strike"), targetId: "p2" }), "invalid-play", "target_eliminated"],
    ["unknown action type", position, () => ({ type: "cheat", playerId: "p1" }) as unknown as CardBattleAction, "invalid-play", "unknown_action"],
    ["any move after the game is over", finished, () => ({ type: "pass", playerId: "p1" }), "game-over"],
    ["surrender after the game is over", finished, () => ({ type: "surrender", playerId: "p1" }), "game-over"],
    ["timeout after the game is over", finished, () => ({ type: "timeout", playerId: "p1" }), "game-over"],
  ];
  for (const [name, build, action, code, reason] of cases) {
    it(`${name} → ${code}${reason ? ` (${reason})` : ""}`, () => {
      const s = build();
      refuse(s, action(s), code, reason);
    });
  }

  it("not-your-turn names the current player; card errors name the card", () => {
    const s = position();
    assert.deepEqual(refuse(s, { type: "pass", playerId: "p3" }, "not-your-turn").details, { current_player_id: "p1" });
    assert.equal(refuse(s, { type: "play_card", playerId: "p1", cardId: "c9999" }, "invalid-play").details?.card_id, "c9999");
  });

  it("a refusal returns no state at all", () => {
    const outcome = applyAction(position(), { type: "pass", playerId: "p3" });
    assert.equal(outcome.ok, false);
    assert.ok(!("state" in outcome));
  });
});
