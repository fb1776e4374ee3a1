import { neighbours, type Edge, type Topology } from './topology.ts';

/**
 * Shortest-path routing over a topology, for a message of a given size. Everything here is
 * deterministic bit for bit: no randomness, no clocks, and a fixed tie-breaking rule.
 *
 * Floating point: the time of a path is summed from its source outward, ((0 + w₁) + w₂) + ….
 * Adding a non-negative weight is monotone and never decreases the sum even after rounding, so
 * Dijkstra returns exactly the smallest such sum over all paths, and a tree's time[v] is exactly
 * time[parent[v]] + edgeTime(parentEdge[v]). Because sums run from the source, the time i→j may
 * differ from j→i in the last bit when weights are not exactly representable sums; with
 * representable weights (integers, dyadic fractions) everything is exact and symmetric.
 */

/** Time for a message of `floats` floats over the edge: latency + floats·perFloat. */
export function edgeTime(edge: Edge, floats: number): number {
  return edge.latency + floats * edge.perFloat;
}

/**
 * Exact shortest times from `source`: Dijkstra on a binary heap keyed by (time, node id), so the
 * settling order, and with it every intermediate value, is the same on every run. Cut edges are
 * skipped. Only times come out; the tree's shape is chosen afterwards by a rule that does not
 * depend on the order Dijkstra happened to discover nodes in (see {@link shortestPathTree}).
 */
function search(topology: Topology, source: number, floats: number, isCut: ((edge: number) => boolean) | undefined, caller: string): { time: Float64Array; weight: Float64Array } {
  const n = topology.nodes;
  if (!Number.isSafeInteger(source) || source < 0 || source >= n) {
    throw new RangeError(`${caller}: node ${source} is not an integer in [0, ${n - 1}]`);
  }
  const weight = edgeWeights(topology, floats, isCut, caller);
  const adjacency = neighbours(topology);
  const time = new Float64Array(n).fill(Infinity);
  const settled = new Uint8Array(n);
  const heap = new MinHeap();
  time[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const { time: t, node: u } = heap.pop();
    if (settled[u] === 1 || t !== time[u]) continue; // stale entry: lazy deletion
    settled[u] = 1;
    for (const { node: v, edge } of adjacency[u]) {
      if (settled[v] === 1 || Number.isNaN(weight[edge])) continue;
      const candidate = t + weight[edge];
      if (candidate < time[v]) {
        time[v] = candidate;
        heap.push(candidate, v);
      }
    }
  }
  return { time, weight };
}

/** edgeTime of every edge for this message size; NaN marks a cut edge (it never compares true). */
function edgeWeights(topology: Topology, floats: number, isCut: ((edge: number) => boolean) | undefined, caller: string): Float64Array {
  if (!Number.isFinite(floats) || floats < 0) throw new RangeError(`${caller}: floats must be a finite number ≥ 0; got ${floats}`);
  const weight = new Float64Array(topology.edges.length);
  topology.edges.forEach((e, i) => { weight[i] = isCut?.(i) === true ? NaN : edgeTime(e, floats); });
  return weight;
}

/**
 * Shortest-path times from `source` to every node for a `floats`-float message (Infinity when
 * unreachable), by Dijkstra; edges for which `isCut(edgeIndex)` is true are skipped.
 */
export function shortestTimesFrom(topology: Topology, source: number, floats: number, isCut?: (edge: number) => boolean): Float64Array {
  return search(topology, source, floats, isCut, 'shortestTimesFrom').time;
}

/** All-pairs shortest-path times, n × n row-major: entry [i·n + j] is the time from i to j. */
export function allPairsTimes(topology: Topology, floats: number, isCut?: (edge: number) => boolean): Float64Array {
  const n = topology.nodes;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out.set(search(topology, i, floats, isCut, 'allPairsTimes').time, i * n);
  return out;
}

/**
 * The pivot: the node minimising its eccentricity, the largest shortest-path time from it to
 * any node; ties go to the lowest id. Also returns that eccentricity and the graph's largest
 * shortest-path time over all pairs (the "max τ_{i→j}" of Amelie's bound). When the graph
 * (after cuts) is disconnected every eccentricity is Infinity, so the pivot is node 0 and both
 * numbers are Infinity.
 */
export function choosePivot(topology: Topology, floats: number, isCut?: (edge: number) => boolean): { pivot: number; eccentricity: number; diameterTime: number } {
  const n = topology.nodes;
  const times = allPairsTimes(topology, floats, isCut);
  let pivot = 0;
  let eccentricity = Infinity;
  let diameterTime = 0;
  for (let i = 0; i < n; i++) {
    let largest = 0;
    for (let j = 0; j < n; j++) largest = Math.max(largest, times[i * n + j]);
    // Strict < keeps the lowest id among equal eccentricities; i = 0 always sets the first value.
    if (i === 0 || largest < eccentricity) {
      pivot = i;
      eccentricity = largest;
    }
    diameterTime = Math.max(diameterTime, largest);
  }
  return { pivot, eccentricity, diameterTime };
}

/** The shortest-path tree towards `root`. */
export interface RoutingTree {
  readonly root: number;
  /** parent[v] for every node; -1 for the root and for nodes unreachable from it. */
  readonly parent: Int32Array;
  /** index into topology.edges of the edge v—parent[v]; -1 likewise. */
  readonly parentEdge: Int32Array;
  /** children of each node, ascending. */
  readonly children: readonly (readonly number[])[];
  /** shortest-path time from the root to each node (Infinity when unreachable). */
  readonly time: Float64Array;
  /** hops from the root (-1 when unreachable): the fewest over paths that keep the exact shortest time. */
  readonly depth: Int32Array;
  /** nodes reachable from the root, in breadth-first order by (depth, id) — root first. */
  readonly order: readonly number[];
  readonly unreachable: readonly number[];
}

/**
 * The shortest-path tree rooted at `root` for a `floats`-float message; times are measured from
 * the root outward (see the file comment on rounding).
 *
 * Which parent, when several give exactly the same time: call an edge u—v *tight* when
 * time[u] + edgeTime === time[v] exactly. depth[v] is the fewest hops from the root over tight
 * edges, and parent[v] is the lowest-id tight neighbour at depth[v] − 1. So among equal-time
 * parents the lower id wins, except that a parent one hop closer to the root beats a lower id
 * further away. That exception is what keeps the rule well defined with zero-time edges (or
 * weights lost to rounding): two nodes at the same time could otherwise each pick the other.
 * With uniform edge times, equal time means equal depth, and the rule is simply "lowest id".
 */
export function shortestPathTree(topology: Topology, root: number, floats: number, isCut?: (edge: number) => boolean): RoutingTree {
  const n = topology.nodes;
  const { time, weight } = search(topology, root, floats, isCut, 'shortestPathTree');
  const adjacency = neighbours(topology);
  const parent = new Int32Array(n).fill(-1);
  const parentEdge = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n).fill(-1);
  const children: number[][] = Array.from({ length: n }, () => []);
  const order: number[] = [];
  // Breadth-first over tight edges, one level at a time, each level in ascending id: the first
  // node of a level to reach v is its lowest-id parent at the fewest hops, and concatenating the
  // levels gives `order` by (depth, id).
  let level = [root];
  depth[root] = 0;
  while (level.length > 0) {
    order.push(...level);
    const next: number[] = [];
    for (const u of level) {
      for (const { node: v, edge } of adjacency[u]) {
        if (depth[v] !== -1 || time[u] + weight[edge] !== time[v]) continue; // NaN (cut) never equals
        depth[v] = depth[u] + 1;
        parent[v] = u;
        parentEdge[v] = edge;
        next.push(v);
      }
    }
    next.sort((x, y) => x - y);
    level = next;
  }
  // Ascending v, so every child list comes out ascending.
  for (let v = 0; v < n; v++) if (parent[v] >= 0) children[parent[v]].push(v);
  const unreachable: number[] = [];
  for (let v = 0; v < n; v++) if (time[v] === Infinity) unreachable.push(v);
  return { root, parent, parentEdge, children, time, depth, order, unreachable };
}

/** A binary min-heap of (time, node) pairs ordered by time, then node id. */
class MinHeap {
  private readonly times: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(time: number, node: number): void {
    let i = this.nodes.length;
    this.times.push(time);
    this.nodes.push(node);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  pop(): { time: number; node: number } {
    const top = { time: this.times[0], node: this.nodes[0] };
    const lastTime = this.times.pop()!;
    const lastNode = this.nodes.pop()!;
    if (this.nodes.length > 0) {
      this.times[0] = lastTime;
      this.nodes[0] = lastNode;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.nodes.length && this.less(l, best)) best = l;
        if (r < this.nodes.length && this.less(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    return this.times[i] < this.times[j] || (this.times[i] === this.times[j] && this.nodes[i] < this.nodes[j]);
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j], this.times[i]];
    [this.nodes[i], this.nodes[j]] = [this.nodes[j], this.nodes[i]];
  }
}
