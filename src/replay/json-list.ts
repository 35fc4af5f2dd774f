/**
 * An append-only list kept as JSON text until it is read once, at the end.
 *
 * A game room keeps every accepted action and every replay step until the
 * game is over, often for many minutes and hundreds of steps. Kept as objects,
 * each step is several small objects (the step, its action, its timer) that
 * the garbage collector copies when they are young and marks on every full
 * collection for the rest of the game. Kept as text, a step is a few dozen
 * bytes of one string, and every `CHUNK_ITEMS` steps are joined into one
 * string: strings hold no pointers, so a long game's record costs the
 * collector almost nothing to keep.
 *
 * Items go through `JSON.stringify`, so what comes back is what a `jsonb`
 * column would give back: fresh plain objects, keys whose value is
 * `undefined` dropped. Only JSON values belong here (no `Date`, `Map`,
 * `bigint`, cycles); the rooms' actions and steps are such values.
 */

/** Items per joined chunk: large enough that a record is a few strings, small enough that a join is cheap. */
const CHUNK_ITEMS = 64;

export class JsonList<T> {
  /** Joined chunks, each `CHUNK_ITEMS` items' JSON separated by commas. */
  private readonly chunks: string[] = [];
  /** The items since the last chunk, one JSON text each. */
  private pending: string[] = [];
  private count = 0;

  /** Appends a copy of `item` (its JSON text). */
  push(item: T): void {
    this.pending.push(JSON.stringify(item));
    this.count++;
    if (this.pending.length === CHUNK_ITEMS) {
      this.chunks.push(this.pending.join(","));
      this.pending = [];
    }
  }

  /** How many items were pushed. */
  get length(): number {
    return this.count;
  }

  /** Every item, in order, as fresh objects (parsed from the text: later calls give other copies). */
  toArray(): T[] {
    if (this.count === 0) return [];
    const parts = this.pending.length === 0 ? this.chunks : [...this.chunks, this.pending.join(",")];
    return JSON.parse(`[${parts.join(",")}]`) as T[];
  }
}
