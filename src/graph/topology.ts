/**
 * The communication graph of a decentralized method (Fragile SGD, Amelie SGD): which workers
 * can talk to each other directly and what each link costs. Topologies are immutable values;
 * lookups are built lazily and cached per topology object, so they are free to share.
 */

/**
 * One undirected edge between nodes a < b; a message of k floats takes latency + k·perFloat
 * over it (each direction is its own FIFO link).
 */
export interface Edge {
  readonly a: number;
  readonly b: number;
  readonly latency: number;
  readonly perFloat: number;
}

export type TopologyKind = 'ring' | 'torus' | 'complete' | 'star' | 'edges';

export const TOPOLOGY_KINDS: readonly TopologyKind[] = ['ring', 'torus', 'complete', 'star', 'edges'];

/** Canonical: edges have a < b, are sorted by (a, b), with no duplicates and no self-loops. */
export interface Topology {
  readonly kind: TopologyKind;
  readonly nodes: number;
  readonly edges: readonly Edge[];
  /** A torus's shape (node id = r·cols + c), for drawing it as a grid. */
  readonly grid?: { readonly rows: number; readonly cols: number };
}

/**
 * Builds a canonical, frozen topology from edges in any order and orientation. Bad input here
 * is a programming error (scenario input is checked with paths by `parseTopology` first), so it
 * throws a RangeError: node counts that are not integers ≥ 1, ids out of range, self-loops,
 * duplicate pairs, or costs that are not finite and ≥ 0.
 */
export function createTopology(kind: TopologyKind, nodes: number, edges: readonly Edge[], grid?: { rows: number; cols: number }): Topology {
  if (!Number.isSafeInteger(nodes) || nodes < 1) throw new RangeError(`createTopology: nodes must be an integer ≥ 1; got ${nodes}`);
  const canonical = edges.map((e) => {
    for (const id of [e.a, e.b]) {
      if (!Number.isSafeInteger(id) || id < 0 || id >= nodes) {
        throw new RangeError(`createTopology: node id ${id} is not an integer in [0, ${nodes - 1}]`);
      }
    }
    if (e.a === e.b) throw new RangeError(`createTopology: self-loop at node ${e.a}`);
    for (const cost of [e.latency, e.perFloat]) {
      if (!Number.isFinite(cost) || cost < 0) throw new RangeError(`createTopology: edge ${e.a}—${e.b} has cost ${cost}; need finite and ≥ 0`);
    }
    const [a, b] = e.a < e.b ? [e.a, e.b] : [e.b, e.a];
    return Object.freeze({ a, b, latency: e.latency, perFloat: e.perFloat });
  });
  canonical.sort((x, y) => x.a - y.a || x.b - y.b);
  for (let i = 1; i < canonical.length; i++) {
    if (canonical[i].a === canonical[i - 1].a && canonical[i].b === canonical[i - 1].b) {
      throw new RangeError(`createTopology: duplicate edge ${canonical[i].a}—${canonical[i].b}`);
    }
  }
  return Object.freeze({ kind, nodes, edges: Object.freeze(canonical), ...(grid === undefined ? {} : { grid: Object.freeze({ ...grid }) }) });
}

// Cached per topology object: topologies are frozen, so a lookup never goes stale.
const edgeMaps = new WeakMap<Topology, Map<number, number>>();
const neighbourLists = new WeakMap<Topology, readonly (readonly { node: number; edge: number }[])[]>();

/** Index of the edge {a, b} in topology.edges (either order), or -1. O(1) after the first call. */
export function edgeIndex(topology: Topology, a: number, b: number): number {
  const n = topology.nodes;
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < 0 || a >= n || b >= n) return -1;
  let map = edgeMaps.get(topology);
  if (map === undefined) {
    map = new Map();
    topology.edges.forEach((e, i) => map!.set(e.a * n + e.b, i));
    edgeMaps.set(topology, map);
  }
  const key = a < b ? a * n + b : b * n + a;
  return map.get(key) ?? -1;
}

/** Neighbours of each node, ascending by node id, with the index of the connecting edge. */
export function neighbours(topology: Topology): readonly (readonly { node: number; edge: number }[])[] {
  let lists = neighbourLists.get(topology);
  if (lists === undefined) {
    const build: { node: number; edge: number }[][] = Array.from({ length: topology.nodes }, () => []);
    topology.edges.forEach((e, i) => {
      build[e.a].push({ node: e.b, edge: i });
      build[e.b].push({ node: e.a, edge: i });
    });
    // Edges are sorted by (a, b), but a node's list mixes edges where it is `a` and where it is `b`.
    for (const list of build) list.sort((x, y) => x.node - y.node);
    lists = Object.freeze(build.map((list) => Object.freeze(list.map((x) => Object.freeze(x)))));
    neighbourLists.set(topology, lists);
  }
  return lists;
}
