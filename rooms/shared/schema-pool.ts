/**
 * Reuse of the schema objects the rooms' syncs take out of their state: a
 * played card, a turn's plays (Liap Tui's pieces are plain ids, no objects).
 * Each `new` schema object brings its own change tree (about 580 bytes for a
 * small one); the rooms made a few per
 * move and kept them for seconds (a hand until the next deal, a play until
 * its turn ends), so they outlived the young generation's scavenges, were
 * copied twice and promoted, and left the mark-compact cycle to free them
 * (BENCHMARKS.md, "Fewer new schema objects per move").
 *
 * A removed object may go back to its pool only once the patch that removed
 * it has been encoded: until then the encoder and the clients' views may
 * still refer to its change tree. So a room retires removed objects into its
 * `RetiredSchemas` and releases them right after each patch. @colyseus/schema
 * resets a released object (`Schema.reset`): it gets a new ref id when it is
 * added again, so a reused object goes out on the wire exactly as a new one.
 * Its primitive fields keep their last values: whoever acquires one sets
 * every field.
 */
import { createPool, type Schema, type SchemaPool } from "@colyseus/schema";

/** Free objects kept per class (beyond it, released objects are left to the garbage collector). */
export const MAX_FREE_PER_CLASS = 4096;

const pools = new Map<new () => Schema, SchemaPool<Schema>>();

function poolOf<T extends Schema>(type: new () => T): SchemaPool<T> {
  let pool = pools.get(type);
  if (pool === undefined) {
    pool = createPool(type, { maxSize: MAX_FREE_PER_CLASS }) as SchemaPool<Schema>;
    pools.set(type, pool);
  }
  return pool as SchemaPool<T>;
}

/** An object of `type`, reused when one is free; set every field of it (a reused one keeps its last values). */
export function acquire<T extends Schema>(type: new () => T): T {
  return poolOf(type).acquire();
}

/** How many free objects of `type` wait for reuse. */
export function freeCount(type: new () => Schema): number {
  return pools.get(type)?.size ?? 0;
}

/** The schema objects one room took out of its state since its last patch. */
export class RetiredSchemas {
  private items: Schema[] = [];

  /** Notes an object the sync just removed from the state (a container before its children). */
  retire(item: Schema): void {
    this.items.push(item);
  }

  /** Objects waiting for the next patch. */
  get size(): number {
    return this.items.length;
  }

  /**
   * Returns the retired objects to their pools. Call only after a patch has
   * been encoded (or the changes discarded). An object the schema refuses to
   * reset (still attached somewhere) is left to the garbage collector.
   */
  release(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    for (const item of items) {
      try {
        poolOf(item.constructor as new () => Schema).release(item);
      } catch {
        // not detached after all: never reuse it
      }
    }
  }
}
