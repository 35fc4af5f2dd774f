/**
 * rooms/shared/schema-pool.ts against the real encoder and decoders: objects
 * the sync took out come back only after the patch that removed them, a
 * reused object reaches clients exactly as a new one (also when it gets the
 * same values it had), hidden hands stay hidden across reuse, and a whole
 * seeded Liap Tui game synced through the pool decodes, for every seat after
 * every patch, to what a sync without the pool gives.
 */
import assert from "node:assert/strict";
import { Encoder } from "@colyseus/schema";
import { acquire, freeCount, RetiredSchemas } from "../../rooms/shared/schema-pool.js";
import { syncSchema } from "../../rooms/liap-tui/schema-sync.js";
import { SeatTable } from "../../rooms/liap-tui/seating.js";
import { LiapTuiState, PieceState, PlayState } from "../../schema/liap-tui.js";
import { applyAction, awaiting, botAction, createGame, handOf, playerView, type LiapTuiState as GameState, type Seat } from "../../src/games/liap-tui/index.js";
import { seedRng } from "../../src/games/shared/prng.js";
import { connectSeat, patchSeats } from "../support/schema-seats.js";

const NAMES = ["Ann", "Bo", "Cy", "Di"];

/** A room's schema side without sockets: the encoder, four seated clients with their views and decoders (as the room's serializer frames them). */
function table(retired?: RetiredSchemas) {
  const state = new LiapTuiState();
  const seats = new SeatTable();
  for (let i = 0; i < 4; i++) {
    const seat = seats.placeFor(`p${i}`, false);
    if (typeof seat === "string") throw new Error(seat);
    seats.seatHuman(seat, `p${i}`, NAMES[i]!, true);
  }
  syncSchema(state, null, seats);
  const encoder = new Encoder(state);
  const clients = [0, 1, 2, 3].map((position) => connectSeat(encoder, state.players[position]!, new LiapTuiState()));
  encoder.discardChanges();
  const patch = () => {
    patchSeats(encoder, clients);
    retired?.release();
  };
  return { state, seats, patch, decoded: (seat: number) => clients[seat]!.decoder.state.toJSON() as ReturnType<LiapTuiState["toJSON"]> };
}

/** The states of one seeded game of medium bots. */
function playGame(seed: string): GameState[] {
  let game = createGame({ seed, options: { maxRounds: 3 } });
  const rng = seedRng(`${seed}:bots`);
  const states = [game];
  for (;;) {
    const wait = awaiting(game);
    if (wait.kind === "none") return states;
    const action = wait.kind === "advance" ? ({ type: "advance" } as const) : botAction(game, wait.seats[0]!, "medium", rng);
    const result = applyAction(game, action);
    if (!result.ok) throw new Error(result.error.code);
    game = result.state;
    states.push(game);
  }
}

describe("schema pool (rooms/shared/schema-pool.ts)", () => {
  it("takes a retired object back only when released, and hands it out again reset", () => {
    const retired = new RetiredSchemas();
    const { state, patch, decoded } = table(retired);
    const play = acquire(PlayState);
    Object.assign(play, { player: "Ann", position: 0, play_type: "PAIR" });
    const piece = acquire(PieceState);
    Object.assign(piece, { id: "GENERAL_RED", rank: "GENERAL", color: "RED", point: 14 });
    play.pieces.push(piece);
    state.current_plays.push(play);
    patch();
    assert.deepEqual(decoded(2).current_plays, [{ player: "Ann", position: 0, play_type: "PAIR", pieces: [{ id: "GENERAL_RED", rank: "GENERAL", color: "RED", point: 14 }] }]);

    const freePieces = freeCount(PieceState);
    state.current_plays.clear();
    retired.retire(play);
    retired.retire(piece);
    assert.equal(retired.size, 2);
    assert.equal(freeCount(PieceState), freePieces, "nothing is pooled before the patch");
    patch();
    assert.equal(retired.size, 0);
    assert.equal(freeCount(PieceState), freePieces + 1);
    assert.deepEqual(decoded(1).current_plays, []);

    // the same objects come back, and the same values still reach every client
    const again = acquire(PlayState);
    const pieceAgain = acquire(PieceState);
    assert.equal(again, play);
    assert.equal(pieceAgain, piece);
    assert.equal(again.pieces.length, 0, "a reused play starts with no pieces");
    Object.assign(again, { player: "Ann", position: 0, play_type: "PAIR" });
    Object.assign(pieceAgain, { id: "GENERAL_RED", rank: "GENERAL", color: "RED", point: 14 });
    again.pieces.push(pieceAgain);
    state.current_plays.push(again);
    patch();
    for (let seat = 0; seat < 4; seat++) {
      assert.deepEqual(decoded(seat).current_plays, [{ player: "Ann", position: 0, play_type: "PAIR", pieces: [{ id: "GENERAL_RED", rank: "GENERAL", color: "RED", point: 14 }] }]);
    }
  });

  it("never pools an object that is still in the state", () => {
    const retired = new RetiredSchemas();
    const { state, patch } = table(retired);
    const piece = acquire(PieceState);
    Object.assign(piece, { id: "SOLDIER_BLACK", rank: "SOLDIER", color: "BLACK", point: 1 });
    state.players[0]!.hand.push(piece);
    patch();
    const free = freeCount(PieceState);
    retired.retire(piece);
    patch();
    assert.equal(freeCount(PieceState), free);
    assert.notEqual(acquire(PieceState), piece);
    assert.equal(state.players[0]!.hand[0], piece);
  });

  it("a seeded game synced through the pool decodes, for every seat after every patch, to the same state as without it; hands stay with their owners", function () {
    this.timeout(60_000);
    const states = playGame("schema-pool-1");
    const retired = new RetiredSchemas();
    const pooled = table(retired);
    const plain = table();
    const pieces = { pooled: new Set<PieceState>(), plain: new Set<PieceState>() };
    const collect = (state: LiapTuiState, into: Set<PieceState>) => {
      for (const player of state.players) player.hand.forEach((piece) => into.add(piece));
      for (const play of state.current_plays) play.pieces.forEach((piece) => into.add(piece));
    };
    for (const game of states) {
      syncSchema(pooled.state, game, pooled.seats, playerView(game, null), retired);
      syncSchema(plain.state, game, plain.seats, playerView(game, null));
      collect(pooled.state, pieces.pooled);
      collect(plain.state, pieces.plain);
      pooled.patch();
      plain.patch();
      for (let seat = 0; seat < 4; seat++) {
        const mine = pooled.decoded(seat);
        assert.deepEqual(mine, plain.decoded(seat));
        mine.players.forEach((player, position) => {
          if (position !== seat) assert.ok((player.hand ?? []).length === 0, `seat ${seat} sees no piece of seat ${position}`);
        });
        assert.deepEqual(
          mine.players[seat]!.hand.map((p) => p.id),
          handOf(game, seat as Seat).map((p) => p.id),
        );
      }
    }
    // three rounds deal 96 pieces and play as many again: with the pool, a few dozen objects carry them all
    assert.ok(pieces.plain.size >= 150, `without the pool every piece is a new object (${pieces.plain.size})`);
    assert.ok(pieces.pooled.size < pieces.plain.size / 2, `the pool reuses pieces (${pieces.pooled.size} objects against ${pieces.plain.size})`);
  });
});
