/**
 * A timer for a deadline that mostly moves later: a move timer that every
 * move restarts. Moving the deadline later costs no native timer: the native
 * timer keeps its earlier time and, when it wakes before the deadline, is set
 * again for the rest. With a move a second and a 30 s timeout, a room sets
 * one native timer per 30 s instead of clearing one and setting one (and a
 * closure) per move. A deadline moved earlier, or cleared, is exact at once.
 */
export class DeadlineTimer {
  private handle: NodeJS.Timeout | undefined;
  /** When the native timer wakes (epoch ms). */
  private wakesAt = 0;
  /** When `onDue` runs (epoch ms); 0 while disarmed. */
  private deadline = 0;

  constructor(
    private readonly onDue: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a deadline is set. */
  get armed(): boolean {
    return this.deadline !== 0;
  }

  /** Runs `onDue` at `deadline` (epoch ms), unless set again or cleared before. */
  armAt(deadline: number): void {
    this.deadline = Math.max(1, deadline);
    // a native timer that wakes no later than the deadline will set itself again for the rest
    if (this.handle !== undefined && this.wakesAt <= this.deadline) return;
    this.schedule();
  }

  /** Disarms: `onDue` will not run for the deadline set before. */
  clear(): void {
    this.deadline = 0;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    const now = this.now();
    const delay = Math.max(0, this.deadline - now);
    this.wakesAt = now + delay;
    this.handle = setTimeout(this.wake, delay);
  }

  private readonly wake = (): void => {
    this.handle = undefined;
    if (this.deadline > this.now()) return this.schedule();
    this.deadline = 0;
    this.onDue();
  };
}
