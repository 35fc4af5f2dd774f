import assert from "node:assert/strict";
import { beats, classifyPlay, playStrength, winningPlayIndex, type PlayType } from "../../../src/games/liap-tui/index.js";
import { piecesOfKinds, type Kind } from "./helpers.js";

const cases: Array<[string, Kind[], PlayType]> = [
  ["empty", [], "INVALID"],
  ["any single", ["GENERAL_RED"], "SINGLE"],
  ["single soldier", ["SOLDIER_BLACK"], "SINGLE"],
  ["pair of red advisors", ["ADVISOR_RED", "ADVISOR_RED"], "PAIR"],
  ["pair of black soldiers", ["SOLDIER_BLACK", "SOLDIER_BLACK"], "PAIR"],
  ["pair of red cannons", ["CANNON_RED", "CANNON_RED"], "PAIR"],
  ["generals never pair", ["GENERAL_RED", "GENERAL_BLACK"], "INVALID"],
  ["mixed-colour pair", ["ADVISOR_RED", "ADVISOR_BLACK"], "INVALID"],
  ["two different names", ["CHARIOT_RED", "HORSE_RED"], "INVALID"],
  ["three red soldiers", ["SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED"], "THREE_OF_A_KIND"],
  ["three mixed soldiers", ["SOLDIER_RED", "SOLDIER_RED", "SOLDIER_BLACK"], "INVALID"],
  ["three of another name", ["HORSE_RED", "HORSE_RED", "HORSE_BLACK"], "INVALID"],
  ["G1 red straight", ["GENERAL_RED", "ADVISOR_RED", "ELEPHANT_RED"], "STRAIGHT"],
  ["G1 black straight", ["GENERAL_BLACK", "ADVISOR_BLACK", "ELEPHANT_BLACK"], "STRAIGHT"],
  ["G2 black straight", ["CHARIOT_BLACK", "HORSE_BLACK", "CANNON_BLACK"], "STRAIGHT"],
  ["mixed-colour straight", ["CHARIOT_RED", "HORSE_BLACK", "CANNON_RED"], "INVALID"],
  ["straight across groups", ["ELEPHANT_RED", "CHARIOT_RED", "HORSE_RED"], "INVALID"],
  ["soldier with a straight", ["CHARIOT_RED", "HORSE_RED", "SOLDIER_RED"], "INVALID"],
  ["four black soldiers", ["SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK"], "FOUR_OF_A_KIND"],
  ["extended straight 2-1-1 (G2)", ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED"], "EXTENDED_STRAIGHT"],
  ["extended straight 2-1-1 (G1)", ["GENERAL_BLACK", "ADVISOR_BLACK", "ADVISOR_BLACK", "ELEPHANT_BLACK"], "EXTENDED_STRAIGHT"],
  ["2 CHARIOT + 2 HORSE", ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "HORSE_RED"], "INVALID"],
  ["extended straight with a mixed colour", ["CHARIOT_RED", "CHARIOT_BLACK", "HORSE_RED", "CANNON_RED"], "INVALID"],
  ["extended straight 5 (G1 red)", ["GENERAL_RED", "ADVISOR_RED", "ADVISOR_RED", "ELEPHANT_RED", "ELEPHANT_RED"], "EXTENDED_STRAIGHT_5"],
  ["extended straight 5 (G2 black)", ["CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "HORSE_BLACK", "CANNON_BLACK"], "EXTENDED_STRAIGHT_5"],
  ["five with one name missing", ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "HORSE_RED", "SOLDIER_RED"], "INVALID"],
  ["five red soldiers", ["SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED"], "FIVE_OF_A_KIND"],
  [
    "double straight (red)",
    ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "HORSE_RED", "CANNON_RED", "CANNON_RED"],
    "DOUBLE_STRAIGHT",
  ],
  [
    "double straight (black)",
    ["CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "HORSE_BLACK", "CANNON_BLACK", "CANNON_BLACK"],
    "DOUBLE_STRAIGHT",
  ],
  [
    "six G1 pieces (mixed colours)",
    ["GENERAL_RED", "ADVISOR_RED", "ADVISOR_RED", "ELEPHANT_RED", "ELEPHANT_RED", "GENERAL_BLACK"],
    "INVALID",
  ],
  [
    "six of mixed colours",
    ["CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "HORSE_BLACK", "CANNON_BLACK", "CANNON_RED"],
    "INVALID",
  ],
  [
    "six soldiers",
    ["SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED", "SOLDIER_RED", "SOLDIER_BLACK"],
    "INVALID",
  ],
  [
    "six other pieces",
    ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "HORSE_RED", "CANNON_RED", "SOLDIER_RED"],
    "INVALID",
  ],
  [
    "seven pieces",
    ["CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "HORSE_RED", "CANNON_RED", "CANNON_RED", "SOLDIER_RED"],
    "INVALID",
  ],
];

describe("liap-tui play types", () => {
  for (const [name, kinds, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const pieces = piecesOfKinds(...kinds);
      assert.equal(classifyPlay(pieces), expected);
      // order of pieces does not matter
      assert.equal(classifyPlay(pieces.slice().reverse()), expected);
    });
  }

  it("a same-colour G1 2-2-2 (two generals, impossible in the set) is not a double straight", () => {
    const general = { id: "x", rank: "GENERAL", color: "RED", point: 14 } as const;
    const pieces = [general, { ...general, id: "y" }, ...piecesOfKinds("ADVISOR_RED", "ADVISOR_RED", "ELEPHANT_RED", "ELEPHANT_RED")];
    assert.equal(classifyPlay(pieces), "INVALID");
    assert.equal(classifyPlay(pieces.slice(0, 2)), "INVALID", "generals never pair");
  });

  it("strength is the point sum, except extended straights count each name once", () => {
    const pair = piecesOfKinds("ADVISOR_RED", "ADVISOR_RED");
    assert.equal(playStrength(pair, "PAIR"), 24);
    const red = piecesOfKinds("CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED");
    assert.equal(playStrength(red, "EXTENDED_STRAIGHT"), 18);
    const black = piecesOfKinds("CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "CANNON_BLACK");
    assert.equal(playStrength(black, "EXTENDED_STRAIGHT"), 15);
    const five = piecesOfKinds("GENERAL_RED", "ADVISOR_RED", "ADVISOR_RED", "ELEPHANT_RED", "ELEPHANT_RED");
    assert.equal(playStrength(five, "EXTENDED_STRAIGHT_5"), 36);
    const double = piecesOfKinds("CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "HORSE_BLACK", "CANNON_BLACK", "CANNON_BLACK");
    assert.equal(playStrength(double, "DOUBLE_STRAIGHT"), 30);
  });
});

describe("liap-tui turn comparison", () => {
  const rate = (...kinds: Kind[]) => {
    const pieces = piecesOfKinds(...kinds);
    const playType = classifyPlay(pieces);
    return { playType, strength: playStrength(pieces, playType) };
  };

  it("a later play of the same type wins only with strictly greater strength", () => {
    const leader = rate("HORSE_BLACK", "HORSE_BLACK");
    assert.equal(beats(rate("HORSE_RED", "HORSE_RED"), leader), true);
    assert.equal(beats(rate("CANNON_RED", "CANNON_RED"), leader), false);
    assert.equal(winningPlayIndex([leader, rate("CANNON_RED", "CANNON_RED"), rate("HORSE_RED", "HORSE_RED"), rate("SOLDIER_RED", "SOLDIER_RED")]), 2);
  });

  it("ties go to the earlier play", () => {
    const a = rate("SOLDIER_RED", "SOLDIER_RED");
    assert.equal(beats(rate("SOLDIER_RED", "SOLDIER_RED"), a), false);
    assert.equal(winningPlayIndex([a, rate("SOLDIER_RED", "SOLDIER_RED"), rate("SOLDIER_BLACK", "SOLDIER_BLACK"), a]), 0);
    const low = rate("SOLDIER_BLACK");
    const ties = [low, rate("ADVISOR_BLACK"), rate("ADVISOR_BLACK"), rate("CANNON_RED")];
    assert.equal(winningPlayIndex(ties), 1, "the earlier of two equal followers wins");
  });

  it("a different type never wins, even a higher-ranked one or a higher total", () => {
    const triple = rate("SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK");
    const straight = rate("GENERAL_RED", "ADVISOR_RED", "ELEPHANT_RED");
    assert.equal(straight.playType, "STRAIGHT");
    assert.equal(beats(straight, triple), false);
    const invalid = rate("GENERAL_RED", "ADVISOR_BLACK", "ELEPHANT_RED");
    assert.equal(winningPlayIndex([triple, straight, invalid, rate("SOLDIER_RED", "SOLDIER_BLACK", "SOLDIER_RED")]), 0);
    const four = rate("SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK", "SOLDIER_BLACK");
    assert.equal(beats(rate("CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED"), four), false);
  });

  it("red extended straight (18) beats the black one (15); doubled low pieces add nothing", () => {
    const black = rate("CHARIOT_BLACK", "CHARIOT_BLACK", "HORSE_BLACK", "CANNON_BLACK");
    const red = rate("CHARIOT_RED", "CHARIOT_RED", "HORSE_RED", "CANNON_RED");
    assert.equal(red.strength, 18);
    assert.equal(black.strength, 15);
    assert.equal(beats(red, black), true);
    assert.equal(beats(black, red), false);
    // same group and colour, different doubled name: equal strength, earlier wins
    const redCannons = rate("CHARIOT_RED", "HORSE_RED", "CANNON_RED", "CANNON_RED");
    assert.equal(redCannons.strength, 18);
    assert.equal(winningPlayIndex([red, redCannons, black, black]), 0);
  });

  it("INVALID plays never win", () => {
    const leader = rate("SOLDIER_BLACK");
    assert.equal(beats({ playType: "INVALID", strength: 99 }, { playType: "INVALID", strength: 1 }), false);
    assert.equal(winningPlayIndex([leader, { playType: "INVALID", strength: 50 }, rate("SOLDIER_RED"), rate("SOLDIER_BLACK")]), 2);
  });
});
