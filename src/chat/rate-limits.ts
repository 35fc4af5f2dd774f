/**
 * Per-sender chat limits, counted in this process (each node limits on its
 * own), separate from the rooms' game-message budget so chat can never block
 * play: a sender may post 5 messages in any 5 seconds and 30 in any minute,
 * and read the history 120 times a minute.
 */
import { SlidingWindowLimiter } from "../lobby/rate-limit.js";

/** The limits (README "Chat (seed 002)"). */
export const CHAT_LIMITS = {
  postsPerBurst: 5,
  burstWindowMs: 5_000,
  postsPerMinute: 30,
  attemptsPerMinute: 60,
  readsPerMinute: 120,
};

/** A refusal says when the sender may try again. */
export type ChatLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The per-sender budgets of one node. */
export class ChatRateLimits {
  private readonly burst: SlidingWindowLimiter;
  private readonly minute: SlidingWindowLimiter;
  private readonly reads: SlidingWindowLimiter;
  private readonly attempts: SlidingWindowLimiter;

  constructor(limits = CHAT_LIMITS, now: () => number = () => Date.now()) {
    this.burst = new SlidingWindowLimiter(limits.postsPerBurst, limits.burstWindowMs, now);
    this.minute = new SlidingWindowLimiter(limits.postsPerMinute, 60_000, now);
    this.reads = new SlidingWindowLimiter(limits.readsPerMinute, 60_000, now);
    this.attempts = new SlidingWindowLimiter(limits.attemptsPerMinute, 60_000, now);
  }

  /** Counts any post attempt by `senderId`, before anything else is checked. */
  attempt(senderId: string): ChatLimitDecision {
    return this.attempts.take(senderId);
  }

  /** Counts a valid message about to be stored (a refusal by the burst limit is not counted against the minute). */
  post(senderId: string): ChatLimitDecision {
    if (this.minute.isOver(senderId)) return this.minute.take(senderId) as ChatLimitDecision;
    const burst = this.burst.take(senderId);
    if (!burst.allowed) return burst;
    return this.minute.take(senderId);
  }

  /** Counts a history read by `readerId`. */
  read(readerId: string): ChatLimitDecision {
    return this.reads.take(readerId);
  }
}
