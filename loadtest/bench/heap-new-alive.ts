/**
 * `npx tsx loadtest/bench/heap-new-alive.ts first.heapsnapshot second.heapsnapshot [--chain N] [--top N]`:
 * what survives a scavenge, from two heap snapshots of the bench server taken
 * a few seconds apart under load (`--node-arg=--heapsnapshot-signal=SIGUSR2`,
 * then two SIGUSR2). See ./heap-diff.ts; BENCHMARKS.md, "What survives a
 * scavenge, object by object", shows a run.
 */
import { parseArgs } from "node:util";
import { newAndAlive, type Tally } from "./heap-diff.js";

function print(tally: Tally, top: number): void {
  for (const row of tally.rows(top)) console.log(`${(row.bytes / 1024).toFixed(1).padStart(9)} KB ${String(row.count).padStart(7)}  ${row.key}`);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { chain: { type: "string", default: "2" }, top: { type: "string", default: "30" } } });
if (positionals.length !== 2) {
  console.error("usage: heap-new-alive.ts first.heapsnapshot second.heapsnapshot [--chain N] [--top N]");
  process.exit(2);
}
const result = newAndAlive(positionals[0]!, positionals[1]!, Number(values.chain));
const top = Number(values.top);
console.log(`new and alive: ${result.objects} objects, ${(result.bytes / 1e6).toFixed(2)} MB`);
console.log("--- by kind");
print(result.byKind, top);
console.log("--- by retainer chain (up to the first object the first snapshot held)");
print(result.byChain, top);
