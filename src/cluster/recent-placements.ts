/**
 * The rooms this node placed in the last moments, per process: how many in
 * the last `roomWindowMs` (rooms not yet in the cluster's record) and how
 * many seats in the last `seatWindowMs` (players not yet connected). Kept as
 * running sums, so a create costs the same however many rooms were placed
 * just before it (a burst of thousands of creates scanned them all, once per
 * create). Placements are expected in time order; a clock that steps back
 * only delays their expiry, as a queue ordered by time would.
 */
export interface PendingLoad {
  rooms: number;
  seats: number;
}

/** A process's sums, and how many of its placements are still in the seat window (the sums go with the last). */
interface Pending extends PendingLoad {
  placements: number;
}

interface Placement {
  processId: string;
  at: number;
  seats: number;
}

/** How many expired entries may wait at the queue's head before it is compacted. */
const COMPACT_AFTER = 1024;

export class RecentPlacements {
  private entries: Placement[] = [];
  /** The first entry still counted as a room. */
  private roomHead = 0;
  /** The first entry still counted as seats (≤ roomHead: the seat window is the longer one). */
  private seatHead = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly roomWindowMs: number,
    private readonly seatWindowMs: number,
  ) {
    if (roomWindowMs > seatWindowMs) throw new RangeError("the room window must not be longer than the seat window");
  }

  /** Notes a room placed on `processId` at `at` that will bring `seats` players. */
  add(processId: string, at: number, seats: number): void {
    this.entries.push({ processId, at, seats });
    const sum = this.pending.get(processId);
    if (sum === undefined) this.pending.set(processId, { rooms: 1, seats, placements: 1 });
    else {
      sum.rooms++;
      sum.seats += seats;
      sum.placements++;
    }
  }

  /** Each process's rooms and seats still pending at `now` (a process with no placement left in the seat window is absent). */
  pendingAt(now: number): ReadonlyMap<string, Readonly<PendingLoad>> {
    const entries = this.entries;
    while (this.roomHead < entries.length && entries[this.roomHead]!.at < now - this.roomWindowMs) {
      this.sumOf(entries[this.roomHead]!.processId).rooms--;
      this.roomHead++;
    }
    while (this.seatHead < this.roomHead && entries[this.seatHead]!.at < now - this.seatWindowMs) {
      const placed = entries[this.seatHead]!;
      const sum = this.sumOf(placed.processId);
      sum.seats -= placed.seats;
      if (--sum.placements === 0) this.pending.delete(placed.processId);
      this.seatHead++;
    }
    if (this.seatHead >= COMPACT_AFTER && this.seatHead * 2 >= entries.length) {
      this.entries = entries.slice(this.seatHead);
      this.roomHead -= this.seatHead;
      this.seatHead = 0;
    }
    return this.pending;
  }

  /** Entries kept (the ones still pending, and up to COMPACT_AFTER expired ones awaiting compaction). */
  get size(): number {
    return this.entries.length;
  }

  private sumOf(processId: string): Pending {
    return this.pending.get(processId)!;
  }
}
