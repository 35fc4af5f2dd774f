/**
 * `npx tsx loadtest/bench/heap-live.ts snapshot.heapsnapshot [--top N]`: what one heap snapshot of the bench
 * server holds alive, in all and without ArrayBuffer backing stores (the JavaScript heap proper), by kind.
 * Two snapshots at the same load, one per code version, compare what the versions keep per player.
 * See ./heap-diff.ts; BENCHMARKS.md, "Pieces as ids in the synced state", shows a run.
 */
import { parseArgs } from "node:util";
import { liveHeap } from "./heap-diff.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
if (positionals.length !== 1) {
  console.error("usage: heap-live.ts snapshot.heapsnapshot [--top N]");
  process.exit(2);
}
const live = liveHeap(positionals[0]!);
const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
console.log(`alive: ${mb(live.bytes)} MB, of which ArrayBuffer backing stores ${mb(live.arrayBufferBytes)} MB; without them ${mb(live.bytes - live.arrayBufferBytes)} MB`);
for (const row of live.byKind.rows(Number(values.top))) console.log(`${(row.bytes / 1024).toFixed(1).padStart(9)} KB ${String(row.count).padStart(7)}  ${row.key}`);
