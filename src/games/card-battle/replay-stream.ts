/**
 * Regenerates the events a card battle room sent, from the recorded game: the
 * seed, the options, the players, and each step (the start, then every action
 * the rules applied: moves, surrenders, timeouts) with the sequence number
 * before it, its time and the turn timer after it. The same mapper as the
 * room's (wire.ts) turns the rules' events into the wire's.
 */
import { applyAction } from "./engine.js";
import { createGame, initialEvents } from "./setup.js";
import type { CardBattleAction, CardBattleEvent, CardBattleOptionsInput, CardBattleResult, CardBattleState } from "./types.js";
import { CardBattleWire, gameOverEvent } from "./wire.js";
import { numbered, ReplayError, type ReplayedEvent } from "../shared/replay-events.js";

/** One step of a recorded game. */
export interface CardBattleReplayStep {
  /** The action applied (null for the start). */
  action: CardBattleAction | null;
  /** The room's last sequence number before this step's events. */
  sequence: number;
  /** When the step ran (epoch ms). */
  at: number;
  /** The turn timer running after the step, if any. */
  timer: { turnNumber: number; deadline: number } | null;
}

/** What a finished card battle is replayed from. */
export interface CardBattleReplayRecord {
  seed: string;
  options: CardBattleOptionsInput;
  /** Players in seat order, and their names. */
  playerIds: string[];
  names: Record<string, string>;
  steps: readonly CardBattleReplayStep[];
  /** The stored result data (`game_over.result_data`, whose duration the rules do not know). */
  resultData: CardBattleResult["result_data"] | Record<string, unknown>;
}

/**
 * Every event the room sent during the game, in order (each with its
 * audience; both profiles get the same bodies), step by step: a caller may
 * pause between steps.
 */
export function* replayCardBattleSteps(record: CardBattleReplayRecord): Generator<ReplayedEvent[]> {
  const [first, ...rest] = record.steps;
  if (first === undefined || first.action !== null) throw new ReplayError("the record does not start with the start of the game");
  const wire = new CardBattleWire();
  let game: CardBattleState = createGame({ seed: record.seed, playerIds: record.playerIds, names: record.names, options: record.options });
  yield numbered(wire.step(initialEvents(game), game, record.playerIds, first.timer), first.sequence + 1, first.at);
  let over: Extract<CardBattleEvent, { type: "game_over" }> | undefined = undefined;
  for (const [index, step] of rest.entries()) {
    if (over !== undefined) throw new ReplayError(`step ${index + 1} comes after the game ended`);
    if (step.action === null) throw new ReplayError(`step ${index + 1} has no action`);
    const outcome = applyAction(game, step.action);
    if (!outcome.ok) throw new ReplayError(`step ${index + 1} (${step.action.type}) refused: ${outcome.error.code}: ${outcome.error.message}`);
    game = outcome.state;
    over = outcome.events.find((event): event is Extract<CardBattleEvent, { type: "game_over" }> => event.type === "game_over");
    const events = wire.step(outcome.events, game, record.playerIds, step.timer);
    if (over !== undefined) events.push(gameOverEvent(over, record.resultData));
    yield numbered(events, step.sequence + 1, step.at);
  }
  if (over === undefined) throw new ReplayError("the recorded actions do not end the game");
}

/** Every event the room sent during the game, in order. */
export function replayCardBattle(record: CardBattleReplayRecord): ReplayedEvent[] {
  return [...replayCardBattleSteps(record)].flat();
}
