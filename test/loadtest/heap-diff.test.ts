/**
 * The survivors' heap diff (loadtest/bench/heap-diff.ts) on real snapshots:
 * a small child process writes one snapshot, then allocates objects that
 * stay alive and some that do not, and writes a second one. The diff must
 * find exactly the kept objects, named by their class and by the long-lived
 * holder that keeps them, and nothing of what was dropped or already there.
 * And what a holder keeps alone: its kept items, not what others hold too;
 * and what a snapshot holds alive at all.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { liveHeap, newAndAlive, retainedBy } from "../../loadtest/bench/heap-diff.js";

const CHILD = `
import { writeHeapSnapshot } from "node:v8";
const [first, second] = process.argv.slice(1);
class OldHolder { constructor() { this.kept = []; } }
class KeptItem { constructor(i) { this.i = i; this.label = "k" + i; } }
class DroppedItem { constructor(i) { this.i = i; } }
class AlreadyThere { constructor() { this.x = 1; } }
class SharedThing { constructor() { this.y = 2; } }
globalThis.holder = new OldHolder();
// held by the holder and from elsewhere: the holder does not keep it alone
globalThis.sharedThing = new SharedThing();
globalThis.holder.shared = globalThis.sharedThing;
globalThis.before = Array.from({ length: 500 }, () => new AlreadyThere());
writeHeapSnapshot(first);
function keep() {
  for (let i = 0; i < 1000; i++) globalThis.holder.kept.push(new KeptItem(i));
}
keep();
function churn() {
  const dropped = [];
  for (let i = 0; i < 1000; i++) dropped.push(new DroppedItem(i));
  return dropped.length;
}
churn();
writeHeapSnapshot(second);
`;

describe("heap diff: what is new and alive between two snapshots", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "heap-diff-"));
    execFileSync(process.execPath, ["--input-type=module", "-e", CHILD, join(dir, "a.heapsnapshot"), join(dir, "b.heapsnapshot")]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the objects kept since the first snapshot, by class and by their long-lived holder, and nothing else", () => {
    const result = newAndAlive(join(dir, "a.heapsnapshot"), join(dir, "b.heapsnapshot"), 2);
    const kinds = new Map(result.byKind.rows().map((row) => [row.key, row]));
    assert.equal(kinds.get("KeptItem")?.count, 1000);
    assert.equal(kinds.has("DroppedItem"), false, "collected objects are not in a snapshot");
    assert.equal(kinds.has("AlreadyThere"), false, "objects the first snapshot held are not new");
    assert.equal(kinds.has("OldHolder"), false);
    // every kept item hangs off the holder's array, which the first snapshot already held
    const viaHolder = result.byChain.rows().filter((row) => row.key.endsWith("< OldHolder.kept"));
    assert.ok(viaHolder.reduce((sum, row) => sum + row.count, 0) >= 1000, JSON.stringify(result.byChain.rows(5)));
    assert.ok(result.bytes >= kinds.get("KeptItem")!.bytes);
    assert.ok(result.objects >= 1000);
  });

  it("counts what a field or a class keeps alone, and not what is also held from elsewhere", () => {
    const file = join(dir, "b.heapsnapshot");
    const kept = retainedBy(file, ["OldHolder.kept"]);
    const kinds = new Map(kept.byKind.rows().map((row) => [row.key, row]));
    assert.equal(kept.targets, 1, "one holder, one kept array");
    assert.equal(kinds.get("KeptItem")?.count, 1000);
    assert.equal(kinds.has("SharedThing"), false);
    assert.equal(kinds.has("OldHolder"), false, "the holder itself is not inside its field");
    const holder = retainedBy(file, ["@OldHolder"]);
    const all = new Map(holder.byKind.rows().map((row) => [row.key, row]));
    assert.equal(all.get("OldHolder")?.count, 1);
    assert.equal(all.get("KeptItem")?.count, 1000);
    assert.equal(all.has("SharedThing"), false, "also held from globalThis");
    assert.ok(holder.bytes > kept.bytes);
    assert.equal(retainedBy(file, ["OldHolder.nothing"]).bytes, 0);
  });

  it("counts what a snapshot holds alive, and apart from it the ArrayBuffers' backing stores", () => {
    const first = liveHeap(join(dir, "a.heapsnapshot"));
    const second = liveHeap(join(dir, "b.heapsnapshot"));
    const kinds = (live: typeof first) => new Map(live.byKind.rows().map((row) => [row.key, row.count]));
    assert.equal(kinds(second).get("KeptItem"), 1000);
    assert.equal(kinds(first).has("KeptItem"), false);
    assert.equal(kinds(second).get("AlreadyThere"), 500);
    assert.equal(kinds(second).has("DroppedItem"), false);
    assert.ok(second.bytes > first.bytes, "the kept items add to what is alive");
    assert.ok(second.arrayBufferBytes < second.bytes);
  });
});
