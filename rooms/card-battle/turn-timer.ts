/**
 * The card battle's turn timer: one native timer per turn (the room clock only
 * ticks with patches), keyed by the turn number so re-arming after an action
 * that does not end the turn (an opponent's surrender) keeps the running deadline.
 */

/** The running timer as clients see it. */
export interface TurnDeadline {
  turnNumber: number;
  /** Epoch milliseconds. */
  deadline: number;
}

/** Arms and clears the turn timer; `onExpire` runs outside any handler, so it must not throw. */
export class TurnTimer {
  private armed?: TurnDeadline & { handle: NodeJS.Timeout };

  constructor(
    private readonly limitMs: number,
    private readonly onExpire: (turnNumber: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The running timer, if any. */
  get current(): TurnDeadline | null {
    return this.armed === undefined ? null : { turnNumber: this.armed.turnNumber, deadline: this.armed.deadline };
  }

  /** Runs the timer for this turn (kept if it already runs for it); none when the limit is 0. */
  arm(turnNumber: number): TurnDeadline | null {
    if (this.limitMs <= 0) return null;
    if (this.armed?.turnNumber === turnNumber) return this.current;
    this.clear();
    const handle = setTimeout(() => {
      this.armed = undefined;
      this.onExpire(turnNumber);
    }, this.limitMs);
    this.armed = { turnNumber, deadline: this.now() + this.limitMs, handle };
    return this.current;
  }

  /** Stops the timer (game over, room closing). */
  clear(): void {
    if (this.armed !== undefined) clearTimeout(this.armed.handle);
    this.armed = undefined;
  }
}
