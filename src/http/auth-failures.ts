/**
 * Slows and then stops password guessing on basic auth (the monitor and the
 * lobby's admin surface): failures are counted per client address and per
 * user name over a sliding minute; each failure's answer is delayed a little
 * longer than the last (no CPU spent waiting), and once either count reaches
 * the limit further attempts are refused with 429 before any password check.
 * Failures are logged; successes are not.
 */
import type { Request } from "express";
import type { Logger } from "pino";
import { SlidingWindowLimiter } from "../lobby/rate-limit.js";

/** Delay of the first failure's answer; each further failure in the window doubles it, up to MAX_DELAY_MS. */
const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 3_000;
/** User names kept per window at most are bounded by the limiter's pruning; names are cut to this length for keys and logs. */
const MAX_NAME = 64;

/** What a caller may do now. */
export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Failure counting for one login surface (named `realm` in logs). */
export class AuthFailureGuard {
  private readonly byAddress: SlidingWindowLimiter;
  private readonly byName: SlidingWindowLimiter;

  constructor(
    private readonly realm: string,
    readonly limit: number,
    private readonly logger: Logger,
    windowMs = 60_000,
  ) {
    this.byAddress = new SlidingWindowLimiter(limit, windowMs);
    this.byName = new SlidingWindowLimiter(limit, windowMs);
  }

  /** Whether an attempt from this address for this user name may be checked at all. */
  check(address: string, username: string | undefined): AttemptDecision {
    const over = this.byAddress.isOver(address) || (username !== undefined && this.byName.isOver(nameKey(username)));
    return over ? { allowed: false, retryAfterSeconds: 60 } : { allowed: true };
  }

  /** Records a failed attempt, logs it, and resolves after the growing delay its answer should wait. */
  async fail(req: Request, address: string, username: string | undefined): Promise<void> {
    const byAddress = this.byAddress.take(address);
    const byName = username === undefined ? undefined : this.byName.take(nameKey(username));
    const failures = Math.max(this.limit - (byAddress.allowed ? byAddress.remaining : 0), byName === undefined ? 0 : this.limit - (byName.allowed ? byName.remaining : 0));
    this.logger.warn(
      { security_event: true, realm: this.realm, remote_address: address, username: username?.slice(0, MAX_NAME), path: req.path, failures_in_window: failures },
      `${this.realm} login refused`,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, failures - 1))));
  }
}

function nameKey(username: string): string {
  return username.slice(0, MAX_NAME).toLowerCase();
}
