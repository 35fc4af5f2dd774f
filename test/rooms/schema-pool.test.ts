/**
 * rooms/shared/schema-pool.ts against the real encoder and decoders: objects
 * the sync took out come back only after the patch that removed them, a
 * reused object reaches clients exactly as a new one (also when it gets the
 * same values it had), hidden hands stay hidden, and a whole
 * seeded Liap Tui game synced through the pool decodes, for every seat after
 * every patch, to what a sync without the pool gives.
 */
import assert from "node:assert/strict";
import { Encoder } from "@colyseus/schema";
import { acquire, freeCount, RetiredSchemas } from "../../rooms/shared/schema-pool.js";
import { syncSchema } from "../../rooms/liap-tui/schema-sync.js";
import { SeatTable } from "../../rooms/liap-tui/seating.js";
import { LiapTuiState, PlayState } from "../../schema/liap-tui.js";
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
    play.pieces.push("p2", "p3");
    state.current_plays.push(play);
    patch();
    assert.deepEqual(decoded(2).current_plays, [{ player: "Ann", position: 0, play_type: "PAIR", pieces: ["p2", "p3"] }]);

    const freePlays = freeCount(PlayState);
    state.current_plays.clear();
    retired.retire(play);
    assert.equal(retired.size, 1);
    assert.equal(freeCount(PlayState), freePlays, "nothing is pooled before the patch");
    patch();
    assert.equal(retired.size, 0);
    assert.equal(freeCount(PlayState), freePlays + 1);
    assert.deepEqual(decoded(1).current_plays, []);

    // the same object comes back, and the same values still reach every client
    const again = acquire(PlayState);
    assert.equal(again, play);
    assert.equal(again.pieces.length, 0, "a reused play starts with no pieces");
    Object.assign(again, { player: "Ann", position: 0, play_type: "PAIR" });
    again.pieces.push("p2", "p3");
    state.current_plays.push(again);
    patch();
    for (let seat = 0; seat < 4; seat++) {
      assert.deepEqual(decoded(seat).current_plays, [{ player: "Ann", position: 0, play_type: "PAIR", pieces: ["p2", "p3"] }]);
    }
  });

  it("never pools an object that is still in the state", () => {
    const retired = new RetiredSchemas();
    const { state, patch } = table(retired);
    const play = acquire(PlayState);
    Object.assign(play, { player: "Di", position: 3, play_type: "SINGLE" });
    play.pieces.push("p31");
    state.current_plays.push(play);
    patch();
    const free = freeCount(PlayState);
    retired.retire(play);
    patch();
    assert.equal(freeCount(PlayState), free);
    assert.notEqual(acquire(PlayState), play);
    assert.equal(state.current_plays[0], play);
  });

  it("a seeded game synced through the pool decodes, for every seat after every patch, to the same state as without it; hands stay with their owners", function () {
    this.timeout(60_000);
    const states = playGame("schema-pool-1");
    // first without the pool (each seat's decoded state after every patch), then through it: the two never share the pool
    const plain = table();
    const expected: string[][] = [];
    for (const game of states) {
      syncSchema(plain.state, game, plain.seats, playerView(game, null));
      plain.patch();
      expected.push([0, 1, 2, 3].map((seat) => JSON.stringify(plain.decoded(seat))));
    }
    const retired = new RetiredSchemas();
    const pooled = table(retired);
    // the plays the game made (one per turn and position in it), and the objects that carried them with the pool
    const playsMade = new Set<string>();
    const carriers = new Set<PlayState>();
    states.forEach((game, step) => {
      const view = playerView(game, null);
      syncSchema(pooled.state, game, pooled.seats, view, retired);
      view.turn?.plays.forEach((_, i) => playsMade.add(`${view.round}:${view.turn!.turnNumber}:${i}`));
      pooled.state.current_plays.forEach((play) => carriers.add(play));
      pooled.patch();
      for (let seat = 0; seat < 4; seat++) {
        const mine = pooled.decoded(seat);
        assert.equal(JSON.stringify(mine), expected[step]![seat], `seat ${seat} after step ${step}`);
        mine.players.forEach((player, position) => {
          if (position !== seat) assert.ok((player.hand ?? []).length === 0, `seat ${seat} sees no piece of seat ${position}`);
        });
        assert.deepEqual(
          mine.players[seat]!.hand,
          handOf(game, seat as Seat).map((p) => p.id),
        );
      }
    });
    // three rounds of about eight turns of four plays: with the pool, a few objects carry them all
    assert.ok(playsMade.size >= 60, `the game made ${playsMade.size} plays`);
    assert.ok(carriers.size < playsMade.size / 2, `the pool reuses plays (${carriers.size} objects for ${playsMade.size} plays)`);
  });
});
