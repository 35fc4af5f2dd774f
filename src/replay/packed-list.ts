/**
 * An append-only list of plain values kept as MessagePack bytes, in
 * fixed-size chunks outside the JavaScript heap, until it is read once at the
 * end.
 *
 * A game room keeps every replay step (and with it the accepted action) until
 * the game is over, often for many minutes and hundreds of steps. Kept as
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
 * A chunk that fills up is kept deflated (zlib's raw format, fastest level):
 * the MessagePack of a game's steps repeats its keys and shapes, and shrinks
 * about sixfold, so a long game's record costs its room a sixth of the
 * memory. Only the chunk being filled stays as it is; the list compresses a
 * chunk once (some tens of microseconds, every few dozen steps) and inflates
 * them all once, when it is read at the end (BENCHMARKS.md).
 *
 * What comes back is what a `jsonb` column would give back for JSON values:
 * fresh plain objects. Only plain data belongs here (objects, arrays,
 * strings, finite numbers, booleans, null); the rooms' actions and steps are
 * such data.
 */
import { Packr, Unpackr } from "msgpackr";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** Bytes per chunk: a Liap Tui step packs to about 100-250 bytes (with its timer, and the seats when they changed), so a chunk holds some fifteen to forty steps. */
const CHUNK_BYTES = 4096;

/** A 4 KiB window covers a whole chunk; level 1 compresses our chunks nearly as well as the default level (7 % larger), faster. */
const DEFLATE_OPTIONS = { level: 1, windowBits: 12, memLevel: 7 } as const;
const INFLATE_OPTIONS = { windowBits: 12 } as const;

// plain MessagePack: no shared record structures between calls, so every item stands alone
const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

export class PackedList<T> {
  /** Every full chunk, deflated, in order. */
  private readonly closed: Uint8Array[] = [];
  /** The chunk being filled (made at the first push, reused after each one it closes). */
  private open: Uint8Array | undefined;
  /** Bytes used in the open chunk. */
  private used = 0;
  private count = 0;

  /** Appends a copy of `item`. */
  push(item: T): void {
    const bytes = packr.pack(item);
    let from = 0;
    while (from < bytes.length) {
      const open = (this.open ??= new Uint8Array(CHUNK_BYTES));
      const n = Math.min(bytes.length - from, CHUNK_BYTES - this.used);
      open.set(bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
      if (this.used === CHUNK_BYTES) {
        // a copy of exactly the deflated bytes: zlib's result may be a view of a larger buffer
        this.closed.push(new Uint8Array(deflateRawSync(open, DEFLATE_OPTIONS)));
        this.used = 0;
      }
    }
    this.count++;
  }

  /** How many items were pushed. */
  get length(): number {
    return this.count;
  }

  /** Bytes the list holds: its deflated chunks and the open one. */
  get heldBytes(): number {
    return this.closed.reduce((sum, chunk) => sum + chunk.byteLength, 0) + (this.open?.byteLength ?? 0);
  }

  /** Every item, in order, as fresh objects (later calls give other copies). */
  toArray(): T[] {
    if (this.count === 0) return [];
    const all = new Uint8Array(this.closed.length * CHUNK_BYTES + this.used);
    this.closed.forEach((chunk, i) => all.set(inflateRawSync(chunk, INFLATE_OPTIONS), i * CHUNK_BYTES));
    if (this.open !== undefined) all.set(this.open.subarray(0, this.used), this.closed.length * CHUNK_BYTES);
    return unpackr.unpackMultiple(all) as T[];
  }
}
