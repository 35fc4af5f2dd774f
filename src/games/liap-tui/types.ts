/**
 * Types of the Liap Tui rules engine: pieces, options, the JSON-serialisable
 * game state, actions, events, errors and the per-viewer projection.
 */
import type { RngState } from "../shared/prng.js";

/** A seat at the table, 0..3; play order runs 0 → 1 → 2 → 3 → 0. */
export type Seat = 0 | 1 | 2 | 3;

/** Game phases, named as in seed 003 (NOT_STARTED belongs to the room, before createGame). */
export type Phase = "PREPARATION" | "DECLARATION" | "TURN" | "SCORING" | "GAME_OVER";

/** Piece names, strongest first. */
export type Rank = "GENERAL" | "ADVISOR" | "ELEPHANT" | "CHARIOT" | "HORSE" | "CANNON" | "SOLDIER";

/** Piece colours; red is always worth one point more than black of the same name. */
export type Color = "RED" | "BLACK";

/** One physical piece; `id` (p0..p31) is stable for the whole game. Catalogue pieces are frozen. */
export interface Piece {
  readonly id: string;
  readonly rank: Rank;
  readonly color: Color;
  readonly point: number;
}

/** Play types of rules §5.3, plus INVALID for anything else. */
export type PlayType =
  | "SINGLE"
  | "PAIR"
  | "THREE_OF_A_KIND"
  | "STRAIGHT"
  | "FOUR_OF_A_KIND"
  | "EXTENDED_STRAIGHT"
  | "EXTENDED_STRAIGHT_5"
  | "FIVE_OF_A_KIND"
  | "DOUBLE_STRAIGHT"
  | "INVALID";

/** Game options (room options): score to end the game, round cap, redeal cap per round. */
export interface LiapTuiOptions {
  winScore: number;
  maxRounds: number;
  maxRedeals: number;
}

/** Why a seat starts the round (rules §2.3, sent to clients as `starter_reason`). */
export type StarterReason = "accepted_redeal" | "has_general_red" | "won_last_turn" | "default";

/** A display pause the room ends with an `advance` action (typically after a timer). */
export type PauseReason = "round_start" | "turn_result" | "scoring";

/** Bot strength: `medium` is the reference policy (rules §7), `easy` plays uniformly random legal actions. */
export type BotDifficulty = "easy" | "medium";

/** One play inside a turn, as stored in the state (pieces by id). */
export interface TurnPlay {
  seat: Seat;
  pieceIds: string[];
  playType: PlayType;
  strength: number;
}

/** The current (or just finished) turn of the round. */
export interface TurnState {
  /** 1-based turn number within the round. */
  number: number;
  leader: Seat;
  /** Play order from the leader. */
  order: Seat[];
  /** Set by the leader's play; null until then. */
  requiredPieceCount: number | null;
  /** Plays so far, in play order. */
  plays: TurnPlay[];
  /** Set once all four have played. */
  winner: Seat | null;
}

/** Weak-hand and redeal bookkeeping for the current round's PREPARATION. */
export interface PreparationState {
  /** Seats whose current hand is weak (no piece worth more than 9). */
  weakSeats: Seat[];
  /** Per seat: true = accepted, false = declined, null = not decided / not asked, for the open cycle. */
  decisions: (boolean | null)[];
  /** True while weak seats are being asked (a decision cycle is open). */
  cycleOpen: boolean;
  /** Redeals carried out this round (capped by options.maxRedeals). */
  redealsThisRound: number;
  /** The seat credited with the most recent redeal this round. */
  lastAccepter: Seat | null;
}

/** Game-long statistics reported in `game_over`. */
export interface GameStatistics {
  /** Turns (tricks) played in the whole game. */
  totalTurns: number;
  /** Redeals carried out in the whole game. */
  redeals: number;
  /** Perfect declarations (D > 0 and captured = D) in the whole game, all seats. */
  perfectDeclarations: number;
  /** Turns won per seat. */
  turnsWon: number[];
  /** Perfect declarations per seat. */
  perfectDeclarationsBySeat: number[];
}

/** One seat's line of a round's scoring. */
export interface ScoreRow {
  seat: Seat;
  declared: number;
  captured: number;
  /** bonus + hitValue (rules §6.1). */
  base: number;
  bonus: number;
  hitValue: number;
  multiplier: number;
  /** base × multiplier, added to the total. */
  roundScore: number;
  /** Running total after this round. */
  total: number;
}

/** Why the game ended: someone reached winScore, or the round cap was reached. */
export type GameEndReason = "win_score" | "max_rounds";

/** The final result; winners are all seats sharing the top score. */
export interface GameResult {
  winners: Seat[];
  finalScores: number[];
  roundsPlayed: number;
  reason: GameEndReason;
  statistics: GameStatistics;
}

/** The whole game state: plain JSON, RNG included, never mutated by the engine. */
export interface LiapTuiState {
  seed: string | number;
  options: LiapTuiOptions;
  /** Deal randomness; advanced only by deals. */
  rng: RngState;
  phase: Phase;
  /** Non-null while the game waits for an `advance`. */
  pause: PauseReason | null;
  round: number;
  /** Redeal multiplier of the current round (1 + redeals this round). */
  multiplier: number;
  /** Piece ids in each seat's hand, in catalogue order. */
  hands: string[][];
  scores: number[];
  /** Consecutive 0-declarations per seat, carried across rounds. */
  zeroStreaks: number[];
  preparation: PreparationState;
  /** Round starter; null until chosen (round 1 before any redeal). */
  starter: Seat | null;
  starterReason: StarterReason | null;
  /** Declaration order of the round (from the starter); empty before DECLARATION. */
  declarationOrder: Seat[];
  /** Per seat; null = not declared yet this round. */
  declarations: (number | null)[];
  turn: TurnState | null;
  /** Piles captured this round per seat (`pile_counts`). */
  captured: number[];
  /** Winner of the most recent finished turn of this round. */
  lastTurnWinner: Seat | null;
  /** Winner of the last turn of the previous round (starter of record in rounds ≥ 2). */
  previousRoundLastWinner: Seat | null;
  /** Scoring of the round just finished; set in SCORING, kept through GAME_OVER. */
  roundScores: ScoreRow[] | null;
  result: GameResult | null;
  stats: GameStatistics;
}

/** Actions: three player moves and the system `advance` that ends a display pause. */
export type LiapTuiAction =
  | { type: "redeal_decision"; seat: Seat; accept: boolean }
  | { type: "declare"; seat: Seat; value: number }
  | { type: "play"; seat: Seat; pieceIds: string[] }
  | { type: "advance" };

/** Closed set of rule-violation codes (mapped to wire codes by the room). */
export type RuleErrorCode =
  | "wrong-phase"
  | "not-your-turn"
  | "invalid-play"
  | "invalid-declaration"
  | "already-declared"
  | "no-pieces-selected"
  | "not-weak"
  | "already-decided"
  | "nothing-to-advance";

/** A refused action: code, human message and structured details. */
export interface RuleError {
  code: RuleErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** A play as made public (pieces in full). */
export interface PublicPlay {
  seat: Seat;
  pieces: Piece[];
  playType: PlayType;
  strength: number;
}

/**
 * Everything that happened in one action, in order. A room turns these into
 * seed-003 messages; after `dealt` and `played` it should send `hand_updated`
 * from `playerView`/`handOf`.
 */
export type LiapTuiEvent =
  /** Entered a phase (also on PREPARATION of every new round). */
  | { type: "phase"; phase: Phase; round: number }
  /** All 32 pieces were (re)dealt, 8 per seat. */
  | { type: "dealt"; round: number; redeal: boolean; multiplier: number }
  /** Weak hands after a deal; `offered` = those seats are now asked to decide (false when the redeal cap is reached). */
  | { type: "weak_hands"; seats: Seat[]; offered: boolean }
  /** A weak seat decided. */
  | { type: "redeal_decided"; seat: Seat; accept: boolean }
  /** A redeal is carried out, credited to `accepter` (now the starter); `multiplier` is the new value. */
  | { type: "redeal"; accepter: Seat; multiplier: number; redealsThisRound: number }
  /** PREPARATION is settled: this seat starts the round; a `round_start` pause follows. */
  | { type: "starter_chosen"; seat: Seat; reason: StarterReason }
  /** A declaration was made; `total` is the running sum. */
  | { type: "declared"; seat: Seat; value: number; total: number }
  /** A turn begins. */
  | { type: "turn_started"; turnNumber: number; leader: Seat }
  /** A seat played; `isLeader` plays set the required count. */
  | {
      type: "played";
      seat: Seat;
      turnNumber: number;
      pieces: Piece[];
      playType: PlayType;
      strength: number;
      isLeader: boolean;
      requiredPieceCount: number;
    }
  /** A turn ended; `nextLeader` is null when the round is over. */
  | {
      type: "turn_won";
      seat: Seat;
      piles: number;
      turnNumber: number;
      plays: PublicPlay[];
      winningPlay: PublicPlay;
      pileCounts: number[];
      nextLeader: Seat | null;
      roundOver: boolean;
    }
  /** A round was scored; `gameOver` tells whether the following advance ends the game. */
  | { type: "round_scored"; round: number; multiplier: number; rows: ScoreRow[]; scores: number[]; gameOver: boolean }
  /** A seat made its declaration exactly (D > 0); `bonusPoints` = 5 × multiplier. */
  | { type: "perfect_declaration"; seat: Seat; declared: number; bonusPoints: number }
  /** The game ended. */
  | ({ type: "game_over" } & GameResult);

/** Result of applyAction: the new state and its events, or a rule error (state untouched). */
export type ActionResult =
  | { ok: true; state: LiapTuiState; events: LiapTuiEvent[] }
  | { ok: false; error: RuleError };

/** What the game waits for: actions from seats, an `advance`, or nothing (GAME_OVER). */
export type Awaiting =
  | { kind: "actors"; seats: Seat[]; action: "redeal_decision" | "declare" | "play" }
  | { kind: "advance"; reason: PauseReason }
  | { kind: "none" };

/** Replay input: everything needed to rebuild a game exactly. */
export interface GameRecord {
  seed: string | number;
  options?: Partial<LiapTuiOptions>;
  actions: LiapTuiAction[];
}

/** PREPARATION data for the view (weak seats and decisions are public). */
export interface PreparationView {
  weakSeats: Seat[];
  decisions: (boolean | null)[];
  /** Seats still to decide in the open cycle (empty when none is open). */
  pendingSeats: Seat[];
  cycleOpen: boolean;
  redealsThisRound: number;
}

/** DECLARATION data for the view. */
export interface DeclarationView {
  order: Seat[];
  currentDeclarer: Seat | null;
  declarations: (number | null)[];
  total: number;
}

/** TURN data for the view (also shown during SCORING for the round's last turn). */
export interface TurnView {
  turnNumber: number;
  leader: Seat;
  order: Seat[];
  /** Null once all four have played. */
  currentPlayer: Seat | null;
  requiredPieceCount: number | null;
  plays: PublicPlay[];
  /** Winner of this turn once complete. */
  winner: Seat | null;
  complete: boolean;
  /** Winner of the previous finished turn of this round (`last_winner`). */
  lastWinner: Seat | null;
}

/** Per-viewer projection: all public information and only the viewer's own hand. */
export interface LiapTuiView {
  viewer: Seat | null;
  phase: Phase;
  round: number;
  multiplier: number;
  options: LiapTuiOptions;
  scores: number[];
  handSizes: number[];
  /** The viewer's own hand; null for spectators. */
  hand: Piece[] | null;
  zeroStreaks: number[];
  declarations: (number | null)[];
  /** Piles captured this round per seat. */
  pileCounts: number[];
  starter: Seat | null;
  starterReason: StarterReason | null;
  awaiting: Awaiting;
  /** Non-null in PREPARATION. */
  preparation: PreparationView | null;
  /** Non-null in DECLARATION, TURN and SCORING (the round's declarations). */
  declaration: DeclarationView | null;
  /** Non-null in TURN and SCORING. */
  turn: TurnView | null;
  /** The finished round's scoring; non-null in SCORING and GAME_OVER. */
  roundScores: ScoreRow[] | null;
  /** Non-null in GAME_OVER. */
  result: GameResult | null;
  statistics: GameStatistics;
}
