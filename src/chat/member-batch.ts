/**
 * Chat members are recorded in batches: every join of the last few
 * milliseconds, from every room of this node, in one upsert. A game's four
 * joins arrive within a few milliseconds, and on embedded PGlite each
 * statement is parsed and planned on the server's own thread: a card battle
 * game's database work cost about as much CPU as its 44 moves
 * (BENCHMARKS.md, "Per-game database work"). Until
 * its batch is written, a member is found here (`pending`), so this node
 * never refuses someone it just seated.
 */
import type { ChatMemberRole } from "../../drizzle/schema/index.js";

/** A member row to write. */
export interface MemberRecord {
  roomId: string;
  userId: string;
  name: string;
  role: ChatMemberRole;
}

/** Writes one batch; rejects when the batch was not written. */
export type WriteMembers = (members: MemberRecord[]) => Promise<void>;

/** How long joins are gathered before they are written. */
export const MEMBER_BATCH_MS = 20;
/** Rows per statement at most (a burst of joins is written in several). */
const MAX_BATCH = 500;

export class MemberBatch {
  private readonly waiting = new Map<string, MemberRecord>();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: WriteMembers,
    private readonly onFailure: (error: unknown, members: number) => void,
    private readonly delayMs = MEMBER_BATCH_MS,
  ) {}

  /** Queues a member; a player stays a player if they also watch. */
  add(member: MemberRecord): void {
    const key = keyOf(member.roomId, member.userId);
    const earlier = this.waiting.get(key);
    this.waiting.set(key, earlier?.role === "player" ? { ...member, role: "player" } : member);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** A member queued and not yet written. */
  pending(roomId: string, userId: string): MemberRecord | undefined {
    return this.waiting.get(keyOf(roomId, userId));
  }

  /** Writes everything queued (also at shutdown, before the database closes); never rejects. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const members = [...this.waiting.values()];
    const run = async () => {
      for (let i = 0; i < members.length; i += MAX_BATCH) {
        const chunk = members.slice(i, i + MAX_BATCH);
        try {
          await this.write(chunk);
        } catch (error) {
          this.onFailure(error, chunk.length);
        }
        // forgotten only once written (or given up), so `pending` answers until then; a newer add of the same key stays
        for (const member of chunk) {
          const key = keyOf(member.roomId, member.userId);
          if (this.waiting.get(key) === member) this.waiting.delete(key);
        }
      }
    };
    this.writing = this.writing.then(run);
    return this.writing;
  }
}

function keyOf(roomId: string, userId: string): string {
  return `${roomId}\u0000${userId}`;
}
