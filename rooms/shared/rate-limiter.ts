/**
 * Per-client message rate limit (token bucket). Messages beyond the rate are
 * refused (the room answers `4001` RATE_LIMITED); a client that keeps
 * flooding after being refused is flagged for disconnection.
 */

/** Limits: sustained messages per second, burst size, and how many refusals in a window mean flooding. */
export interface RateLimitSettings {
  perSecond: number;
  burst: number;
  floodRefusals: number;
  floodWindowMs: number;
}

/** Defaults: generous for a turn-based game (10/s, bursts of 20), flooding = 100 refusals within 10 s. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { perSecond: 10, burst: 20, floodRefusals: 100, floodWindowMs: 10_000 };

/** What the limiter says about one message. */
export type RateDecision = "allow" | "refuse" | "flood";

/** One client's bucket. */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private refusals: number[] = [];

  constructor(
    private readonly settings: RateLimitSettings = DEFAULT_RATE_LIMIT,
    now: number = Date.now(),
  ) {
    this.tokens = settings.burst;
    this.last = now;
  }

  /** Takes one token for a message arriving at `now`. */
  take(now: number = Date.now()): RateDecision {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.settings.burst, this.tokens + elapsed * this.settings.perSecond);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return "allow";
    }
    const windowStart = now - this.settings.floodWindowMs;
    this.refusals = this.refusals.filter((t) => t > windowStart);
    this.refusals.push(now);
    return this.refusals.length >= this.settings.floodRefusals ? "flood" : "refuse";
  }
}
