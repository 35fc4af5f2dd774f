/**
 * Brings a synced hand to the rules' list with as few schema changes as the
 * rules allow. Both games only ever take items out of a hand and add new ones
 * at its end between deals, so: items gone are spliced out and new ones
 * pushed (a splice costs a few bytes of patch and keeps the other items);
 * any other change (a new deal) rewrites the list. Items are named by a key
 * unique within the hand, and an item never changes under the same key. The
 * same ArraySchema instance stays subscribed in its owner's StateView.
 *
 * Card battle's hands hold schema objects (`syncHand`): the ones taken out go
 * to `retired`, to be reused after the patch (schema-pool.ts). Liap Tui's
 * hands hold piece ids (`syncIds`).
 */
import type { ArraySchema, Schema } from "@colyseus/schema";
import type { RetiredSchemas } from "./schema-pool.js";

/** A hand of schema objects with an `id`; new items are made by `create`. */
export function syncHand<S extends Schema & { id: string }, T extends { id: string }>(
  target: ArraySchema<S>,
  items: readonly T[],
  create: (item: T) => S,
  retired?: RetiredSchemas,
): void {
  syncByKey(target, items, (entry) => entry.id, (item) => item.id, create, (entry) => retired?.retire(entry));
}

/** A hand of ids (strings). */
export function syncIds(target: ArraySchema<string>, ids: readonly string[]): void {
  syncByKey(target, ids, itself, itself, itself, () => undefined);
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
