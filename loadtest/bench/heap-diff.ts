/**
 * What the scavenger has to copy, read from two heap snapshots taken a few
 * seconds apart under load: the objects of the second snapshot that the
 * first did not hold (V8 keeps an object's snapshot id for its life) were
 * allocated in between and are still alive, i.e. the young objects a minor
 * GC copies and then promotes. Sums them by kind and by retainer chain, up to
 * the first object the first snapshot already held (the long-lived owner that
 * keeps them). The command line is ./heap-new-alive.ts.
 *
 * And what parts of long-lived objects keep alone (`retainedBy`): the bytes
 * reachable only through them, i.e. what would be freed without them
 * (./heap-retained.ts).
 */
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function load(file: string): Snapshot {
  return JSON.parse(readFileSync(file, "utf8")) as Snapshot;
}

/** The ids of every node of a snapshot. */
function idsOf(snapshot: Snapshot): Set<number> {
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const id = fields.indexOf("id");
  const ids = new Set<number>();
  for (let i = 0; i < snapshot.nodes.length; i += width) ids.add(snapshot.nodes[i + id]!);
  return ids;
}

/** Bytes and count per key. */
export class Tally {
  private readonly bytes = new Map<string, number>();
  private readonly count = new Map<string, number>();

  add(key: string, size: number): void {
    this.bytes.set(key, (this.bytes.get(key) ?? 0) + size);
    this.count.set(key, (this.count.get(key) ?? 0) + 1);
  }

  /** The `top` largest keys, largest first. */
  rows(top = Infinity): Array<{ key: string; bytes: number; count: number }> {
    return [...this.bytes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, bytes]) => ({ key, bytes, count: this.count.get(key)! }));
  }
}

/** Retainer chains longer than this are cut. */
const MAX_CHAIN = 12;

/** The objects of the second snapshot that the first did not hold. */
export interface NewAndAlive {
  objects: number;
  bytes: number;
  byKind: Tally;
  byChain: Tally;
}

/** What is new and alive in the snapshot `secondFile` against `firstFile`; chains keep at least `chainLength` links. */
export function newAndAlive(firstFile: string, secondFile: string, chainLength = 2): NewAndAlive {
  const old = idsOf(load(firstFile));
  const snap = load(secondFile);
  const meta = snap.snapshot.meta;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const [fType, fName, fId, fSize, fEdges] = ["type", "name", "id", "self_size", "edge_count"].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number, number];
  const [eType, eName, eTo] = ["type", "name_or_index", "to_node"].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = snap;
  const count = nodes.length / width;

  // the first strong retainer of every node, with the edge's name; a program object is preferred to V8's roots
  // (stack, handles), which hold whatever the code was touching when the snapshot was taken
  const retainer = new Int32Array(count).fill(-1);
  const retainerEdge: string[] = new Array(count);
  const synthetic = (node: number) => nodeTypes[nodes[node * width + fType]!] === "synthetic";
  for (let node = 0, edge = 0; node < count; node++) {
    for (let k = nodes[node * width + fEdges]!; k > 0; k--, edge += edgeWidth) {
      const type = edgeTypes[edges[edge + eType]!]!;
      const to = edges[edge + eTo]! / width;
      if (type === "weak" || type === "shortcut") continue;
      if (retainer[to] !== -1 && (synthetic(node) || !synthetic(retainer[to]!))) continue;
      retainer[to] = node;
      retainerEdge[to] = type === "property" || type === "context" || type === "internal" ? strings[edges[edge + eName]!]! : `[${type}]`;
    }
  }
  const label = (node: number): string => {
    const type = nodeTypes[nodes[node * width + fType]!]!;
    const name = strings[nodes[node * width + fName]!]!.slice(0, 40);
    return type === "object" ? name : `(${type}) ${name}`;
  };

  const byKind = new Tally();
  const byChain = new Tally();
  let total = 0;
  let objects = 0;
  for (let node = 0; node < count; node++) {
    const type = nodeTypes[nodes[node * width + fType]!];
    // code and V8's own bookkeeping objects are not the program's
    if (old.has(nodes[node * width + fId]!) || type === "code" || type === "synthetic" || type === "hidden") continue;
    const size = nodes[node * width + fSize]!;
    total += size;
    objects++;
    byKind.add(label(node), size);
    // owners up to the first one the first snapshot held, and at least `chainLength` of them
    const chain: string[] = [];
    for (let at = node; chain.length < MAX_CHAIN; ) {
      const owner = retainer[at]!;
      if (owner === -1) break;
      chain.push(`${label(owner)}.${retainerEdge[at]}`);
      at = owner;
      if (chain.length >= chainLength && old.has(nodes[owner * width + fId]!)) break;
    }
    byChain.add(chain.join(" < "), size);
  }
  return { objects, bytes: total, byKind, byChain };
}

/** Bytes reachable only through the objects `targets` name, as one set, by kind. */
export interface Retained {
  /** How many objects the targets named. */
  targets: number;
  bytes: number;
  byKind: Tally;
}

/**
 * What the objects named by `targets` keep alive alone, together: every object reachable from the roots, less
 * those still reachable when the named objects are taken out. A target is `Class.field` (the objects held in that
 * field of every `Class` object, also through its out-of-object property store) or `@Class` (every `Class` object).
 */
export function retainedBy(file: string, targets: readonly string[]): Retained {
  const snap = load(file);
  const meta = snap.snapshot.meta;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const [fType, fName, fSize, fEdges] = ["type", "name", "self_size", "edge_count"].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number];
  const [eType, eName, eTo] = ["type", "name_or_index", "to_node"].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = snap;
  const count = nodes.length / width;
  const firstEdge = new Int32Array(count + 1);
  for (let node = 0; node < count; node++) firstEdge[node + 1] = firstEdge[node]! + nodes[node * width + fEdges]!;

  const classes = new Set(targets.filter((t) => t.startsWith("@")).map((t) => t.slice(1)));
  const fields = new Set(targets.filter((t) => !t.startsWith("@")));
  const fieldNames = new Set([...fields].map((t) => t.slice(t.indexOf(".") + 1)));
  const named = new Uint8Array(count);
  let namedCount = 0;
  const mark = (node: number) => {
    if (named[node] === 0) namedCount++;
    named[node] = 1;
  };
  for (let node = 0; node < count; node++) {
    const name = strings[nodes[node * width + fName]!]!;
    const isObject = nodeTypes[nodes[node * width + fType]!] === "object";
    if (isObject && classes.has(name)) mark(node);
    for (let e = firstEdge[node]! * edgeWidth; e < firstEdge[node + 1]! * edgeWidth; e += edgeWidth) {
      if (edgeTypes[edges[e + eType]!] !== "property") continue;
      const field = strings[edges[e + eName]!]!;
      if (!fieldNames.has(field)) continue;
      // the object is named, and so blocked below, however else it is reached (e.g. from V8's out-of-object store)
      if (fields.has(`${name}.${field}`)) mark(edges[e + eTo]! / width);
    }
  }
  const reach = (blocked: Uint8Array | null): Uint8Array => {
    const seen = new Uint8Array(count);
    const stack = [0];
    seen[0] = 1;
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let e = firstEdge[node]! * edgeWidth; e < firstEdge[node + 1]! * edgeWidth; e += edgeWidth) {
        if (edgeTypes[edges[e + eType]!] === "weak") continue;
        const to = edges[e + eTo]! / width;
        if (seen[to] === 1 || (blocked !== null && blocked[to] === 1)) continue;
        seen[to] = 1;
        stack.push(to);
      }
    }
    return seen;
  };
  const all = reach(null);
  const without = reach(named);
  const byKind = new Tally();
  let bytes = 0;
  for (let node = 0; node < count; node++) {
    if (all[node] === 0 || without[node] === 1) continue;
    const size = nodes[node * width + fSize]!;
    bytes += size;
    const type = nodeTypes[nodes[node * width + fType]!]!;
    const name = strings[nodes[node * width + fName]!]!.slice(0, 40);
    byKind.add(type === "object" ? name : `(${type}) ${name}`, size);
  }
  return { targets: namedCount, bytes, byKind };
}
