/**
 * The engine: create a game, apply an action, say what the game awaits, replay a log.
 * Pure: the input state is never mutated; the result carries a new state.
 */
import { nothingToAdvance, ruleError, wrongPhase } from "./errors.js";
import { FLOW } from "./flow.js";
import { normalizeOptions } from "./options.js";
import { isSeat } from "./order.js";
import { beginRound } from "./phases/preparation.js";
import { blankState, cloneState, currentDeclarer, currentPlayer, pendingRedealSeats, type Draft } from "./state.js";
import type {
  ActionResult,
  Awaiting,
  GameRecord,
  LiapTuiAction,
  LiapTuiEvent,
  LiapTuiOptions,
  LiapTuiState,
  RuleError,
} from "./types.js";

/** Input of createGame / startGame. */
export interface CreateGameInput {
  seed: string | number;
  options?: Partial<LiapTuiOptions>;
}

/** Creates a game and returns the events of the first deal too (phase, dealt, weak_hands, starter_chosen). */
export function startGame(input: CreateGameInput): { state: LiapTuiState; events: LiapTuiEvent[] } {
  const d: Draft = { s: blankState(input.seed, normalizeOptions(input.options)), events: [] };
  beginRound(d);
  return { state: d.s, events: d.events };
}

/** Creates a game: round 1 dealt from the seed, phase PREPARATION. */
export function createGame(input: CreateGameInput): LiapTuiState {
  return startGame(input).state;
}

function dispatch(d: Draft, action: LiapTuiAction): RuleError | null {
  const def = FLOW[d.s.phase];
  switch (action.type) {
    case "redeal_decision":
      return def.redeal_decision ? def.redeal_decision(d, action) : wrongPhase(action.type, d.s.phase);
    case "declare":
      return def.declare ? def.declare(d, action) : wrongPhase(action.type, d.s.phase);
    case "play":
      return def.play ? def.play(d, action) : wrongPhase(action.type, d.s.phase);
    case "advance":
      // a phase's advance only runs while its pause is pending
      return def.advance && d.s.pause !== null ? def.advance(d, action) : nothingToAdvance(d.s.phase);
    default:
      throw new TypeError(`unknown action type ${JSON.stringify((action as { type?: unknown }).type)}`);
  }
}

/** Applies one action: a new state and its events, or the rule error (the input state is untouched). */
export function applyAction(state: LiapTuiState, action: LiapTuiAction): ActionResult {
  if (action.type !== "advance" && !isSeat(action.seat)) {
    return { ok: false, error: ruleError("not-your-turn", `There is no seat ${String(action.seat)}`, { seat: action.seat, current_seat: null }) };
  }
  const d: Draft = { s: cloneState(state), events: [] };
  const error = dispatch(d, action);
  return error === null ? { ok: true, state: d.s, events: d.events } : { ok: false, error };
}

/** What the game waits for now. */
export function awaiting(state: LiapTuiState): Awaiting {
  if (state.phase === "GAME_OVER") return { kind: "none" };
  if (state.pause !== null) return { kind: "advance", reason: state.pause };
  switch (state.phase) {
    case "PREPARATION":
      return { kind: "actors", seats: pendingRedealSeats(state), action: "redeal_decision" };
    case "DECLARATION":
      return { kind: "actors", seats: [currentDeclarer(state)!], action: "declare" };
    case "TURN":
      return { kind: "actors", seats: [currentPlayer(state)!], action: "play" };
    default:
      throw new Error(`phase ${state.phase} without a pause`);
  }
}

/** Rebuilds a game from its seed, options and action log; throws if any logged action is refused. */
export function replay(record: GameRecord): LiapTuiState {
  let state = createGame({ seed: record.seed, options: record.options });
  record.actions.forEach((action, i) => {
    const result = applyAction(state, action);
    if (!result.ok) {
      throw new Error(`replay: action ${i} (${JSON.stringify(action)}) refused: ${result.error.code}: ${result.error.message}`);
    }
    state = result.state;
  });
  return state;
}
