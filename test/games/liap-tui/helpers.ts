/**
 * Test-only helpers: rigged hands by piece kind, applying actions that must
 * succeed or fail, and driving a game forward with bots.
 */
import assert from "node:assert/strict";
import type { RngState } from "../../../src/games/shared/prng.js";
import {
  DECK,
  applyAction,
  awaiting,
  botAction,
  createGameFromHands,
  type BotDifficulty,
  type LiapTuiAction,
  type LiapTuiEvent,
  type LiapTuiState,
  type Piece,
  type RuleError,
  type ScenarioInput,
  type Seat,
} from "../../../src/games/liap-tui/index.js";

/** A piece kind such as "GENERAL_RED". */
export type Kind = `${Piece["rank"]}_${Piece["color"]}`;

/** Ids of every piece of a kind, in canonical order. */
export function idsOfKind(kind: Kind): string[] {
  return DECK.filter((p) => `${p.rank}_${p.color}` === kind).map((p) => p.id);
}

/** Distinct pieces for a list of kinds (repeated kinds take further copies). */
export function piecesOfKinds(...kinds: Kind[]): Piece[] {
  const used = new Set<string>();
  return kinds.map((kind) => {
    const id = idsOfKind(kind).find((i) => !used.has(i));
    assert.ok(id, `not enough copies of ${kind}`);
    used.add(id);
    return DECK.find((p) => p.id === id)!;
  });
}

/**
 * Four hands of ids: each seat gets the listed kinds, then every seat is filled
 * up to 8 with the remaining pieces in canonical order (strongest first), seat 0 first.
 */
export function rigHands(spec: Partial<Record<Seat, Kind[]>>): string[][] {
  const used = new Set<string>();
  const hands: string[][] = [[], [], [], []];
  for (const seat of [0, 1, 2, 3] as Seat[]) {
    for (const kind of spec[seat] ?? []) {
      const id = idsOfKind(kind).find((i) => !used.has(i));
      assert.ok(id, `not enough copies of ${kind}`);
      used.add(id);
      hands[seat]!.push(id);
    }
  }
  const rest = DECK.map((p) => p.id).filter((id) => !used.has(id));
  for (const hand of hands) while (hand.length < 8) hand.push(rest.shift()!);
  assert.equal(rest.length, 0, "spec lists more than 32 pieces");
  return hands;
}

/** Ids in a seat's hand of a given kind. */
export function idsInHand(state: LiapTuiState, seat: Seat, kind: Kind, count = 1): string[] {
  const all = new Set(idsOfKind(kind));
  const ids = state.hands[seat]!.filter((id) => all.has(id)).slice(0, count);
  assert.equal(ids.length, count, `seat ${seat} lacks ${count} × ${kind}`);
  return ids;
}

/** Applies an action that must be accepted. */
export function ok(state: LiapTuiState, action: LiapTuiAction): { state: LiapTuiState; events: LiapTuiEvent[] } {
  const r = applyAction(state, action);
  if (!r.ok) assert.fail(`refused ${JSON.stringify(action)}: ${r.error.code} ${r.error.message}`);
  return { state: r.state, events: r.events };
}

/** Applies an action that must be refused, checks the state is untouched, returns the error. */
export function refused(state: LiapTuiState, action: LiapTuiAction): RuleError {
  const before = structuredClone(state);
  const r = applyAction(state, action);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(action)}`);
  assert.deepEqual(state, before, "input state mutated by a refused action");
  return (r as { ok: false; error: RuleError }).error;
}

/** Events of a given type. */
export function eventsOf<T extends LiapTuiEvent["type"]>(events: LiapTuiEvent[], type: T): Extract<LiapTuiEvent, { type: T }>[] {
  return events.filter((e): e is Extract<LiapTuiEvent, { type: T }> => e.type === type);
}

/** Scenario game that must be settled without weak-hand decisions (asserts the round_start pause). */
export function scenario(input: ScenarioInput): LiapTuiState {
  const state = createGameFromHands(input);
  assert.deepEqual(awaiting(state), { kind: "advance", reason: "round_start" });
  return state;
}

/** From a round_start pause, advances and makes the given declarations in declaration order. */
export function declareAll(state: LiapTuiState, values: number[]): LiapTuiState {
  let s = ok(state, { type: "advance" }).state;
  for (const value of values) {
    const wait = awaiting(s);
    assert.equal(wait.kind, "actors");
    s = ok(s, { type: "declare", seat: (wait as { seats: Seat[] }).seats[0]!, value }).state;
  }
  return s;
}

/** Declines every open redeal cycle until preparation settles. */
export function declineAll(state: LiapTuiState): { state: LiapTuiState; events: LiapTuiEvent[] } {
  let s = state;
  const events: LiapTuiEvent[] = [];
  for (let wait = awaiting(s); wait.kind === "actors" && wait.action === "redeal_decision"; wait = awaiting(s)) {
    const r = ok(s, { type: "redeal_decision", seat: wait.seats[0]!, accept: false });
    s = r.state;
    events.push(...r.events);
  }
  return { state: s, events };
}

/** Runs bots (and advances) until `stop` holds or the game is over; returns the state and all events. */
export function runBots(
  state: LiapTuiState,
  difficulty: BotDifficulty,
  rng: RngState,
  stop: (s: LiapTuiState) => boolean = () => false,
): { state: LiapTuiState; events: LiapTuiEvent[] } {
  let s = state;
  const events: LiapTuiEvent[] = [];
  while (!stop(s)) {
    const wait = awaiting(s);
    if (wait.kind === "none") break;
    const action: LiapTuiAction = wait.kind === "advance" ? { type: "advance" } : botAction(s, wait.seats[0]!, difficulty, rng);
    const r = ok(s, action);
    s = r.state;
    events.push(...r.events);
  }
  return { state: s, events };
}
