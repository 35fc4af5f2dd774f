/**
 * What the rules decide when a player's time runs out, and the finished
 * game's result as it is stored and reported (seed 000 `finished`). Pure: the
 * room passes in seat names, player ids and the game's duration.
 */
import { awaiting } from "./engine.js";
import { botAction } from "./bots.js";
import type { RngState } from "../shared/prng.js";
import type { BotDifficulty, GameResult, LiapTuiAction, LiapTuiState, Seat } from "./types.js";

/**
 * The action taken for a seat whose move timer ran out, or null when the game
 * no longer waits for that seat: a pending redeal decision is declined,
 * anything else is the bot's move.
 */
export function timeoutAction(state: LiapTuiState, seat: Seat, difficulty: BotDifficulty, rng: RngState): LiapTuiAction | null {
  const now = awaiting(state);
  if (now.kind !== "actors" || !now.seats.includes(seat)) return null;
  return now.action === "redeal_decision" ? { type: "redeal_decision", seat, accept: false } : botAction(state, seat, difficulty, rng);
}

/** A seat as the result names it. */
export interface ResultSeat {
  position: Seat;
  name: string;
  /** The player holding the seat; bots are `bot:<position>`. */
  playerId?: string;
}

/** A finished game as stored and reported: winners by player id, per-player scores and the game's statistics. */
export interface MatchResult {
  winnerId: string | null;
  winnerIds: string[];
  turnsPlayed: number;
  resultData: {
    players: Record<string, { score: number; result: "winner" | "loser"; name: string; position: Seat }>;
    turns_played: number;
    duration_seconds: number;
    winners: Array<string | null>;
    final_scores: Record<string, number>;
    rounds_played: number;
    statistics: {
      total_turns: number;
      perfect_declarations: number;
      redeals: number;
      turns_won: Record<string, number>;
      perfect_declarations_by_player: Record<string, number>;
    };
  };
}

/** The result of a finished game (the `game_over` event's), with seats named and players identified. */
export function matchResult(result: GameResult, seats: readonly ResultSeat[], durationSeconds: number): MatchResult {
  const idOf = (position: Seat) => seats[position]?.playerId ?? `bot:${position}`;
  const byName = (value: (seat: Seat) => number) => Object.fromEntries(seats.map((s) => [s.name, value(s.position)]));
  const winnerIds = result.winners.map(idOf);
  return {
    winnerId: winnerIds.length === 1 ? winnerIds[0]! : null,
    winnerIds,
    turnsPlayed: result.statistics.totalTurns,
    resultData: {
      players: Object.fromEntries(
        seats.map((s) => [
          idOf(s.position),
          { score: result.finalScores[s.position] ?? 0, result: result.winners.includes(s.position) ? "winner" : "loser", name: s.name, position: s.position },
        ]),
      ),
      turns_played: result.statistics.totalTurns,
      duration_seconds: Math.round(durationSeconds),
      winners: result.winners.map((s) => seats[s]?.name ?? null),
      final_scores: byName((s) => result.finalScores[s] ?? 0),
      rounds_played: result.roundsPlayed,
      statistics: {
        total_turns: result.statistics.totalTurns,
        perfect_declarations: result.statistics.perfectDeclarations,
        redeals: result.statistics.redeals,
        turns_won: byName((s) => result.statistics.turnsWon[s] ?? 0),
        perfect_declarations_by_player: byName((s) => result.statistics.perfectDeclarationsBySeat[s] ?? 0),
      },
    },
  };
}
