/**
 * Thousands of seeded games between bots, with random timeouts, occasional
 * surrenders and bad moves, checking the invariants after every action and that
 * a replay of the log gives the same final state.
 */

import assert from "node:assert/strict";
import {
  applyAction,
  botAction,
  createGame,
  currentPlayer,
  playerView,
  replay,
  result,
} from "../../../src/games/card-battle/index.js";
import type {
  BotDifficulty,
  CardBattleAction,
  CardBattleEvent,
  CardBattleOptionsInput,
  CardBattleState,
  EndReason,
} from "../../../src/games/card-battle/index.js";
import { nextFloat, nextInt, pick, seedRng } from "../../../src/games/shared/prng.js";
import type { RngState } from "../../../src/games/shared/prng.js";
import { deepFreeze } from "./helpers.js";

const GAMES_PER_BLOCK = 350;
const PLAYER_COUNTS = [2, 3, 4] as const;
const MODES = ["easy", "medium", "mixed"] as const;

/** Tallies across all blocks, checked at the end so every path was exercised. */
const seen = {
  games: 0,
  actions: 0,
  refusals: 0,
  reasons: new Map<EndReason, number>(),
  draws: 0,
  eliminations: new Map<string, number>(),
};

/** Checks everything that must hold in any reachable state. */
function checkState(state: CardBattleState, deckSize: number): void {
  const { options } = state;
  const all = new Set<string>();
  state.players.forEach((p, seat) => {
    assert.equal(p.seat, seat);
    const cards = [...p.hand, ...p.deck, ...p.discard];
    assert.equal(cards.length, deckSize, `${p.id} owns ${cards.length} cards`);
    for (const c of cards) {
      const n = Number(c.id.slice(1));
      // the seat owns exactly the ids assigned to it at setup
      assert.ok(n >= seat * deckSize && n < (seat + 1) * deckSize, `${c.id} is not ${p.id}'s`);
      all.add(c.id);
    }
    assert.ok(Number.isInteger(p.hp) && p.hp >= 0 && p.hp <= options.maxHp, `hp ${p.hp}`);
    assert.ok(Number.isInteger(p.shield) && p.shield >= 0, `shield ${p.shield}`);
    assert.equal(p.eliminated, p.hp === 0, "HP 0 exactly when eliminated");
    assert.ok(p.consecutiveTimeouts >= 0 && p.consecutiveTimeouts <= options.maxConsecutiveTimeouts);
  });
  assert.equal(all.size, deckSize * state.players.length, "card ids unique in the room");
  assert.ok(state.turnNumber >= 1 && state.turnNumber <= options.maxTurns);

  const alive = state.players.filter((p) => !p.eliminated);
  if (state.status === "playing") {
    const current = currentPlayer(state);
    assert.ok(current !== null);
    assert.equal(alive.filter((p) => p.id === current).length, 1, "exactly one current alive player");
    assert.ok(alive.length >= 2);
    assert.ok(alive.some((p) => p.hand.length + p.deck.length > 0), "not yet exhausted");
    assert.equal(result(state), null);
  } else {
    assert.equal(currentPlayer(state), null);
    const outcome = result(state);
    assert.ok(outcome !== null && state.endReason !== null);
    const entries = Object.entries(outcome.result_data.players);
    assert.equal(entries.length, state.players.length);
    const winners = entries.filter(([, r]) => r.result === "winner").map(([id]) => id);
    const drawers = entries.filter(([, r]) => r.result === "draw");
    if (outcome.winner_id === null) {
      assert.equal(winners.length, 0);
      assert.ok(drawers.length >= 2);
    } else {
      assert.deepEqual(winners, [outcome.winner_id]);
      assert.equal(drawers.length, 0);
    }
    for (const [id, r] of entries) {
      const p = state.players.find((q) => q.id === id)!;
      assert.equal(r.hp, p.hp);
      if (p.eliminated) assert.equal(r.result, "loser");
    }
    assert.equal(outcome.result_data.turns_played, state.turnNumber);
  }
}

/** Checks that no view shows another's hand, any deck, or the RNG. */
function checkViews(state: CardBattleState, fullScan: boolean): void {
  const discards = new Set(state.players.flatMap((p) => p.discard.map((c) => c.id)));
  for (const viewerId of [...state.players.map((p) => p.id), null]) {
    const view = playerView(state, viewerId);
    const own = state.players.find((p) => p.id === viewerId);
    assert.deepEqual(view.hand?.map((c) => c.id) ?? null, own ? own.hand.map((c) => c.id) : null);
    view.players.forEach((pv, i) => {
      const p = state.players[i]!;
      assert.equal(pv.hand_size, p.hand.length);
      assert.equal(pv.deck_size, p.deck.length);
      assert.deepEqual(pv.discard.map((c) => c.id), p.discard.map((c) => c.id));
    });
    if (fullScan) {
      const text = JSON.stringify(view);
      const allowed = new Set([...discards, ...(own?.hand.map((c) => c.id) ?? [])]);
      for (const id of text.match(/"c\d+"/g) ?? []) assert.ok(allowed.has(id.slice(1, -1)), `view of ${String(viewerId)} leaks ${id}`);
      assert.ok(!text.includes('"rng"') && !text.includes('"deck"'));
    }
  }
}

/** Checks the events of one accepted action against the states around it. */
function checkEvents(before: CardBattleState, action: CardBattleAction, after: CardBattleState, events: CardBattleEvent[]): void {
  const actor = before.players.find((p) => p.id === action.playerId)!;
  assert.equal(actor.eliminated, false, "eliminated players never act");
  if (action.type !== "surrender") assert.equal(currentPlayer(before), actor.id);
  for (const e of events) {
    if (e.type === "card_played" || e.type === "player_passed" || e.type === "player_timeout") {
      assert.equal(e.player_id, actor.id);
    }
    if (e.type === "turn_started") {
      const p = after.players.find((q) => q.id === e.player_id)!;
      assert.equal(p.eliminated, false);
    }
    if (e.type === "player_eliminated") seen.eliminations.set(e.reason, (seen.eliminations.get(e.reason) ?? 0) + 1);
  }
  const over = events.findIndex((e) => e.type === "game_over");
  assert.equal(over === -1, after.status === "playing");
  if (over !== -1) {
    assert.equal(over, events.length - 1, "game_over comes last");
    const last = events[over]!;
    assert.ok(last.type === "game_over");
    assert.deepEqual({ winner_id: last.winner_id, result_data: last.result_data }, result(after));
  }
  if (after.status === "playing" && after.turnNumber > before.turnNumber) {
    assert.equal(after.turnNumber, before.turnNumber + 1);
    assert.equal(after.players[after.currentSeat]!.shield, 0, "shield expires at turn start");
  }
}

/** A move that must be refused, or null if the position offers none this time. */
function badMove(state: CardBattleState, driver: RngState): CardBattleAction | null {
  const current = currentPlayer(state)!;
  const others = state.players.filter((p) => p.id !== current);
  const other = pick(driver, others);
  const me = state.players[state.currentSeat]!;
  switch (nextInt(driver, 4)) {
    case 0:
      return { type: "pass", playerId: other.id };
    case 1: {
      const foreign = other.hand[0] ?? other.deck[0] ?? me.deck[0];
      return foreign ? { type: "play_card", playerId: current, cardId: foreign.id } : null;
    }
    case 2: {
      const strike = me.hand.find((c) => c.kind === "strike" || c.kind === "heavy_strike");
      return strike ? { type: "play_card", playerId: current, cardId: strike.id, targetId: current } : null;
    }
    default:
      return { type: "timeout", playerId: other.id };
  }
}

/** Plays one game to the end, checking everything; returns it for the replay check. */
function playGame(seed: string, count: number, mode: (typeof MODES)[number], deep: boolean) {
  const driver = seedRng(`driver-${seed}`);
  const botRng = seedRng(`bots-${seed}`);
  const playerIds = Array.from({ length: count }, (_, i) => `u${i}-${seed}`);
  const difficulty: BotDifficulty[] = playerIds.map((_, i) => (mode === "mixed" ? (i % 2 === 0 ? "easy" : "medium") : mode));
  // some seats are sleepy (many timeouts), most rarely time out
  const timeoutRate = playerIds.map(() => pick(driver, [0, 0.02, 0.02, 0.02, 0.45]));
  const shortGame = nextFloat(driver) < 0.15;
  const options: CardBattleOptionsInput = shortGame ? { maxTurns: 8 + nextInt(driver, 30), maxHp: 12 + nextInt(driver, 20) } : {};
  const initial = createGame({ seed, playerIds, options });
  const deckSize = 24;
  checkState(initial, deckSize);
  checkViews(initial, true);

  const actions: CardBattleAction[] = [];
  let state = initial;
  while (state.status === "playing") {
    const seat = state.currentSeat;
    const current = state.players[seat]!.id;
    if (nextFloat(driver) < 0.04) {
      const bad = badMove(state, driver);
      if (bad) {
        const snapshot = JSON.stringify(state);
        const refused = applyAction(state, bad);
        assert.equal(refused.ok, false, `expected refusal of ${JSON.stringify(bad)}`);
        assert.equal(JSON.stringify(state), snapshot);
        seen.refusals++;
      }
    }
    const eliminated = state.players.find((p) => p.eliminated);
    if (eliminated && nextFloat(driver) < 0.05) {
      const refused = applyAction(state, { type: "pass", playerId: eliminated.id });
      assert.ok(!refused.ok && refused.error.code === "eliminated");
    }

    let action: CardBattleAction;
    const roll = nextFloat(driver);
    if (roll < 0.004) {
      const alive = state.players.filter((p) => !p.eliminated);
      action = { type: "surrender", playerId: pick(driver, alive).id };
    } else if (roll < 0.004 + timeoutRate[seat]!) {
      action = { type: "timeout", playerId: current };
    } else {
      action = botAction(state, current, difficulty[seat]!, botRng);
    }

    const before = deep ? deepFreeze(state) : state;
    const outcome = applyAction(before, action);
    assert.ok(outcome.ok, `refused ${JSON.stringify(action)}: ${JSON.stringify(!outcome.ok && outcome.error)}`);
    checkState(outcome.state, deckSize);
    checkEvents(before, action, outcome.state, outcome.events);
    checkViews(outcome.state, deep || outcome.state.status === "finished");
    actions.push(action);
    state = outcome.state;
    seen.actions++;
  }
  seen.games++;
  seen.reasons.set(state.endReason!, (seen.reasons.get(state.endReason!) ?? 0) + 1);
  if (state.winnerId === null) seen.draws++;
  return { record: { seed, playerIds, options, actions }, final: state };
}

describe("card-battle seeded bot games", function () {
  this.timeout(120_000);

  for (const count of PLAYER_COUNTS) {
    for (const mode of MODES) {
      it(`${GAMES_PER_BLOCK} games, ${count} players, ${mode} bots: invariants hold and replays match`, () => {
        for (let g = 0; g < GAMES_PER_BLOCK; g++) {
          const seed = `${count}-${mode}-${g}`;
          // every 10th game also freezes each state (mutation check) and scans every view in full
          const { record, final } = playGame(seed, count, mode, g % 10 === 0);
          assert.deepEqual(replay(record), final);
          assert.deepEqual(JSON.parse(JSON.stringify(final)), final, "JSON round trip");
        }
      });
    }
  }

  it("covered every ending, draws, every kind of elimination, and bad moves", () => {
    assert.ok(seen.games >= 3000, `${seen.games} games`);
    for (const reason of ["last_alive", "decks_exhausted", "turn_cap"] as const) {
      assert.ok((seen.reasons.get(reason) ?? 0) > 0, `no game ended by ${reason}`);
    }
    assert.ok(seen.draws > 0, "no draw");
    for (const reason of ["hp", "surrender", "timeout"]) assert.ok((seen.eliminations.get(reason) ?? 0) > 0, `no ${reason} elimination`);
    assert.ok(seen.refusals > 100);
  });
});

describe("card-battle replay", () => {
  it("throws on a logged action the rules refuse, naming it", () => {
    assert.throws(
      () => replay({ seed: 1, playerIds: ["a", "b"], actions: [{ type: "pass", playerId: "a" }, { type: "pass", playerId: "a" }] }),
      /action 1 \(pass by a\) refused: not-your-turn/,
    );
  });

  it("gives a different game for a different seed with the same moves", () => {
    const actions: CardBattleAction[] = [{ type: "pass", playerId: "a" }];
    const a = replay({ seed: 1, playerIds: ["a", "b"], actions });
    const b = replay({ seed: 2, playerIds: ["a", "b"], actions });
    assert.notDeepEqual(a.players[0]!.hand, b.players[0]!.hand);
  });
});
