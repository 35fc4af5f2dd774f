/**
 * rooms/liap-tui/turn-timers.ts on real game states: the move timer keeps its deadline while the same wait goes on
 * (the other seats of a redeal decision, the same seat's play) and starts again when the wait changes; bots get
 * their own timers; a display pause fires `advance`; the move timer fires `timeout` for its seats at its deadline.
 */
import assert from "node:assert/strict";
import { applyAction, awaiting, botAction, createGame, type LiapTuiState, type Seat } from "../../src/games/liap-tui/index.js";
import { seedRng } from "../../src/games/shared/prng.js";
import { TurnTimers, type FiredTimer, type TimerContext } from "../../rooms/liap-tui/turn-timers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function context(bots: readonly Seat[] = [], timeoutMs = 30_000): TimerContext {
  return {
    isBotControlled: (seat) => bots.includes(seat),
    timeouts: { redeal_decision: timeoutMs, declare: timeoutMs, play: timeoutMs },
    pauses: { round_start: 5, turn_result: 5, scoring: 5 },
    botDelayMs: 5,
  };
}

/** Plays seeded bot moves (advancing pauses) until `until` holds for the game. */
function playUntil(game: LiapTuiState, until: (g: LiapTuiState) => boolean, seed = "timers"): LiapTuiState {
  const rng = seedRng(seed);
  for (let i = 0; i < 2_000 && !until(game); i++) {
    const wait = awaiting(game);
    const action = wait.kind === "advance" ? { type: "advance" as const } : wait.kind === "actors" ? botAction(game, wait.seats[0]!, "medium", rng) : undefined;
    if (action === undefined) break;
    const result = applyAction(game, action);
    assert.ok(result.ok, "a bot's move is legal");
    game = result.state;
  }
  assert.ok(until(game), "the game reached the state the test needs");
  return game;
}

const waitOf = (game: LiapTuiState) => awaiting(game);
const actorsOf = (game: LiapTuiState) => {
  const wait = awaiting(game);
  assert.equal(wait.kind, "actors");
  return wait as Extract<ReturnType<typeof awaiting>, { kind: "actors" }>;
};

describe("Liap Tui turn timers", () => {
  const open: TurnTimers[] = [];
  const timers = (fired: FiredTimer[] = [], now?: () => number) => {
    const t = new TurnTimers((f) => fired.push(f), now);
    open.push(t);
    return t;
  };
  afterEach(() => open.splice(0).forEach((t) => t.clearAll()));

  it("keeps the move timer's deadline while the same seat's play is awaited, and starts it again for the next seat", () => {
    let clock = 1_000_000;
    const t = timers([], () => clock);
    // a turn's first play: the next seat plays after it
    const game = playUntil(createGame({ seed: "tt-1" }), (g) => g.phase === "TURN" && g.pause === null && g.turn?.plays.length === 0);
    const wait = actorsOf(game);
    const plan = t.plan(game, wait, context())!;
    assert.equal(plan.kind, "play");
    assert.deepEqual(plan.seats, wait.seats);
    assert.equal(plan.deadline, clock + 30_000);
    clock += 2_000;
    const again = t.plan(game, actorsOf(game), context())!;
    assert.equal(again, plan, "the same wait keeps its plan");
    assert.equal(again.deadline, 1_000_000 + 30_000, "and its deadline");
    assert.equal(t.current, plan);
    const next = applyAction(game, botAction(game, wait.seats[0]!, "medium", seedRng("x")));
    assert.ok(next.ok);
    const nextWait = actorsOf(next.state);
    assert.notDeepEqual(nextWait.seats, wait.seats);
    const nextPlan = t.plan(next.state, nextWait, context())!;
    assert.notEqual(nextPlan, plan, "a new seat's play is a new wait");
    assert.equal(nextPlan.deadline, clock + 30_000);
    assert.deepEqual(nextPlan.seats, nextWait.seats);
  });

  it("keeps the redeal decision's deadline as seats decide, with the seats still to decide", () => {
    let clock = 5_000_000;
    const t = timers([], () => clock);
    // a seed whose deal gives at least two weak hands
    let game: LiapTuiState | undefined;
    for (let s = 0; s < 400 && game === undefined; s++) {
      const g = createGame({ seed: `tt-weak-${s}` });
      const w = awaiting(g);
      if (w.kind === "actors" && w.action === "redeal_decision" && w.seats.length >= 2) game = g;
    }
    assert.ok(game !== undefined, "a deal with two weak hands");
    const first = t.plan(game, actorsOf(game), context())!;
    assert.equal(first.kind, "redeal_decision");
    const deciding = first.seats.length;
    const decided = applyAction(game, { type: "redeal_decision", seat: actorsOf(game).seats[0]!, accept: false });
    assert.ok(decided.ok);
    clock += 3_000;
    const w = actorsOf(decided.state);
    assert.equal(w.action, "redeal_decision", "another weak seat still decides");
    const second = t.plan(decided.state, w, context())!;
    assert.equal(second.deadline, first.deadline, "the same decision cycle");
    assert.deepEqual(second.seats, w.seats, "only the seats still to decide");
    assert.equal(second.seats.length, deciding - 1);
  });

  it("fires timeout for its seats at the deadline, bots after their delay, and advance after a display pause", async () => {
    const fired: FiredTimer[] = [];
    const t = timers(fired);
    const game = playUntil(createGame({ seed: "tt-2" }), (g) => g.phase === "TURN" && g.pause === null);
    const seat = actorsOf(game).seats[0]!;
    t.plan(game, actorsOf(game), context([], 20));
    await sleep(60);
    assert.deepEqual(fired.map((f) => f.type), ["timeout"]);
    assert.deepEqual((fired[0] as Extract<FiredTimer, { type: "timeout" }>).seats, [seat]);
    assert.equal(t.current, null, "a fired move timer is gone");

    fired.length = 0;
    const plan = t.plan(game, actorsOf(game), context([seat], 20));
    assert.equal(plan, null, "no human waits: no move timer");
    await sleep(40);
    assert.deepEqual(fired, [{ type: "bot", seat }]);

    fired.length = 0;
    const paused = playUntil(game, (g) => g.pause !== null, "tt-2b");
    assert.equal(t.plan(paused, waitOf(paused), context()), null);
    await sleep(40);
    assert.deepEqual(fired, [{ type: "advance" }]);
  });

  it("clears every timer on a wait of none and on clearAll", async () => {
    const fired: FiredTimer[] = [];
    const t = timers(fired);
    const game = playUntil(createGame({ seed: "tt-3" }), (g) => g.phase === "TURN" && g.pause === null);
    t.plan(game, actorsOf(game), context([actorsOf(game).seats[0]!], 20));
    t.plan(game, { kind: "none" }, context());
    t.plan(game, actorsOf(game), context([], 20));
    t.clearAll();
    await sleep(60);
    assert.deepEqual(fired, []);
    assert.equal(t.current, null);
  });
});
