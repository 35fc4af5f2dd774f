/** Readable failure reports for the fuzzers: grouped by criterion, first cases in full, with the seed. */
import { FUZZ_SEED, reproduceHint } from "./prng.js";

/** Groups violations (anything with a `criterion`) and prints the first few of each group in full. */
export function formatViolations<V extends { criterion: string }>(violations: V[], file: string, show: (v: V) => string, perCriterion = 3, keyOf?: (v: V) => string): string {
  const groups = new Map<string, V[]>();
  for (const v of violations) groups.set(v.criterion, [...(groups.get(v.criterion) ?? []), v]);
  const lines = [`${violations.length} violation(s) with FUZZ_SEED=${FUZZ_SEED}; ${reproduceHint(file)}`];
  for (const [criterion, list] of groups) {
    lines.push(`\n=== criterion "${criterion}": ${list.length} case(s)`);
    if (keyOf !== undefined) {
      const counts = new Map<string, number>();
      for (const v of list) counts.set(keyOf(v), (counts.get(keyOf(v)) ?? 0) + 1);
      for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${n} × ${key}`);
    }
    lines.push(`first ${Math.min(perCriterion, list.length)}:`);
    for (const v of list.slice(0, perCriterion)) lines.push(show(v));
  }
  return lines.join("\n");
}
