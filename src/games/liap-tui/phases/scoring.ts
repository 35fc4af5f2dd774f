/**
 * SCORING and GAME_OVER (rules §6, decision 5): score the round, pause, then
 * either end the game or start the next round.
 */
import { SEATS } from "../order.js";
import { isGameEnd, scoreRound, topScorers } from "../scoring.js";
import type { Draft } from "../state.js";
import type { GameResult, ScoreRow } from "../types.js";
import { beginRound } from "./preparation.js";

/** onBegin of SCORING (fires when the round's last turn ends): scores every seat and pauses. */
export function beginScoring(d: Draft): void {
  const s = d.s;
  s.phase = "SCORING";
  s.pause = "scoring";
  d.events.push({ type: "phase", phase: "SCORING", round: s.round });
  const rows: ScoreRow[] = SEATS.map((seat) => {
    const declared = s.declarations[seat]!;
    const captured = s.captured[seat]!;
    const { base, bonus, hitValue } = scoreRound(declared, captured);
    const roundScore = base * s.multiplier;
    const total = s.scores[seat]! + roundScore;
    return { seat, declared, captured, base, bonus, hitValue, multiplier: s.multiplier, roundScore, total };
  });
  for (const row of rows) s.scores[row.seat] = row.total;
  s.roundScores = rows;
  d.events.push({
    type: "round_scored",
    round: s.round,
    multiplier: s.multiplier,
    rows: rows.map((r) => ({ ...r })),
    scores: s.scores.slice(),
    gameOver: isGameEnd(s.scores, s.round, s.options),
  });
  for (const row of rows) {
    if (row.declared > 0 && row.captured === row.declared) {
      s.stats.perfectDeclarations += 1;
      s.stats.perfectDeclarationsBySeat[row.seat]! += 1;
      d.events.push({ type: "perfect_declaration", seat: row.seat, declared: row.declared, bonusPoints: row.bonus * row.multiplier });
    }
  }
}

/** Advance from the `scoring` pause: GAME_OVER, or the next round's PREPARATION. */
export function advanceScoring(d: Draft): void {
  const s = d.s;
  if (isGameEnd(s.scores, s.round, s.options)) {
    const result: GameResult = {
      winners: topScorers(s.scores),
      finalScores: s.scores.slice(),
      roundsPlayed: s.round,
      reason: s.scores.some((v) => v >= s.options.winScore) ? "win_score" : "max_rounds",
      statistics: { ...s.stats, turnsWon: s.stats.turnsWon.slice(), perfectDeclarationsBySeat: s.stats.perfectDeclarationsBySeat.slice() },
    };
    s.phase = "GAME_OVER";
    s.pause = null;
    s.result = result;
    d.events.push({ type: "phase", phase: "GAME_OVER", round: s.round });
    d.events.push({
      type: "game_over",
      ...result,
      winners: result.winners.slice(),
      finalScores: result.finalScores.slice(),
      statistics: { ...result.statistics, turnsWon: result.statistics.turnsWon.slice(), perfectDeclarationsBySeat: result.statistics.perfectDeclarationsBySeat.slice() },
    });
    return;
  }
  s.previousRoundLastWinner = s.lastTurnWinner;
  s.round += 1;
  beginRound(d);
}
