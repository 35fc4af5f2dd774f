/**
 * An append-only list of plain values kept as MessagePack bytes, in
 * fixed-size chunks outside the JavaScript heap, until it is read once at the
 * end.
 *
 * A game room keeps every accepted action and every replay step until the
 * game is over, often for many minutes and hundreds of steps. Kept as
 * objects, each step is several small objects (the step, its action, its
 * timer) that the scavenger copies and promotes, and that every full
 * collection marks for the rest of the game. Here a step costs the collector
 * nothing: it is packed at once (the packed copy dies young) and its bytes
 * go into a chunk allocated once and never moved. A chunk's bytes live in an
 * ArrayBuffer backing store, which the collector neither copies nor scans.
 * (Kept as JSON text instead, each step's string was promoted while it
 * waited to be joined into a chunk string, and then again inside it:
 * BENCHMARKS.md.)
 *
 * What comes back is what a `jsonb` column would give back for JSON values:
 * fresh plain objects. Only plain data belongs here (objects, arrays,
 * strings, finite numbers, booleans, null); the rooms' actions and steps are
 * such data.
 */
import { Packr, Unpackr } from "msgpackr";

/** Bytes per chunk: a Liap Tui step packs to about 100-110 bytes (and its action, in the action list, to about 20), so a chunk holds some forty steps. */
const CHUNK_BYTES = 4096;

// plain MessagePack: no shared record structures between calls, so every item stands alone
const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

export class PackedList<T> {
  private readonly chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk. */
  private used = CHUNK_BYTES;
  private count = 0;

  /** Appends a copy of `item`. */
  push(item: T): void {
    const bytes = packr.pack(item);
    let from = 0;
    while (from < bytes.length) {
      if (this.used === CHUNK_BYTES) {
        this.chunks.push(new Uint8Array(CHUNK_BYTES));
        this.used = 0;
      }
      const n = Math.min(bytes.length - from, CHUNK_BYTES - this.used);
      this.chunks[this.chunks.length - 1]!.set(bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
    }
    this.count++;
  }

  /** How many items were pushed. */
  get length(): number {
    return this.count;
  }

  /** Every item, in order, as fresh objects (later calls give other copies). */
  toArray(): T[] {
    if (this.count === 0) return [];
    const last = this.chunks.length - 1;
    const all = new Uint8Array(last * CHUNK_BYTES + this.used);
    for (let i = 0; i < last; i++) all.set(this.chunks[i]!, i * CHUNK_BYTES);
    all.set(this.chunks[last]!.subarray(0, this.used), last * CHUNK_BYTES);
    return unpackr.unpackMultiple(all) as T[];
  }
}
