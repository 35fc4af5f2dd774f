import assert from "node:assert/strict";
import { createGame, currentPlayer, initialEvents } from "../../../src/games/card-battle/index.js";
import { IDS, newGame } from "./helpers.js";

describe("card-battle setup", () => {
  for (const bad of [[], ["solo"], ["a", "b", "c", "d", "e"]]) {
    it(`refuses ${bad.length} players with "player_count must be 2 to 4"`, () => {
      assert.throws(() => createGame({ seed: 1, playerIds: bad }), (err: unknown) => {
        assert.ok(err instanceof RangeError);
        assert.equal(err.message, "player_count must be 2 to 4");
        return true;
      });
    });
  }

  it("refuses duplicate or empty player ids and bad options", () => {
    assert.throws(() => createGame({ seed: 1, playerIds: ["a", "a"] }), /distinct/);
    assert.throws(() => createGame({ seed: 1, playerIds: ["a", ""] }), /non-empty/);
    assert.throws(() => createGame({ seed: 1, playerIds: ["a", "b"], options: { maxHp: -3 } }), RangeError);
  });

  for (const count of [2, 3, 4]) {
    it(`deals ${count} players 24 cards each with room-unique ids, 4 in hand, and starts seat 0's turn 1`, () => {
      const state = newGame(count);
      assert.equal(state.status, "playing");
      assert.equal(state.turnNumber, 1);
      assert.equal(currentPlayer(state), "p1");
      const allIds: string[] = [];
      state.players.forEach((p, seat) => {
        assert.equal(p.id, IDS[seat]);
        assert.equal(p.seat, seat);
        assert.equal(p.hp, 30);
        assert.equal(p.shield, 0);
        assert.equal(p.hand.length, seat === 0 ? 5 : 4, "the first player drew 1 at turn start");
        assert.equal(p.hand.length + p.deck.length, 24);
        const mine = [...p.hand, ...p.deck].map((c) => Number(c.id.slice(1))).sort((a, b) => a - b);
        // ids are assigned per seat before shuffling: seat s owns c(24s)..c(24s+23)
        assert.deepEqual(mine, Array.from({ length: 24 }, (_, i) => seat * 24 + i));
        allIds.push(...mine.map(String));
      });
      assert.equal(new Set(allIds).size, 24 * count);
    });
  }

  it("assigns kinds in rule order before shuffling (c0..c9 strikes, c22..c23 draw_two)", () => {
    const state = newGame(2);
    const kindOf = new Map([...state.players[0]!.hand, ...state.players[0]!.deck].map((c) => [c.id, c.kind]));
    for (let i = 0; i < 10; i++) assert.equal(kindOf.get(`c${i}`), "strike");
    for (let i = 10; i < 14; i++) assert.equal(kindOf.get(`c${i}`), "heavy_strike");
    for (let i = 14; i < 18; i++) assert.equal(kindOf.get(`c${i}`), "guard");
    for (let i = 18; i < 22; i++) assert.equal(kindOf.get(`c${i}`), "heal");
    assert.equal(kindOf.get("c22"), "draw_two");
    assert.equal(kindOf.get("c23"), "draw_two");
  });

  it("shuffles deterministically from the seed", () => {
    assert.deepEqual(newGame(3, undefined, "s1"), newGame(3, undefined, "s1"));
    assert.deepEqual(newGame(3, undefined, 42), newGame(3, undefined, 42));
    assert.notDeepEqual(newGame(3, undefined, "s1").players[0]!.deck, newGame(3, undefined, "s2").players[0]!.deck);
    // decks are shuffled, not left in build order
    const order = [...newGame(2).players[0]!.hand, ...newGame(2).players[0]!.deck].map((c) => c.id);
    assert.notDeepEqual(order, Array.from({ length: 24 }, (_, i) => `c${i}`));
  });

  it("is JSON-serialisable without loss", () => {
    const state = newGame(4);
    assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
  });

  it("uses names when given, the id otherwise", () => {
    const state = createGame({ seed: 1, playerIds: ["a", "b"], names: { a: "Alice" } });
    assert.equal(state.players[0]!.name, "Alice");
    assert.equal(state.players[1]!.name, "b");
  });

  it("honours startingHand and a custom deck size", () => {
    const state = newGame(2, { startingHand: 2, deck: { strike: 3, heavy_strike: 0, guard: 0, heal: 0, draw_two: 0 } });
    assert.equal(state.players[0]!.hand.length, 3);
    assert.equal(state.players[1]!.hand.length, 2);
    assert.deepEqual(state.players[1]!.hand.concat(state.players[1]!.deck).map((c) => c.id).sort(), ["c3", "c4", "c5"]);
  });

  it("initialEvents announces the opening in order", () => {
    const state = createGame({ seed: 9, playerIds: ["a", "b", "c"], names: { b: "Bob" } });
    assert.deepEqual(initialEvents(state), [
      {
        type: "game_started",
        players: [
          { player_id: "a", name: "a", hp: 30, position: 0 },
          { player_id: "b", name: "Bob", hp: 30, position: 1 },
          { player_id: "c", name: "c", hp: 30, position: 2 },
        ],
        first_player_id: "a",
      },
      { type: "card_drawn", player_id: "a", count: 4 },
      { type: "card_drawn", player_id: "b", count: 4 },
      { type: "card_drawn", player_id: "c", count: 4 },
      { type: "turn_started", player_id: "a", turn_number: 1 },
      { type: "card_drawn", player_id: "a", count: 1 },
    ]);
  });

  it("initialEvents has no turn-1 draw when the opening hand takes the whole deck", () => {
    const state = newGame(2, { startingHand: 2, deck: { strike: 2, heavy_strike: 0, guard: 0, heal: 0, draw_two: 0 } });
    assert.equal(state.players[0]!.hand.length, 2);
    assert.deepEqual(initialEvents(state).slice(-1), [{ type: "turn_started", player_id: "p1", turn_number: 1 }]);
  });
});
