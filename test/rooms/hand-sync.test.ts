/**
 * rooms/shared/hand-sync.ts on a real ArraySchema: the hand ends as the
 * rules' list for every kind of change (including ones that keep its length),
 * kept cards keep their schema objects, and an unchanged hand is not touched.
 */
import assert from "node:assert/strict";
import { ArraySchema } from "@colyseus/schema";
import { syncHand, syncIds } from "../../rooms/shared/hand-sync.js";
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

  it("skips a list that is the same array as at the last sync without reading the schema list; an equal new array is still compared", () => {
    const hand = new ArraySchema<CardState>();
    let reads = 0;
    const toArray = hand.toArray.bind(hand);
    hand.toArray = () => (reads++, toArray());
    const items = ["a", "b"].map(card);
    syncHand(hand, items, toCard);
    syncHand(hand, items, toCard);
    assert.equal(reads, 1, "the same array is not read again");
    syncHand(hand, ["a", "b", "c"].map(card), toCard);
    assert.equal(reads, 2);
    assert.deepEqual(ids(hand), ["a", "b", "c"]);
    const ids4 = ["p1", "p2"];
    const idHand = new ArraySchema<string>();
    syncIds(idHand, ids4);
    syncIds(idHand, ["p1"]);
    syncIds(idHand, ids4);
    assert.deepEqual(idHand.toArray(), ["p1", "p2"], "an array synced before, then another, is synced again");
  });
});

describe("hand sync of ids (Liap Tui's hands)", () => {
  it("splices played ids out and rewrites the list for a new deal, with as few changes as that", () => {
    const hand = new ArraySchema<string>();
    const steps = [["p0", "p5", "p9", "p31"], ["p0", "p9", "p31"], ["p0"], [], ["p3", "p4"], ["p4", "p3"], ["p4", "p3", "p7"]];
    for (const step of steps) {
      syncIds(hand, step);
      assert.deepEqual(hand.toArray(), step);
    }
    // a play takes two ids out: two splices, the kept ids stay where they were
    syncIds(hand, ["p1", "p2", "p3", "p4"]);
    const spliced: number[] = [];
    const splice = hand.splice.bind(hand);
    hand.splice = ((start: number, count?: number) => (spliced.push(start), splice(start, count))) as typeof hand.splice;
    syncIds(hand, ["p1", "p4"]);
    assert.deepEqual(spliced, [2, 1]);
    assert.deepEqual(hand.toArray(), ["p1", "p4"]);
  });

  it("follows long lists as well as hands (keys looked up through a set past 32 items)", () => {
    const hand = new ArraySchema<string>();
    const all = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const steps = [all, all.filter((_, i) => i % 3 !== 0), all.filter((_, i) => i % 3 !== 0 && i !== 38), all.slice(0, 33).reverse(), all.slice(5, 45)];
    for (const step of steps) {
      syncIds(hand, step);
      assert.deepEqual(hand.toArray(), step);
    }
  });
});
