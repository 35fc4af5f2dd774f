/**
 * Per-caller request limits over a sliding one-minute window (seed 001's
 * figures: 60 requests a minute for public GETs, 120 for authenticated calls).
 * Counted in this process: each node limits on its own.
 */

/** Requests a minute for public GETs (the public game list, the OpenAPI document). */
export const PUBLIC_GET_LIMIT = 60;
/** Requests a minute for every other authenticated call. */
export const AUTHENTICATED_LIMIT = 120;

/** The answer to one request. */
export type LimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Counts each key's requests in the last `windowMs` and refuses the one past `limit`. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private calls = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number = 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a request for `key` if it is within the limit. */
  take(key: string): LimitDecision {
    const now = this.now();
    if (++this.calls % 1000 === 0) this.prune(now);
    const since = now - this.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      this.hits.set(key, times);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.hits.set(key, times);
    return { allowed: true, remaining: this.limit - times.length };
  }

  /** Whether `key` has used its whole budget (without counting a request). */
  isOver(key: string): boolean {
    const since = this.now() - this.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since).length >= this.limit;
  }

  /** Forgets keys with no request inside the window, so idle callers cost no memory. */
  private prune(now: number): void {
    const since = now - this.windowMs;
    for (const [key, times] of this.hits) if (times.length === 0 || times[times.length - 1]! <= since) this.hits.delete(key);
  }
}
