/**
 * The card battle schema sync (rooms/card-battle/schema-sync.ts) through the
 * real schema encoder and decoders, one StateView per seat as the room gives
 * them: after every action of seeded bot games, each seat decodes exactly its
 * own hand in the rules' order (and no other seat's), and a card that stays in
 * a hand keeps its decoded object (a play splices, a draw appends; the list is
 * not rewritten); the same with the cards taken from and returned to the
 * schema pool (rooms/shared/schema-pool.ts) after every patch.
 */
import assert from "node:assert/strict";
import { Encoder } from "@colyseus/schema";
import { applyAction, botAction, createGame, currentPlayer, type CardBattleState as GameState } from "../../src/games/card-battle/index.js";
import { seedRng } from "../../src/games/shared/prng.js";
import { CardBattleState, type CardState } from "../../schema/card-battle.js";
import { syncSchema } from "../../rooms/card-battle/schema-sync.js";
import { RetiredSchemas } from "../../rooms/shared/schema-pool.js";
import { connectSeat, patchSeats, type SchemaSeat } from "../support/schema-seats.js";

type Seat = SchemaSeat<CardBattleState>;

const connect = (encoder: Encoder<CardBattleState>, state: CardBattleState, position: number): Seat => connectSeat(encoder, state.players[position]!, new CardBattleState());

function handIds(seat: Seat, position: number): string[] {
  return [...seat.decoder.state.players[position]!.hand].map((card) => card.id);
}

/** Plays 12 seeded bot games through the sync, checking every seat after every patch; `retired` (if any) is released after each patch. */
function playChecked(retired?: RetiredSchemas): { splices: number; cardObjects: number; cardsSynced: number } {
  let splices = 0;
  const cardObjects = new Set<CardState>();
  const cardIds = new Set<string>();
  for (let g = 0; g < 12; g++) {
    const playerIds = ["p0", "p1", "p2", "p3"].slice(0, 2 + (g % 3));
    let game: GameState = createGame({ seed: `schema-sync-${g}`, playerIds });
    const seatsInfo = playerIds.map((playerId, position) => ({ playerId, name: `Player ${position}`, position, connected: true }));
    const state = new CardBattleState();
    syncSchema(state, { phase: "PLAYING", seats: seatsInfo, game, deadline: 0, maxHp: 30, retired });
    const encoder = new Encoder(state);
    const seats = playerIds.map((_, position) => connect(encoder, state, position));
    encoder.discardChanges();
    const rng = seedRng(`bots-${g}`);
    let steps = 0;
    while (game.status === "playing") {
      assert.ok(++steps < 2_000, "the game ends");
      const before = seats.map((seat, position) => [...seat.decoder.state.players[position]!.hand]);
      const outcome = applyAction(game, botAction(game, currentPlayer(game)!, "medium", rng));
      assert.ok(outcome.ok);
      game = outcome.state;
      syncSchema(state, { phase: game.status === "finished" ? "FINISHED" : "PLAYING", seats: seatsInfo, game, deadline: 0, maxHp: 30, retired });
      patchSeats(encoder, seats);
      retired?.release();
      for (const player of state.players) {
        player.hand.forEach((card) => {
          cardObjects.add(card);
          cardIds.add(`${g}:${card.id}`);
        });
      }
      seats.forEach((seat, position) => {
        assert.deepEqual(handIds(seat, position), game.players[position]!.hand.map((c) => c.id), `game ${g} step ${steps}: seat ${position}'s hand`);
        seats.forEach((other, otherPosition) => {
          if (otherPosition !== position) assert.equal(other.decoder.state.players[position]!.hand?.length ?? 0, 0, `seat ${otherPosition} decodes no card of seat ${position}`);
        });
        // every card that stayed is the same decoded object: the list was spliced and appended, not rewritten
        const after = new Map<string, CardState>([...seat.decoder.state.players[position]!.hand].map((card) => [card.id, card]));
        const kept = before[position]!.filter((card) => after.has(card.id));
        for (const card of kept) assert.equal(after.get(card.id), card, `game ${g} step ${steps}: seat ${position}'s card ${card.id} was rewritten`);
        if (kept.length > 0 && kept.length < before[position]!.length) splices++;
      });
    }
  }
  return { splices, cardObjects: cardObjects.size, cardsSynced: cardIds.size };
}

describe("card battle schema sync", () => {
  it("each seat decodes its own hand in order after every action, and kept cards are not rewritten", () => {
    const { splices } = playChecked();
    assert.ok(splices > 100, `plays spliced hands (${splices})`);
  });

  it("the same with cards reused from the schema pool, which carries the games' cards with far fewer objects", () => {
    const plain = playChecked();
    const pooled = playChecked(new RetiredSchemas());
    assert.equal(pooled.splices, plain.splices);
    assert.equal(pooled.cardsSynced, plain.cardsSynced);
    assert.equal(plain.cardObjects, plain.cardsSynced, "without the pool every card is a new object");
    assert.ok(pooled.cardObjects < plain.cardObjects / 2, `pooled: ${pooled.cardObjects} objects for ${pooled.cardsSynced} cards`);
  });
});
