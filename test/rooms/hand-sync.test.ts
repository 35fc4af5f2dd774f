/**
 * rooms/shared/hand-sync.ts on a real ArraySchema: the hand ends as the
 * rules' list for every kind of change (including ones that keep its length),
 * kept cards keep their schema objects, and an unchanged hand is not touched.
 */
import assert from "node:assert/strict";
import { ArraySchema } from "@colyseus/schema";
import { syncHand } from "../../rooms/shared/hand-sync.js";
import { CardState } from "../../schema/card-battle.js";

const card = (id: string) => ({ id, kind: "attack" });
const toCard = (item: { id: string; kind: string }) => Object.assign(new CardState(), item);
const ids = (hand: ArraySchema<CardState>) => hand.map((c) => c.id);

describe("hand sync", () => {
  it("follows every change, also ones that keep the hand's length", () => {
    const hand = new ArraySchema<CardState>();
    const steps = [["a", "b", "c"], ["a", "c"], ["a", "c", "d"], ["c", "d", "e"], ["e", "d", "c"], ["x", "y", "z"], [], ["q"]];
    for (const step of steps) {
      syncHand(hand, step.map(card), toCard);
      assert.deepEqual(ids(hand), step);
    }
  });

  it("keeps the schema objects of cards that stay, and leaves an unchanged hand alone", () => {
    const hand = new ArraySchema<CardState>();
    let created = 0;
    const counting = (item: { id: string; kind: string }) => (created++, toCard(item));
    syncHand(hand, ["a", "b", "c"].map(card), counting);
    const [a, , c] = [hand[0], hand[1], hand[2]];
    syncHand(hand, ["a", "c", "d"].map(card), counting);
    assert.equal(hand[0], a);
    assert.equal(hand[1], c);
    assert.equal(created, 4, "only d is new");
    syncHand(hand, ["a", "c", "d"].map(card), counting);
    assert.equal(created, 4);
    assert.deepEqual(ids(hand), ["a", "c", "d"]);
  });
});
