import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTopology, requireConnected } from '../../src/scenario/parse-topology.ts';
import { createTopology, edgeIndex, neighbours, type Topology } from '../../src/graph/topology.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';

const PATH = 'scenario.topology';

function degrees(t: Topology): number[] {
  return neighbours(t).map((list) => list.length);
}

/** The canonical invariants every topology must satisfy. */
function expectCanonical(t: Topology): void {
  t.edges.forEach((e, i) => {
    expect(e.a).toBeLessThan(e.b);
    expect(e.a).toBeGreaterThanOrEqual(0);
    expect(e.b).toBeLessThan(t.nodes);
    if (i > 0) {
      const p = t.edges[i - 1];
      expect(p.a < e.a || (p.a === e.a && p.b < e.b)).toBe(true);
    }
    expect(edgeIndex(t, e.a, e.b)).toBe(i);
    expect(edgeIndex(t, e.b, e.a)).toBe(i);
  });
  neighbours(t).forEach((list, v) => {
    list.forEach((x, k) => {
      if (k > 0) expect(list[k - 1].node).toBeLessThan(x.node);
      const e = t.edges[x.edge];
      expect([e.a, e.b].sort((p, q) => p - q)).toEqual([Math.min(v, x.node), Math.max(v, x.node)]);
    });
  });
}

/** The ScenarioError `run` throws; fails the test if it throws anything else or nothing. */
function scenarioError(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
}

describe('built-in topologies', () => {
  it('ring: n edges, degree 2; 2 nodes is one edge and 1 node none', () => {
    for (const n of [3, 4, 7, 20]) {
      const t = parseTopology({ kind: 'ring' }, PATH, n);
      expectCanonical(t);
      expect(t.edges.length).toBe(n);
      expect(degrees(t).every((d) => d === 2)).toBe(true);
      expect(edgeIndex(t, 0, n - 1)).toBeGreaterThanOrEqual(0);
    }
    expect(parseTopology({ kind: 'ring' }, PATH, 2).edges).toEqual([{ a: 0, b: 1, latency: 0, perFloat: 0 }]);
    expect(parseTopology({ kind: 'ring' }, PATH, 1).edges).toEqual([]);
  });

  it('torus k×k for k ≥ 3: 2k² edges, degree 4, id = r·cols + c', () => {
    for (const k of [3, 4, 10]) {
      const t = parseTopology({ kind: 'torus', rows: k, cols: k }, PATH, k * k);
      expectCanonical(t);
      expect(t.edges.length).toBe(2 * k * k);
      expect(degrees(t).every((d) => d === 4)).toBe(true);
    }
    const t = parseTopology({ kind: 'torus', rows: 3, cols: 4 }, PATH, 12);
    // Node (1, 2) = 6: up (0, 2) = 2, down (2, 2) = 10, left (1, 1) = 5, right (1, 3) = 7.
    expect(neighbours(t)[6].map((x) => x.node)).toEqual([2, 5, 7, 10]);
    // Wrap-around: (0, 0) = 0 touches (2, 0) = 8 and (0, 3) = 3.
    expect(neighbours(t)[0].map((x) => x.node)).toEqual([1, 3, 4, 8]);
  });

  it('torus with a dimension of 1 or 2 drops self-loops and duplicates', () => {
    const square = parseTopology({ kind: 'torus', rows: 2, cols: 2 }, PATH, 4);
    expectCanonical(square);
    expect(square.edges.map((e) => [e.a, e.b])).toEqual([[0, 1], [0, 2], [1, 3], [2, 3]]);
    const line = parseTopology({ kind: 'torus', rows: 1, cols: 5 }, PATH, 5);
    expect(line.edges.map((e) => [e.a, e.b])).toEqual(parseTopology({ kind: 'ring' }, PATH, 5).edges.map((e) => [e.a, e.b]));
    const column = parseTopology({ kind: 'torus', rows: 6, cols: 1 }, PATH, 6);
    expect(column.edges.length).toBe(6);
    expect(degrees(column).every((d) => d === 2)).toBe(true);
    const ladder = parseTopology({ kind: 'torus', rows: 2, cols: 5 }, PATH, 10);
    expectCanonical(ladder);
    expect(ladder.edges.length).toBe(15); // 5 rungs once each + 2 rings of 5
    expect(degrees(ladder).every((d) => d === 3)).toBe(true);
    expect(parseTopology({ kind: 'torus', rows: 1, cols: 1 }, PATH, 1).edges).toEqual([]);
    expect(parseTopology({ kind: 'torus', rows: 1, cols: 2 }, PATH, 2).edges.length).toBe(1);
  });

  it('complete: n(n−1)/2 edges, degree n − 1', () => {
    for (const n of [1, 2, 5, 9]) {
      const t = parseTopology({ kind: 'complete', latency: 1, perFloat: 0.5 }, PATH, n);
      expectCanonical(t);
      expect(t.edges.length).toBe((n * (n - 1)) / 2);
      expect(degrees(t).every((d) => d === n - 1)).toBe(true);
      expect(t.edges.every((e) => e.latency === 1 && e.perFloat === 0.5)).toBe(true);
    }
  });

  it('star: n − 1 edges around the center (default 0)', () => {
    const t = parseTopology({ kind: 'star' }, PATH, 6);
    expectCanonical(t);
    expect(t.edges.length).toBe(5);
    expect(degrees(t)).toEqual([5, 1, 1, 1, 1, 1]);
    const off = parseTopology({ kind: 'star', center: 3 }, PATH, 6);
    expectCanonical(off);
    expect(degrees(off)).toEqual([1, 1, 1, 5, 1, 1]);
    expect(edgeIndex(off, 5, 3)).toBe(4);
    expect(edgeIndex(off, 0, 5)).toBe(-1);
    expect(parseTopology({ kind: 'star' }, PATH, 1).edges).toEqual([]);
  });
});

describe('explicit edges', () => {
  it('sorts into canonical order, per-edge costs override the defaults', () => {
    const t = parseTopology({ kind: 'edges', latency: 2, edges: [[3, 1], { a: 0, b: 2, perFloat: 4 }, [1, 0], { a: 2, b: 1, latency: 0 }] }, PATH, 5);
    expectCanonical(t);
    expect(t.edges).toEqual([
      { a: 0, b: 1, latency: 2, perFloat: 0 },
      { a: 0, b: 2, latency: 2, perFloat: 4 },
      { a: 1, b: 2, latency: 0, perFloat: 0 },
      { a: 1, b: 3, latency: 2, perFloat: 0 },
    ]);
    // Node 4 is isolated: legal input, but not connected.
    expect(neighbours(t)[4]).toEqual([]);
    const error = scenarioError(() => requireConnected(t, PATH));
    expect(error.message).toBe(`${PATH} must be a connected graph; node 4 cannot be reached from node 0`);
    expect(() => requireConnected(parseTopology({ kind: 'ring' }, PATH, 5), PATH)).not.toThrow();
  });

  it('edgeIndex answers −1 for missing pairs and bad ids', () => {
    const t = parseTopology({ kind: 'edges', edges: [[0, 2]] }, PATH, 3);
    expect(edgeIndex(t, 0, 2)).toBe(0);
    expect(edgeIndex(t, 2, 0)).toBe(0);
    for (const [a, b] of [[0, 1], [1, 2], [0, 0], [-1, 2], [0, 3], [0.5, 2], [NaN, 2]]) expect(edgeIndex(t, a, b)).toBe(-1);
  });

  it('any random edge list gives a canonical topology with one index per pair', () => {
    const arb = fc.integer({ min: 2, max: 9 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).filter(([a, b]) => a !== b), {
        selector: ([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`,
      })));
    fc.assert(fc.property(arb, ([n, pairs]) => {
      const t = parseTopology({ kind: 'edges', edges: pairs }, PATH, n);
      expectCanonical(t);
      expect(t.edges.length).toBe(pairs.length);
      for (const [a, b] of pairs) expect(edgeIndex(t, a, b)).toBeGreaterThanOrEqual(0);
      expect(degrees(t).reduce((s, d) => s + d, 0)).toBe(2 * pairs.length);
    }), { numRuns: 100 });
  });
});

describe('bad input names the path, the value and the expectation', () => {
  const cases: { name: string; raw: unknown; nodes?: number; path: string; message: RegExp | string }[] = [
    { name: 'not an object', raw: 'ring', path: PATH, message: `${PATH} must be an object; got "ring"` },
    { name: 'missing kind', raw: {}, path: `${PATH}.kind`, message: `${PATH}.kind must be one of "ring", "torus", "complete", "star", "edges"; got nothing (the field is missing)` },
    { name: 'unknown kind', raw: { kind: 'mesh' }, path: `${PATH}.kind`, message: `${PATH}.kind must be one of "ring", "torus", "complete", "star", "edges"; got "mesh"` },
    { name: 'unknown key', raw: { kind: 'ring', colour: 1 }, path: `${PATH}.colour`, message: /scenario\.topology\.colour is not a known field \(known here: kind, latency, perFloat, rows, cols, center, edges\)/ },
    { name: 'key of another kind', raw: { kind: 'ring', rows: 3 }, path: `${PATH}.rows`, message: `${PATH}.rows is not a known field (known here: kind, latency, perFloat)` },
    { name: 'negative latency', raw: { kind: 'ring', latency: -1 }, path: `${PATH}.latency`, message: `${PATH}.latency must be a non-negative number; got -1` },
    { name: 'NaN perFloat', raw: { kind: 'complete', perFloat: NaN }, path: `${PATH}.perFloat`, message: `${PATH}.perFloat must be a non-negative number; got NaN` },
    { name: 'infinite latency', raw: { kind: 'star', latency: Infinity }, path: `${PATH}.latency`, message: `${PATH}.latency must be a non-negative number; got Infinity` },
    { name: 'rows × cols ≠ nodes', raw: { kind: 'torus', rows: 3, cols: 4 }, nodes: 10, path: PATH, message: `${PATH}.rows × ${PATH}.cols must equal the node count 10; got 3 × 4 = 12` },
    { name: 'missing cols', raw: { kind: 'torus', rows: 3 }, nodes: 9, path: `${PATH}.cols`, message: `${PATH}.cols must be an integer ≥ 1; got nothing (the field is missing)` },
    { name: 'fractional rows', raw: { kind: 'torus', rows: 2.5, cols: 4 }, path: `${PATH}.rows`, message: `${PATH}.rows must be an integer ≥ 1; got 2.5` },
    { name: 'zero rows', raw: { kind: 'torus', rows: 0, cols: 10 }, path: `${PATH}.rows`, message: `${PATH}.rows must be an integer ≥ 1; got 0` },
    { name: 'star center out of range', raw: { kind: 'star', center: 10 }, path: `${PATH}.center`, message: `${PATH}.center must be an integer in [0, 9]; got 10` },
    { name: 'star center negative', raw: { kind: 'star', center: -1 }, path: `${PATH}.center`, message: `${PATH}.center must be an integer in [0, 9]; got -1` },
    { name: 'edges missing', raw: { kind: 'edges' }, path: `${PATH}.edges`, message: `${PATH}.edges must be a list of edges; got nothing (the field is missing)` },
    { name: 'edge not a pair', raw: { kind: 'edges', edges: [[0, 1], [1, 2, 3]] }, path: `${PATH}.edges[1]`, message: `${PATH}.edges[1] must be an edge [a, b] or { a, b, latency?, perFloat? }; got an array of 3` },
    { name: 'edge a number', raw: { kind: 'edges', edges: [7] }, path: `${PATH}.edges[0]`, message: `${PATH}.edges[0] must be an edge [a, b] or { a, b, latency?, perFloat? }; got 7` },
    { name: 'id out of range', raw: { kind: 'edges', edges: [[0, 1], [1, 2], [2, 3], { a: 3, b: 10 }] }, path: `${PATH}.edges[3].b`, message: `${PATH}.edges[3].b must be an integer in [0, 9]; got 10` },
    { name: 'non-integer id', raw: { kind: 'edges', edges: [[0.5, 1]] }, path: `${PATH}.edges[0][0]`, message: `${PATH}.edges[0][0] must be an integer in [0, 9]; got 0.5` },
    { name: 'string id', raw: { kind: 'edges', edges: [{ a: '1', b: 2 }] }, path: `${PATH}.edges[0].a`, message: `${PATH}.edges[0].a must be an integer in [0, 9]; got "1"` },
    { name: 'self-loop (pair)', raw: { kind: 'edges', edges: [[4, 4]] }, path: `${PATH}.edges[0][1]`, message: `${PATH}.edges[0][1] must be a node other than 4 (self-loops are not allowed); got 4` },
    { name: 'self-loop (object)', raw: { kind: 'edges', edges: [[0, 1], { a: 2, b: 2 }] }, path: `${PATH}.edges[1].b`, message: `${PATH}.edges[1].b must be a node other than 2 (self-loops are not allowed); got 2` },
    { name: 'duplicate edge', raw: { kind: 'edges', edges: [[0, 1], [1, 2], [0, 1]] }, path: `${PATH}.edges[2]`, message: `${PATH}.edges[2] joins nodes 0 and 1, which ${PATH}.edges[0] already joins; each pair may appear once, in either orientation` },
    { name: 'duplicate edge, reversed', raw: { kind: 'edges', edges: [[0, 1], { a: 5, b: 3 }, [3, 5]] }, path: `${PATH}.edges[2]`, message: `${PATH}.edges[2] joins nodes 3 and 5, which ${PATH}.edges[1] already joins; each pair may appear once, in either orientation` },
    { name: 'unknown edge key', raw: { kind: 'edges', edges: [{ a: 0, b: 1, weight: 2 }] }, path: `${PATH}.edges[0].weight`, message: `${PATH}.edges[0].weight is not a known field (known here: a, b, latency, perFloat)` },
    { name: 'bad edge latency', raw: { kind: 'edges', edges: [{ a: 0, b: 1, latency: -0.5 }] }, path: `${PATH}.edges[0].latency`, message: `${PATH}.edges[0].latency must be a non-negative number; got -0.5` },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const error = scenarioError(() => parseTopology(c.raw, PATH, c.nodes ?? 10));
      expect(error.path).toBe(c.path);
      if (typeof c.message === 'string') expect(error.message).toBe(c.message);
      else expect(error.message).toMatch(c.message);
    });
  }

  it('a bad node count is the caller’s bug, not the user’s', () => {
    expect(() => parseTopology({ kind: 'ring' }, PATH, 0)).toThrow(RangeError);
    expect(() => createTopology('edges', 3, [{ a: 1, b: 1, latency: 0, perFloat: 0 }])).toThrow(RangeError);
    expect(() => createTopology('edges', 3, [{ a: 0, b: 1, latency: 0, perFloat: 0 }, { a: 1, b: 0, latency: 0, perFloat: 0 }])).toThrow(RangeError);
  });

  it('requireConnected lists every unreachable node', () => {
    const t = parseTopology({ kind: 'edges', edges: [[0, 1], [2, 3]] }, PATH, 5);
    const error = scenarioError(() => requireConnected(t, PATH));
    expect(error.path).toBe(PATH);
    expect(error.message).toBe(`${PATH} must be a connected graph; nodes 2, 3, 4 cannot be reached from node 0`);
  });
});
