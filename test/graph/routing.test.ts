import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/scenario/parse-topology.ts';
import { allPairsTimes, choosePivot, edgeTime, shortestPathTree, shortestTimesFrom } from '../../src/graph/routing.ts';
import type { Topology } from '../../src/graph/topology.ts';

const PATH = 'scenario.topology';

interface Case {
  topology: Topology;
  floats: number;
  cut: ReadonlySet<number>;
}

/**
 * Small random graphs: 2–9 nodes, a random subset of the pairs in random orientation, and a
 * random cut set. `cost` picks latency/perFloat; `floats` the message size.
 */
function graphCase(cost: fc.Arbitrary<number>, floats: fc.Arbitrary<number>): fc.Arbitrary<Case> {
  return fc.integer({ min: 2, max: 9 }).chain((n) => {
    const pairs: [number, number][] = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
    const edge = fc.record({ present: fc.boolean(), flip: fc.boolean(), latency: cost, perFloat: cost, cut: fc.boolean() });
    return fc.tuple(fc.array(edge, { minLength: pairs.length, maxLength: pairs.length }), floats).map(([spec, size]) => {
      const edges = pairs.flatMap(([a, b], i) => (spec[i].present
        ? [{ a: spec[i].flip ? b : a, b: spec[i].flip ? a : b, latency: spec[i].latency, perFloat: spec[i].perFloat }]
        : []));
      const topology = parseTopology({ kind: 'edges', edges }, PATH, n);
      // Cut flags follow the pair, so look each canonical edge's pair up.
      const cut = new Set<number>();
      topology.edges.forEach((e, i) => { if (spec[pairs.findIndex(([a, b]) => a === e.a && b === e.b)].cut) cut.add(i); });
      return { topology, floats: size, cut };
    });
  });
}

/**
 * Costs that are small dyadic fractions, with many zeros and ties: every path sum is exactly
 * representable, so any summation order (Floyd–Warshall's included) gives the same bits.
 */
const dyadicCase = graphCase(fc.constantFrom(0, 0, 0.25, 0.5, 1, 1, 2, 3), fc.constantFrom(0, 1, 2, 3));
/** Arbitrary doubles, where summation order matters in the last bits. */
const doubleCase = graphCase(
  fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true })),
  fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true })),
);

function weights(c: Case): { a: number; b: number; w: number; i: number }[] {
  return c.topology.edges.flatMap((e, i) => (c.cut.has(i) ? [] : [{ a: e.a, b: e.b, w: edgeTime(e, c.floats), i }]));
}

/** Floyd–Warshall: d[i][j] = min over k of d[i][k] + d[k][j]. */
function floydWarshall(c: Case): Float64Array {
  const n = c.topology.nodes;
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  for (const { a, b, w } of weights(c)) {
    d[a * n + b] = Math.min(d[a * n + b], w);
    d[b * n + a] = Math.min(d[b * n + a], w);
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    d[i * n + j] = Math.min(d[i * n + j], d[i * n + k] + d[k * n + j]);
  }
  return d;
}

/**
 * Bellman–Ford from `source`: sums grow from the source outward, the same order Dijkstra uses,
 * so it must agree bit for bit even on arbitrary doubles.
 */
function bellmanFord(c: Case, source: number): Float64Array {
  const n = c.topology.nodes;
  const d = new Float64Array(n).fill(Infinity);
  d[source] = 0;
  const list = weights(c);
  for (let round = 0; round < n; round++) {
    for (const { a, b, w } of list) {
      if (d[a] + w < d[b]) d[b] = d[a] + w;
      if (d[b] + w < d[a]) d[a] = d[b] + w;
    }
  }
  return d;
}

const isCutOf = (c: Case) => (edge: number): boolean => c.cut.has(edge);

/** Checks every documented property of the tree rooted at `root`. */
function checkTree(c: Case, root: number): void {
  const { topology, floats } = c;
  const n = topology.nodes;
  const tree = shortestPathTree(topology, root, floats, isCutOf(c));
  const expected = bellmanFord(c, root);
  expect(tree.root).toBe(root);
  expect(Array.from(tree.time)).toEqual(Array.from(expected));
  expect(tree.parent[root]).toBe(-1);
  expect(tree.parentEdge[root]).toBe(-1);
  expect(tree.depth[root]).toBe(0);
  expect(tree.time[root]).toBe(0);
  // The documented rule, recomputed by brute force: tight edges keep the exact time; depth is
  // the fewest tight hops (relaxed to a fixpoint); the parent is the lowest-id tight neighbour
  // one level up.
  const tight: [number, number][] = [];
  for (const { a, b, w } of weights(c)) {
    if (tree.time[a] + w === tree.time[b]) tight.push([a, b]);
    if (tree.time[b] + w === tree.time[a]) tight.push([b, a]);
  }
  const hops = new Array<number>(n).fill(Infinity);
  hops[root] = 0;
  for (let round = 0; round < n; round++) for (const [u, v] of tight) hops[v] = Math.min(hops[v], hops[u] + 1);
  for (let v = 0; v < n; v++) {
    if (v === root) continue;
    if (tree.time[v] === Infinity) {
      expect(tree.parent[v]).toBe(-1);
      expect(tree.parentEdge[v]).toBe(-1);
      expect(tree.depth[v]).toBe(-1);
      continue;
    }
    const p = tree.parent[v];
    const e = topology.edges[tree.parentEdge[v]];
    expect(c.cut.has(tree.parentEdge[v])).toBe(false);
    expect([e.a, e.b]).toEqual([Math.min(v, p), Math.max(v, p)]);
    expect(tree.time[v]).toBe(tree.time[p] + edgeTime(e, floats)); // exact, by construction
    expect(tree.depth[v]).toBe(tree.depth[p] + 1);
    expect(tree.depth[v]).toBe(hops[v]);
    const candidates = tight.filter(([u, w]) => w === v && hops[u] === hops[v] - 1).map(([u]) => u);
    expect(p).toBe(Math.min(...candidates));
    // The parent chain reaches the root in depth[v] steps.
    let u = v;
    for (let step = 0; step < tree.depth[v]; step++) u = tree.parent[u];
    expect(u).toBe(root);
  }
  for (let v = 0; v < n; v++) {
    expect(tree.children[v]).toEqual(Array.from({ length: n }, (_, w) => w).filter((w) => tree.parent[w] === v));
  }
  const reachable = Array.from({ length: n }, (_, v) => v).filter((v) => tree.time[v] !== Infinity);
  expect(tree.order).toEqual([...reachable].sort((x, y) => tree.depth[x] - tree.depth[y] || x - y));
  expect(tree.order[0]).toBe(root);
  expect(tree.unreachable).toEqual(Array.from({ length: n }, (_, v) => v).filter((v) => tree.time[v] === Infinity));
}

function bruteForcePivot(times: Float64Array, n: number): { pivot: number; eccentricity: number; diameterTime: number } {
  const ecc = Array.from({ length: n }, (_, i) => Math.max(...times.subarray(i * n, (i + 1) * n)));
  const eccentricity = Math.min(...ecc);
  return { pivot: ecc.indexOf(eccentricity), eccentricity, diameterTime: Math.max(...ecc) };
}

describe('shortest paths against brute force', () => {
  it('dyadic costs: Dijkstra equals Floyd–Warshall exactly', () => {
    fc.assert(fc.property(dyadicCase, (c) => {
      const n = c.topology.nodes;
      const expected = floydWarshall(c);
      expect(Array.from(allPairsTimes(c.topology, c.floats, isCutOf(c)))).toEqual(Array.from(expected));
      for (let s = 0; s < n; s++) {
        expect(Array.from(shortestTimesFrom(c.topology, s, c.floats, isCutOf(c)))).toEqual(Array.from(expected.subarray(s * n, (s + 1) * n)));
      }
      expect(choosePivot(c.topology, c.floats, isCutOf(c))).toEqual(bruteForcePivot(expected, n));
    }), { numRuns: 200 });
  });

  it('arbitrary doubles: equal to Bellman–Ford exactly, to Floyd–Warshall within rounding', () => {
    fc.assert(fc.property(doubleCase, (c) => {
      const n = c.topology.nodes;
      const times = allPairsTimes(c.topology, c.floats, isCutOf(c));
      const fw = floydWarshall(c);
      for (let s = 0; s < n; s++) {
        const row = Array.from(times.subarray(s * n, (s + 1) * n));
        expect(row).toEqual(Array.from(bellmanFord(c, s)));
        expect(Array.from(shortestTimesFrom(c.topology, s, c.floats, isCutOf(c)))).toEqual(row);
        // Floyd–Warshall adds sub-path sums in another order, so it can differ in the last bits;
        // ≤ 8 additions of non-negative terms stay within 8·2⁻⁵³ relative, far below 1e-12.
        row.forEach((t, j) => {
          const f = fw[s * n + j];
          if (t === Infinity || f === Infinity) expect(t).toBe(f);
          else expect(Math.abs(t - f)).toBeLessThanOrEqual(1e-12 * Math.max(t, f));
        });
      }
      expect(choosePivot(c.topology, c.floats, isCutOf(c))).toEqual(bruteForcePivot(times, n));
    }), { numRuns: 150 });
  });

  it('no cut function means nothing is cut', () => {
    fc.assert(fc.property(dyadicCase, (c) => {
      const none = { ...c, cut: new Set<number>() };
      expect(Array.from(allPairsTimes(c.topology, c.floats))).toEqual(Array.from(floydWarshall(none)));
    }), { numRuns: 50 });
  });
});

describe('shortest-path trees', () => {
  it('dyadic costs (many exact ties): every property of the tree holds from every root', () => {
    fc.assert(fc.property(dyadicCase, (c) => {
      for (let root = 0; root < c.topology.nodes; root++) checkTree(c, root);
    }), { numRuns: 150 });
  });

  it('arbitrary doubles: every property of the tree holds from every root', () => {
    fc.assert(fc.property(doubleCase, (c) => {
      for (let root = 0; root < c.topology.nodes; root++) checkTree(c, root);
    }), { numRuns: 100 });
  });

  it('ties go to the lowest parent id, zero-time edges included', () => {
    // A 4-cycle with unit edges: node 2 is 2 from node 0 through 1 or 3; parent 1 wins.
    const square = parseTopology({ kind: 'ring', latency: 1 }, PATH, 4);
    const viaSquare = shortestPathTree(square, 0, 0);
    expect(Array.from(viaSquare.parent)).toEqual([-1, 0, 1, 0]);
    const diamond = parseTopology({ kind: 'edges', latency: 1, edges: [[0, 1], [0, 2], [1, 3], [2, 3]] }, PATH, 4);
    expect(Array.from(shortestPathTree(diamond, 0, 0).parent)).toEqual([-1, 0, 0, 1]);
    // All edges free: everything is at time 0; fewest hops puts every node right under the root.
    const free = parseTopology({ kind: 'complete' }, PATH, 5);
    const tree = shortestPathTree(free, 3, 7);
    expect(Array.from(tree.parent)).toEqual([3, 3, 3, -1, 3]);
    expect(tree.order).toEqual([3, 0, 1, 2, 4]);
    expect(Array.from(tree.depth)).toEqual([1, 1, 1, 0, 1]);
    // A zero-time chain 3—1 under root 4: node 1 must hang off 3, though 1 < 3 (no cycle).
    const chain = parseTopology({ kind: 'edges', edges: [[1, 3], [3, 4]] }, PATH, 5);
    expect(Array.from(shortestPathTree(chain, 4, 0).parent)).toEqual([-1, 3, -1, 4, -1]);
    // Node 4 is at time 2 both via 3 (0—3—4) and via 2 (0—1—2—4): fewer hops beat the lower id.
    const twoWays = parseTopology({ kind: 'edges', latency: 1, edges: [[0, 3], [3, 4], { a: 0, b: 1, latency: 0.5 }, { a: 1, b: 2, latency: 0.5 }, [2, 4]] }, PATH, 5);
    const split = shortestPathTree(twoWays, 0, 0);
    expect(split.parent[4]).toBe(3);
    expect(split.depth[4]).toBe(2);
    expect(split.time[4]).toBe(2);
  });

  it('cuts make nodes unreachable and give Infinity eccentricities', () => {
    const line = parseTopology({ kind: 'edges', latency: 1, edges: [[0, 1], [1, 2], [2, 3]] }, PATH, 4);
    const cutMiddle = (edge: number): boolean => edge === 1;
    const tree = shortestPathTree(line, 0, 0, cutMiddle);
    expect(tree.unreachable).toEqual([2, 3]);
    expect(tree.order).toEqual([0, 1]);
    expect(Array.from(tree.time)).toEqual([0, 1, Infinity, Infinity]);
    expect(choosePivot(line, 0, cutMiddle)).toEqual({ pivot: 0, eccentricity: Infinity, diameterTime: Infinity });
    expect(choosePivot(line, 0)).toEqual({ pivot: 1, eccentricity: 2, diameterTime: 3 });
  });

  it('is the same object-for-object on repeated runs', () => {
    const t = parseTopology({ kind: 'torus', rows: 4, cols: 5, latency: 0.1, perFloat: 0.3 }, PATH, 20);
    const first = shortestPathTree(t, 7, 3);
    expect(shortestPathTree(t, 7, 3)).toEqual(first);
  });
});

describe('pivot', () => {
  it('torus 10×10, uniform edges: pivot 0 by symmetry, eccentricity 10 hops', () => {
    const t = parseTopology({ kind: 'torus', rows: 10, cols: 10, latency: 1, perFloat: 0.5 }, PATH, 100);
    const hop = edgeTime(t.edges[0], 2);
    expect(hop).toBe(2);
    expect(choosePivot(t, 2)).toEqual({ pivot: 0, eccentricity: 10 * hop, diameterTime: 10 * hop });
  });

  it('star: the center is the pivot', () => {
    const t = parseTopology({ kind: 'star', center: 4, latency: 1 }, PATH, 7);
    expect(choosePivot(t, 0)).toEqual({ pivot: 4, eccentricity: 1, diameterTime: 2 });
  });

  it('a single node is its own pivot', () => {
    expect(choosePivot(parseTopology({ kind: 'ring' }, PATH, 1), 5)).toEqual({ pivot: 0, eccentricity: 0, diameterTime: 0 });
  });

  it('rejects bad sources and message sizes', () => {
    const t = parseTopology({ kind: 'ring' }, PATH, 3);
    expect(() => shortestTimesFrom(t, 3, 0)).toThrow(RangeError);
    expect(() => shortestPathTree(t, -1, 0)).toThrow(RangeError);
    expect(() => allPairsTimes(t, -1)).toThrow(RangeError);
    expect(() => choosePivot(t, NaN)).toThrow(RangeError);
  });
});
