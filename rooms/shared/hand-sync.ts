/**
 * Brings a synced hand to the rules' list with as few schema changes as the
 * rules allow. Both games only ever take items out of a hand and add new ones
 * at its end between deals, so: items gone are spliced out and new ones
 * pushed (a splice costs a few bytes of patch and keeps the other items);
 * any other change (a new deal) rewrites the list. Items are named by a key
 * unique within the hand, and an item never changes under the same key. The
 * same ArraySchema instance stays subscribed in its owner's StateView.
 *
 * Both games' rules give a hand a new array whenever it changes and never
 * edit one in place (their tests deep-freeze the states), so a list that is
 * the same array as at the last sync is skipped without reading the schema
 * list: at most steps, every hand but the mover's.
 *
 * Card battle's hands hold schema objects (`syncHand`): the ones taken out go
 * to `retired`, to be reused after the patch (schema-pool.ts). Liap Tui's
 * hands hold piece ids (`syncIds`).
 */
import type { ArraySchema, Schema } from "@colyseus/schema";
import type { RetiredSchemas } from "./schema-pool.js";

/** The rules' list each schema list was last brought to (only a list never edited in place may be passed). */
const syncedLists = new WeakMap<ArraySchema<never>, readonly unknown[]>();

/** A hand of schema objects with an `id`; new items are made by `create`. `items` must not be edited in place later. */
export function syncHand<S extends Schema & { id: string }, T extends { id: string }>(
  target: ArraySchema<S>,
  items: readonly T[],
  create: (item: T) => S,
  retired?: RetiredSchemas,
): void {
  if (syncedLists.get(target as ArraySchema<never>) === items) return;
  syncByKey(target, items, (entry) => entry.id, (item) => item.id, create, (entry) => retired?.retire(entry));
  syncedLists.set(target as ArraySchema<never>, items);
}

/** A hand of ids (strings). `ids` must not be edited in place later. */
export function syncIds(target: ArraySchema<string>, ids: readonly string[]): void {
  if (syncedLists.get(target as ArraySchema<never>) === ids) return;
  syncByKey(target, ids, itself, itself, itself, () => undefined);
  syncedLists.set(target as ArraySchema<never>, ids);
}

const itself = (id: string) => id;

function syncByKey<S, T>(
  target: ArraySchema<S>,
  items: readonly T[],
  keyOfEntry: (entry: S) => string,
  keyOfItem: (item: T) => string,
  create: (item: T) => S,
  takenOut: (entry: S) => void,
): void {
  // read through one plain copy: every index read of the schema array (a Proxy) costs a trap
  const entries = target.toArray();
  if (entries.length === items.length && items.every((item, i) => keyOfEntry(entries[i]!) === keyOfItem(item))) return;
  // a hand is a few items: a linear scan finds a key without building a set per change (larger lists get one)
  const wanted = items.length > LINEAR_SCAN_MAX ? new Set(items.map(keyOfItem)) : undefined;
  const isWanted = (key: string) => (wanted === undefined ? hasKey(items, keyOfItem, key) : wanted.has(key));
  let kept = 0;
  let inOrder = true;
  for (const entry of entries) {
    const key = keyOfEntry(entry);
    if (!isWanted(key)) continue;
    if (items[kept] === undefined || keyOfItem(items[kept]!) !== key) inOrder = false;
    kept++;
  }
  let length = entries.length;
  if (!inOrder || kept === 0) {
    if (length > 0) target.clear();
    for (const entry of entries) takenOut(entry);
    length = 0;
  } else {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (isWanted(keyOfEntry(entries[i]!))) continue;
      target.splice(i, 1);
      takenOut(entries[i]!);
      length--;
    }
  }
  for (let i = length; i < items.length; i++) target.push(create(items[i]!));
}

/** Up to this many items, keys are looked up by scanning the list. */
const LINEAR_SCAN_MAX = 32;

function hasKey<T>(items: readonly T[], keyOfItem: (item: T) => string, key: string): boolean {
  for (let i = 0; i < items.length; i++) if (keyOfItem(items[i]!) === key) return true;
  return false;
}
