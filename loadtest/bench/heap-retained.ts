/**
 * `npx tsx loadtest/bench/heap-retained.ts snapshot.heapsnapshot TARGET... [--top N]`: what parts of
 * long-lived objects keep alone, from one heap snapshot of the bench server under load. A TARGET is
 * `Class.field` (e.g. `LiapTuiRoom.record`: what every room's record of its game keeps) or `@Class` (e.g.
 * `@LiapTuiRoom`: what the rooms keep that nothing else does). Several targets are counted as one set.
 * See ./heap-diff.ts; BENCHMARKS.md, "What survives a scavenge, object by object", shows a run.
 */
import { parseArgs } from "node:util";
import { retainedBy } from "./heap-diff.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "15" } } });
if (positionals.length < 2) {
  console.error("usage: heap-retained.ts snapshot.heapsnapshot Class.field|@Class ... [--top N]");
  process.exit(2);
}
const [file, ...targets] = positionals as [string, ...string[]];
const result = retainedBy(file, targets);
console.log(`${targets.join(" ")}: ${result.targets} objects keep ${(result.bytes / 1e6).toFixed(3)} MB alone`);
for (const row of result.byKind.rows(Number(values.top))) console.log(`${(row.bytes / 1024).toFixed(1).padStart(9)} KB ${String(row.count).padStart(7)}  ${row.key}`);
