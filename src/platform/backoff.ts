/** Delays between attempts: exponential growth with jitter; pure given a random source. */

/** Exponential backoff settings. */
export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait after failed attempt `attempt` (1-based) with "equal jitter": the
 * exponential step `min(max, base · 2^(attempt-1))` is halved and the other
 * half drawn at random, so waits always grow with the attempt number and
 * callers that failed together do not retry together.
 */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const step = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const half = step / 2;
  return Math.round(half + random() * half);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
