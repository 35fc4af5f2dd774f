/**
 * Brings a synced hand (an ArraySchema of items with an `id`) to the rules'
 * list with as few schema changes as the rules allow. Both games only ever
 * take items out of a hand and add new ones at its end between deals, so:
 * items gone are spliced out and new ones pushed (a splice costs a few bytes
 * of patch and keeps the other items' schema objects); any other change (a new
 * deal) rewrites the list. Ids are unique within a hand, and an item's other
 * fields never change for the same id. The same ArraySchema instance stays
 * subscribed in its owner's StateView. Items taken out go to `retired`, to
 * be reused after the patch (schema-pool.ts).
 */
import type { ArraySchema, Schema } from "@colyseus/schema";
import type { RetiredSchemas } from "./schema-pool.js";

export function syncHand<S extends Schema & { id: string }, T extends { id: string }>(
  target: ArraySchema<S>,
  items: readonly T[],
  create: (item: T) => S,
  retired?: RetiredSchemas,
): void {
  // read through one plain copy: every index read of the schema array (a Proxy) costs a trap
  const entries = target.toArray();
  if (entries.length === items.length && items.every((item, i) => entries[i]!.id === item.id)) return;
  const wanted = new Set(items.map((item) => item.id));
  let kept = 0;
  let inOrder = true;
  for (const entry of entries) {
    if (!wanted.has(entry.id)) continue;
    if (items[kept]?.id !== entry.id) inOrder = false;
    kept++;
  }
  let length = entries.length;
  if (!inOrder || kept === 0) {
    if (length > 0) target.clear();
    for (const entry of entries) retired?.retire(entry);
    length = 0;
  } else {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (wanted.has(entries[i]!.id)) continue;
      target.splice(i, 1);
      retired?.retire(entries[i]!);
      length--;
    }
  }
  for (let i = length; i < items.length; i++) target.push(create(items[i]!));
}
