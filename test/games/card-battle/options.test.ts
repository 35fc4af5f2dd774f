import assert from "node:assert/strict";
import { DEFAULT_OPTIONS, normalizeOptions } from "../../../src/games/card-battle/index.js";
import type { CardBattleOptionsInput } from "../../../src/games/card-battle/index.js";

describe("card-battle options", () => {
  it("fills every default from the rules", () => {
    assert.deepEqual(normalizeOptions(), {
      maxHp: 30,
      maxTurns: 200,
      startingHand: 4,
      maxConsecutiveTimeouts: 3,
      deck: { strike: 10, heavy_strike: 4, guard: 4, heal: 4, draw_two: 2 },
      strikeDamage: 3,
      heavyStrikeDamage: 5,
      guardShield: 3,
      healAmount: 3,
      drawTwoCount: 2,
    });
    assert.deepEqual(normalizeOptions({}), normalizeOptions(undefined));
  });

  it("keeps overrides, fills the rest, and accepts a partial deck", () => {
    const out = normalizeOptions({ maxHp: 10, maxTurns: 5, deck: { strike: 2 } });
    assert.equal(out.maxHp, 10);
    assert.equal(out.maxTurns, 5);
    assert.equal(out.startingHand, 4);
    assert.deepEqual(out.deck, { strike: 2, heavy_strike: 4, guard: 4, heal: 4, draw_two: 2 });
  });

  it("never touches the caller's object nor the defaults", () => {
    const input = Object.freeze({ maxHp: 12, deck: Object.freeze({ heal: 1 }) });
    const out = normalizeOptions(input);
    out.deck.heal = 99;
    assert.equal(input.deck.heal, 1);
    assert.equal(DEFAULT_OPTIONS.deck.heal, 4);
    assert.equal(normalizeOptions().deck.heal, 4);
  });

  const bad: [string, unknown, RegExp][] = [
    ["zero max HP", { maxHp: 0 }, /maxHp/],
    ["fractional turns", { maxTurns: 2.5 }, /maxTurns/],
    ["string number", { strikeDamage: "3" }, /strikeDamage/],
    ["negative heal", { healAmount: -1 }, /healAmount/],
    ["zero timeouts", { maxConsecutiveTimeouts: 0 }, /maxConsecutiveTimeouts/],
    ["NaN", { guardShield: Number.NaN }, /guardShield/],
    ["unknown option", { maxHP: 20 }, /unknown option "maxHP"/],
    ["unknown card kind", { deck: { fireball: 2 } }, /unknown card kind "fireball"/],
    ["negative copies", { deck: { strike: -1 } }, /deck\.strike/],
    ["empty deck", { deck: { strike: 0, heavy_strike: 0, guard: 0, heal: 0, draw_two: 0 } }, /at least one card/],
    ["hand bigger than deck", { startingHand: 25 }, /startingHand \(25\) exceeds the deck size \(24\)/],
    ["deck not an object", { deck: [1, 2] }, /deck must be an object/],
    ["options not an object", "fast", /options must be an object/],
  ];
  for (const [name, input, pattern] of bad) {
    it(`throws a RangeError on ${name}`, () => {
      assert.throws(() => normalizeOptions(input as CardBattleOptionsInput), (err: unknown) => {
        assert.ok(err instanceof RangeError);
        assert.match(err.message, pattern);
        return true;
      });
    });
  }
});
