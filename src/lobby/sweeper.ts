/**
 * Time-driven changes of the lobby, applied before every lobby request so
 * callers always see them on time: pending invites past `expires_at` become
 * `expired`, and games whose enrollment has ended with at least `min_players`
 * active members move to `ready_to_start` (what they still had pending is closed).
 */
import type { Database } from "../db/database.js";
import { closePendingOfGames, expireDueInvites } from "./queries/enrollment.js";
import { closeDueEnrollments } from "./queries/games.js";

/** Applies the due changes; concurrent callers share one run. */
export class Sweeper {
  private running?: Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Runs the due changes (or joins the run under way). */
  sweep(): Promise<void> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<void> {
    const now = this.now();
    await expireDueInvites(this.db, now);
    await this.db.transaction(async (tx) => {
      const ready = await closeDueEnrollments(tx, now);
      await closePendingOfGames(tx, ready, now);
    });
  }
}
