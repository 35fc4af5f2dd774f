/**
 * TURN phase: tricks led by the starter, then by each turn's winner (rules §5,
 * decision 4). Between turns a `turn_result` pause; after the last turn, SCORING.
 *
 * Hook order: beginTurnPhase → startTurn → play ×4 → finishTurn → [advance] → startTurn … → beginScoring.
 */
import { invalidPlay, notYourTurn, ruleError } from "../errors.js";
import { playOrderFrom } from "../order.js";
import { piecesOf, pieceIndex } from "../pieces.js";
import { classifyPlay, playStrength, winningPlayIndex } from "../playTypes.js";
import { currentPlayer, type Draft } from "../state.js";
import type { LiapTuiState, PublicPlay, RuleError, Seat, TurnPlay } from "../types.js";
import { beginScoring } from "./scoring.js";

/** Most pieces a leader may play. */
export const MAX_LEAD = 6;

/** onBegin of TURN (fires after the fourth declaration): the starter leads turn 1. */
export function beginTurnPhase(d: Draft): void {
  const s = d.s;
  if (s.starter === null) throw new Error("TURN without a starter");
  s.phase = "TURN";
  d.events.push({ type: "phase", phase: "TURN", round: s.round });
  startTurn(d, s.starter, 1);
}

function startTurn(d: Draft, leader: Seat, number: number): void {
  d.s.pause = null;
  d.s.turn = { number, leader, order: playOrderFrom(leader), requiredPieceCount: null, plays: [], winner: null };
  d.events.push({ type: "turn_started", turnNumber: number, leader });
}

/** A stored play with its pieces in full. */
export function publicPlay(p: TurnPlay): PublicPlay {
  return { seat: p.seat, pieces: piecesOf(p.pieceIds), playType: p.playType, strength: p.strength };
}

/** Why `seat` may not play `pieceIds` now, or null if the play is legal (phase already checked). */
export function checkPlay(s: LiapTuiState, seat: Seat, pieceIds: readonly string[]): RuleError | null {
  const current = currentPlayer(s);
  if (current !== seat) return notYourTurn(seat, current);
  const turn = s.turn!;
  const required = turn.requiredPieceCount;
  if (!Array.isArray(pieceIds) || pieceIds.length === 0) {
    return ruleError("no-pieces-selected", "Select at least one piece to play", { required_piece_count: required });
  }
  if (new Set(pieceIds).size !== pieceIds.length) {
    return invalidPlay("duplicate-ids", "The same piece was selected twice", required);
  }
  if (required === null ? pieceIds.length > MAX_LEAD : pieceIds.length !== required) {
    const message =
      required === null ? `You must play between 1 and ${MAX_LEAD} pieces` : `You must play exactly ${required} pieces`;
    return invalidPlay("wrong-count", message, required, { piece_count: pieceIds.length });
  }
  const hand = s.hands[seat]!;
  const missing = pieceIds.filter((id) => pieceIndex(id) < 0 || !hand.includes(id));
  if (missing.length > 0) {
    return invalidPlay("not-in-hand", "Some selected pieces are not in your hand", required, { piece_ids: missing });
  }
  if (required === null && classifyPlay(piecesOf(pieceIds)) === "INVALID") {
    return invalidPlay("invalid-combination", "The leader must play a valid combination", required);
  }
  return null;
}

/** Move: the current player plays pieces; the fourth play finishes the turn. */
export function play(d: Draft, seat: Seat, pieceIds: readonly string[]): RuleError | null {
  const s = d.s;
  const error = checkPlay(s, seat, pieceIds);
  if (error !== null) return error;
  const turn = s.turn!;
  const ids = pieceIds.slice();
  const pieces = piecesOf(ids);
  const playType = classifyPlay(pieces);
  const strength = playStrength(pieces, playType);
  const isLeader = turn.requiredPieceCount === null;
  if (isLeader) turn.requiredPieceCount = ids.length;
  s.hands[seat] = s.hands[seat]!.filter((id) => !ids.includes(id));
  turn.plays.push({ seat, pieceIds: ids, playType, strength });
  d.events.push({
    type: "played",
    seat,
    turnNumber: turn.number,
    pieces,
    playType,
    strength,
    isLeader,
    requiredPieceCount: turn.requiredPieceCount!,
  });
  if (turn.plays.length === 4) finishTurn(d);
  return null;
}

/** onEnd of a turn: award piles to the winner, then pause or score the round. */
function finishTurn(d: Draft): void {
  const s = d.s;
  const turn = s.turn!;
  const winning = turn.plays[winningPlayIndex(turn.plays)]!;
  const winner = winning.seat;
  const piles = turn.requiredPieceCount!;
  turn.winner = winner;
  s.captured[winner]! += piles;
  s.stats.turnsWon[winner]! += 1;
  s.stats.totalTurns += 1;
  s.lastTurnWinner = winner;
  // every seat plays the same count each turn, so all hands empty together
  const roundOver = s.hands.every((h) => h.length === 0);
  d.events.push({
    type: "turn_won",
    seat: winner,
    piles,
    turnNumber: turn.number,
    plays: turn.plays.map(publicPlay),
    winningPlay: publicPlay(winning),
    pileCounts: s.captured.slice(),
    nextLeader: roundOver ? null : winner,
    roundOver,
  });
  if (roundOver) beginScoring(d);
  else s.pause = "turn_result";
}

/** Advance from the `turn_result` pause: the winner leads the next turn. */
export function advanceTurnResult(d: Draft): void {
  const turn = d.s.turn!;
  startTurn(d, turn.winner!, turn.number + 1);
}
