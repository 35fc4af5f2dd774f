/**
 * The Liap Tui room's timers: display pauses, bot "thinking" delays, and the
 * human move timer (rules decision 7). Each wait has a key, so re-planning
 * after every action keeps a running deadline (for instance while the other
 * weak players decide) and restarts it only when the wait really changes.
 * Native timers: exact to the millisecond and free while idle. The human
 * timer is one DeadlineTimer: most moves only move its deadline later.
 */
import { DeadlineTimer } from "../shared/deadline-timer.js";
import type { Awaiting, LiapTuiState, PauseReason, Seat } from "../../src/games/liap-tui/index.js";

/** The human move timer as clients see it. */
export interface TimerPlan {
  kind: "redeal_decision" | "declare" | "play";
  /** Epoch milliseconds. */
  deadline: number;
  timeoutMs: number;
  /** Human seats the timer runs for. */
  seats: readonly Seat[];
  /** The wait it times, field by field (see sameCycle): its round, its step (redeal cycle or turn) and its one seat (-1: several). */
  round: number;
  step: number;
  seat: number;
}

/** What fired. */
export type FiredTimer = { type: "advance" } | { type: "bot"; seat: Seat } | { type: "timeout"; seats: readonly Seat[]; plan: TimerPlan };

/** What the planner needs from the room. */
export interface TimerContext {
  isBotControlled(seat: Seat): boolean;
  timeouts: Record<TimerPlan["kind"], number>;
  pauses: Record<PauseReason, number>;
  botDelayMs: number;
}

interface Armed {
  key: string;
  handle: NodeJS.Timeout;
}

/** Plans and runs the room's timers; `onFire` is called outside any handler, so it must not throw. */
export class TurnTimers {
  private advanceTimer?: Armed;
  private readonly botTimers = new Map<Seat, Armed>();
  /** The running human timer's plan, if any. */
  private humanPlan?: TimerPlan;
  private readonly humanTimer: DeadlineTimer;

  constructor(
    private readonly onFire: (fired: FiredTimer) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.humanTimer = new DeadlineTimer(() => {
      const plan = this.humanPlan!;
      this.humanPlan = undefined;
      this.fire({ type: "timeout", seats: plan.seats, plan });
    }, now);
  }

  /** The running human timer, if any. */
  get current(): TimerPlan | null {
    return this.humanPlan ?? null;
  }

  /** Arms exactly the timers `awaiting` calls for, keeping those whose wait is unchanged. */
  plan(game: LiapTuiState, wait: Awaiting, ctx: TimerContext): TimerPlan | null {
    if (wait.kind === "none") {
      this.clearAll();
      return null;
    }
    if (wait.kind === "advance") {
      this.clearBots();
      this.clearHuman();
      const key = `advance:${game.round}:${game.phase}:${game.turn?.number ?? 0}:${wait.reason}`;
      if (this.advanceTimer?.key !== key) {
        this.clearAdvance();
        this.advanceTimer = { key, handle: setTimeout(() => this.fire({ type: "advance" }), ctx.pauses[wait.reason]) };
      }
      return null;
    }

    this.clearAdvance();
    // bots' timers are keyed by a string of the wait (built only when there are bots); the move timer's plan
    // holds the wait's fields (sameCycle), so a move of humans builds no key
    let cycle: string | undefined;
    const cycleOfWait = () => (cycle ??= cycleKey(game, wait));
    // bots are few (a seat of a bot, or of a player who left): the set is made only when there is one
    let wantedBots: Set<Seat> | undefined;
    for (const seat of wait.seats) if (ctx.isBotControlled(seat)) (wantedBots ??= new Set()).add(seat);
    // without bots the wait's own list is the humans' (the rules' lists are never edited)
    const humans: readonly Seat[] = wantedBots === undefined ? wait.seats : wait.seats.filter((seat) => !wantedBots.has(seat));
    for (const [seat, armed] of this.botTimers) {
      if (wantedBots?.has(seat) !== true || armed.key !== `${cycleOfWait()}:${seat}`) {
        clearTimeout(armed.handle);
        this.botTimers.delete(seat);
      }
    }
    for (const seat of wantedBots ?? []) {
      if (this.botTimers.has(seat)) continue;
      this.botTimers.set(seat, {
        key: `${cycleOfWait()}:${seat}`,
        handle: setTimeout(() => {
          this.botTimers.delete(seat);
          this.fire({ type: "bot", seat });
        }, ctx.botDelayMs),
      });
    }

    const timeoutMs = ctx.timeouts[wait.action];
    if (humans.length === 0 || timeoutMs <= 0) {
      this.clearHuman();
      return null;
    }
    if (this.humanPlan !== undefined && sameCycle(this.humanPlan, game, wait)) {
      this.humanPlan.seats = humans;
      return this.humanPlan;
    }
    const plan: TimerPlan = {
      kind: wait.action,
      deadline: this.now() + timeoutMs,
      timeoutMs,
      seats: humans,
      round: game.round,
      step: cycleStep(game, wait),
      seat: cycleSeat(wait),
    };
    this.humanPlan = plan;
    this.humanTimer.armAt(plan.deadline);
    return plan;
  }

  /** Stops every timer (game over, room disposed). */
  clearAll(): void {
    this.clearAdvance();
    this.clearBots();
    this.clearHuman();
  }

  private fire(fired: FiredTimer) {
    this.onFire(fired);
  }

  private clearAdvance() {
    if (this.advanceTimer !== undefined) clearTimeout(this.advanceTimer.handle);
    this.advanceTimer = undefined;
  }

  private clearBots() {
    for (const armed of this.botTimers.values()) clearTimeout(armed.handle);
    this.botTimers.clear();
  }

  private clearHuman() {
    this.humanTimer.clear();
    this.humanPlan = undefined;
  }
}

type ActorsWait = Extract<Awaiting, { kind: "actors" }>;

/** Whether `plan` is for this wait: the same action, round, step (redeal cycle or turn) and seat. */
function sameCycle(plan: TimerPlan, game: LiapTuiState, wait: ActorsWait): boolean {
  return plan.kind === wait.action && plan.round === game.round && plan.step === cycleStep(game, wait) && plan.seat === cycleSeat(wait);
}

/** The redeal decision cycle, or the turn of a play; 0 for a declaration. */
function cycleStep(game: LiapTuiState, wait: ActorsWait): number {
  return wait.action === "redeal_decision" ? game.preparation.redealsThisRound : wait.action === "play" ? (game.turn?.number ?? 0) : 0;
}

/** The one seat a declaration or a play waits for; -1 for a redeal decision (its seats decide within one cycle). */
function cycleSeat(wait: ActorsWait): number {
  return wait.action === "redeal_decision" || wait.seats.length !== 1 ? -1 : wait.seats[0]!;
}

/** One wait as a string (the bots' timers' key), from the same fields as sameCycle: a redeal decision cycle, one seat's declaration, one seat's play in one turn. */
function cycleKey(game: LiapTuiState, wait: ActorsWait): string {
  return `${wait.action}:${game.round}:${cycleStep(game, wait)}:${cycleSeat(wait)}`;
}
