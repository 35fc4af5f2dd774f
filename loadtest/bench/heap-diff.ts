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

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A heap snapshot's graph, read by field name: nodes 0..count-1, and node `n`'s edges firstEdge[n]..firstEdge[n+1]-1. */
class HeapGraph {
  readonly count: number;
  readonly firstEdge: Int32Array;
  private readonly json: SnapshotJson;
  private readonly width: number;
  private readonly edgeWidth: number;
  private readonly field: Record<"type" | "name" | "id" | "size" | "edges", number>;
  private readonly edgeField: Record<"type" | "name" | "to", number>;

  constructor(file: string) {
    this.json = JSON.parse(readFileSync(file, "utf8")) as SnapshotJson;
    const meta = this.json.snapshot.meta;
    const node = (name: string) => meta.node_fields.indexOf(name);
    const edge = (name: string) => meta.edge_fields.indexOf(name);
    this.width = meta.node_fields.length;
    this.edgeWidth = meta.edge_fields.length;
    this.field = { type: node("type"), name: node("name"), id: node("id"), size: node("self_size"), edges: node("edge_count") };
    this.edgeField = { type: edge("type"), name: edge("name_or_index"), to: edge("to_node") };
    this.count = this.json.nodes.length / this.width;
    this.firstEdge = new Int32Array(this.count + 1);
    for (let n = 0; n < this.count; n++) this.firstEdge[n + 1] = this.firstEdge[n]! + this.nodeField(n, this.field.edges);
  }

  private nodeField(node: number, field: number): number {
    return this.json.nodes[node * this.width + field]!;
  }

  private edgeValue(edge: number, field: number): number {
    return this.json.edges[edge * this.edgeWidth + field]!;
  }

  type(node: number): string {
    return this.json.snapshot.meta.node_types[0][this.nodeField(node, this.field.type)]!;
  }

  name(node: number): string {
    return this.json.strings[this.nodeField(node, this.field.name)]!;
  }

  id(node: number): number {
    return this.nodeField(node, this.field.id);
  }

  size(node: number): number {
    return this.nodeField(node, this.field.size);
  }

  /** A node as the reports name it: its class for an object, else its kind and name. */
  label(node: number): string {
    const type = this.type(node);
    const name = this.name(node).slice(0, 40);
    return type === "object" ? name : `(${type}) ${name}`;
  }

  edgeType(edge: number): string {
    return this.json.snapshot.meta.edge_types[0][this.edgeValue(edge, this.edgeField.type)]!;
  }

  /** A property's, a closure variable's or an internal field's name; an element edge gives its index as a string. */
  edgeName(edge: number): string {
    const type = this.edgeType(edge);
    const value = this.edgeValue(edge, this.edgeField.name);
    return type === "element" || type === "hidden" ? String(value) : this.json.strings[value]!;
  }

  edgeTo(edge: number): number {
    return this.edgeValue(edge, this.edgeField.to) / this.width;
  }

  /** The ids of every node. */
  ids(): Set<number> {
    const ids = new Set<number>();
    for (let n = 0; n < this.count; n++) ids.add(this.id(n));
    return ids;
  }

  /** Nodes reachable from the root through strong edges, never entering a `blocked` node. */
  reachable(blocked?: Uint8Array): Uint8Array {
    const seen = new Uint8Array(this.count);
    const stack = [0];
    seen[0] = 1;
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let e = this.firstEdge[node]!; e < this.firstEdge[node + 1]!; e++) {
        if (this.edgeType(e) === "weak") continue;
        const to = this.edgeTo(e);
        if (seen[to] === 1 || blocked?.[to] === 1) continue;
        seen[to] = 1;
        stack.push(to);
      }
    }
    return seen;
  }
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
  const old = new HeapGraph(firstFile).ids();
  const graph = new HeapGraph(secondFile);

  // the first strong retainer of every node, with the edge's name; a program object is preferred to V8's roots
  // (stack, handles), which hold whatever the code was touching when the snapshot was taken
  const retainer = new Int32Array(graph.count).fill(-1);
  const retainerEdge: string[] = new Array(graph.count);
  const synthetic = (node: number) => graph.type(node) === "synthetic";
  for (let node = 0; node < graph.count; node++) {
    for (let e = graph.firstEdge[node]!; e < graph.firstEdge[node + 1]!; e++) {
      const type = graph.edgeType(e);
      if (type === "weak" || type === "shortcut") continue;
      const to = graph.edgeTo(e);
      if (retainer[to] !== -1 && (synthetic(node) || !synthetic(retainer[to]!))) continue;
      retainer[to] = node;
      retainerEdge[to] = type === "property" || type === "context" || type === "internal" ? graph.edgeName(e) : `[${type}]`;
    }
  }

  const byKind = new Tally();
  const byChain = new Tally();
  let total = 0;
  let objects = 0;
  for (let node = 0; node < graph.count; node++) {
    const type = graph.type(node);
    // code and V8's own bookkeeping objects are not the program's
    if (old.has(graph.id(node)) || type === "code" || type === "synthetic" || type === "hidden") continue;
    const size = graph.size(node);
    total += size;
    objects++;
    byKind.add(graph.label(node), size);
    // owners up to the first one the first snapshot held, and at least `chainLength` of them
    const chain: string[] = [];
    for (let at = node; chain.length < MAX_CHAIN; ) {
      const owner = retainer[at]!;
      if (owner === -1) break;
      chain.push(`${graph.label(owner)}.${retainerEdge[at]}`);
      at = owner;
      if (chain.length >= chainLength && old.has(graph.id(owner))) break;
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
  const graph = new HeapGraph(file);
  const classes = new Set(targets.filter((t) => t.startsWith("@")).map((t) => t.slice(1)));
  const fields = new Set(targets.filter((t) => !t.startsWith("@")));
  const named = new Uint8Array(graph.count);
  for (let node = 0; node < graph.count; node++) {
    const name = graph.name(node);
    if (graph.type(node) === "object" && classes.has(name)) named[node] = 1;
    for (let e = graph.firstEdge[node]!; e < graph.firstEdge[node + 1]!; e++) {
      // the object is named, and so blocked below, however else it is reached (e.g. from V8's out-of-object store)
      if (graph.edgeType(e) === "property" && fields.has(`${name}.${graph.edgeName(e)}`)) named[graph.edgeTo(e)] = 1;
    }
  }
  const all = graph.reachable();
  const without = graph.reachable(named);
  const byKind = new Tally();
  let bytes = 0;
  for (let node = 0; node < graph.count; node++) {
    if (all[node] === 0 || without[node] === 1) continue;
    bytes += graph.size(node);
    byKind.add(graph.label(node), graph.size(node));
  }
  return { targets: named.reduce((sum, n) => sum + n, 0), bytes, byKind };
}

/** What a snapshot holds alive (reachable from the roots through strong edges), by kind. */
export interface Live {
  bytes: number;
  /** Of `bytes`, the backing stores of ArrayBuffers (outside the JavaScript heap: PGlite's memory, socket and encode buffers). */
  arrayBufferBytes: number;
  byKind: Tally;
}

const ARRAY_BUFFER_DATA = "(native) system / JSArrayBufferData";

/** Everything alive in one snapshot: the live-heap figure per player of BENCHMARKS.md ("Pieces as ids"). */
export function liveHeap(file: string): Live {
  const graph = new HeapGraph(file);
  const alive = graph.reachable();
  const byKind = new Tally();
  let bytes = 0;
  let arrayBufferBytes = 0;
  for (let node = 0; node < graph.count; node++) {
    if (alive[node] === 0) continue;
    const label = graph.label(node);
    bytes += graph.size(node);
    if (label === ARRAY_BUFFER_DATA) arrayBufferBytes += graph.size(node);
    byKind.add(label, graph.size(node));
  }
  return { bytes, arrayBufferBytes, byKind };
}
