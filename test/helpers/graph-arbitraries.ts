import fc from 'fast-check';
import type { ScenarioInput } from '../../src/scenario/scenario-types.ts';
import { DECENTRALIZED_KITS, graphKitOf } from './kits/index.ts';

/** Arbitraries of decentralized runs: connected graphs, the three graph methods, node and edge faults. */

/** The decentralized methods, through their kits (one per registered decentralized method). */
export const GRAPH_KITS = DECENTRALIZED_KITS;
export const GRAPH_METHODS = GRAPH_KITS.map((kit) => kit.id);
export type GraphMethod = string;

/** A connected graph on n nodes: a random spanning tree plus random extra edges. */
export const graphArb = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc
    .record({
      parents: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
      extra: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: n }),
      latency: fc.constantFrom(0, 0.05, 0.25),
      perFloat: fc.constantFrom(0, 0.01, 0.125),
    })
    .map(({ parents, extra, latency, perFloat }) => {
      const seen = new Set<string>();
      const edges: [number, number][] = [];
      const add = (a: number, b: number) => {
        const key = a < b ? `${a}-${b}` : `${b}-${a}`;
        if (a === b || seen.has(key)) return;
        seen.add(key);
        edges.push([a, b]);
      };
      parents.forEach((p, i) => add(p, i + 1));
      for (const [a, b] of extra) add(a, b);
      return { n, topology: { kind: 'edges' as const, edges, latency, perFloat } };
    }),
);

export const namedGraphArb = fc.oneof(
  graphArb,
  fc.integer({ min: 3, max: 7 }).map((n) => ({ n, topology: { kind: 'ring' as const, perFloat: 0.05 } })),
  fc.integer({ min: 2, max: 3 }).map((k) => ({ n: k * k, topology: { kind: 'torus' as const, rows: k, cols: k, perFloat: 0.05 } })),
  fc.integer({ min: 2, max: 6 }).map((n) => ({ n, topology: { kind: 'complete' as const, latency: 0.1 } })),
  fc.integer({ min: 2, max: 6 }).map((n) => ({ n, topology: { kind: 'star' as const, center: n - 1, perFloat: 0.05 } })),
);

export function scenarioFor(method: GraphMethod, graph: { n: number; topology: ScenarioInput['topology'] }, taus: readonly number[], seed: number, batchSize: number): ScenarioInput {
  const n = graph.n;
  return {
    name: 'generated-graph',
    seed,
    problem: { kind: 'separable-quadratic', centers: Array.from({ length: n }, (_, i) => [i - n / 2, 1]), curvature: [1, 2], noise: { kind: 'gaussian', sigma: 0.1 } },
    workers: Array.from({ length: n }, (_, i) => ({ tau: taus[i % taus.length] })),
    topology: graph.topology,
    methods: [graphKitOf(method).params(batchSize)],
    stop: { iterations: 6, time: 400 },
    record: { trace: true },
  };
}

export const runArb = fc.record({
  method: fc.constantFrom(...GRAPH_METHODS),
  graph: namedGraphArb,
  taus: fc.array(fc.constantFrom(0.5, 0.75, 1, 1.5, 3), { minLength: 1, maxLength: 7 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  batchSize: fc.integer({ min: 1, max: 12 }),
});

/** Faults on nodes 0 and 1 and on edge 0–1 (present in every graph of {@link pathGraph}). */
export const graphFaultArb = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), at: fc.constantFrom(0.5, 1, 2.5), recoverAfter: fc.constantFrom(0.5, 2), workers: fc.constant<number[]>([1]) }),
  fc.record({ kind: fc.constant('pause' as const), from: fc.constantFrom(0, 1), to: fc.constantFrom(2, 4), workers: fc.constant<number[]>([0]) }),
  fc.record({ kind: fc.constant('delay' as const), extra: fc.constant({ kind: 'exponential', mean: 0.5 }), edges: fc.constant([[0, 1]] as [number, number][]) }),
  fc.record({ kind: fc.constant('loss' as const), p: fc.constantFrom(0.2, 0.5), to: fc.constant(5), edges: fc.constant([[0, 1]] as [number, number][]) }),
  fc.record({ kind: fc.constant('partition' as const), from: fc.constantFrom(0, 1), to: fc.constantFrom(3, 6), mode: fc.constantFrom('drop' as const, 'hold' as const), edges: fc.constant([[0, 1]] as [number, number][]) }),
);

/** A path 0–1–…–(n−1): every generated fault's target exists in it. */
export function pathGraph(n: number): { n: number; topology: ScenarioInput['topology'] } {
  return { n, topology: { kind: 'edges', edges: Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]), perFloat: 0.05 } };
}

/** A graph run: a generated graph without faults, or a path with one or two faults. */
export const graphRunArb: fc.Arbitrary<ScenarioInput> = fc.oneof(
  runArb.map(({ method, graph, taus, seed, batchSize }) => scenarioFor(method, graph, taus, seed, batchSize)),
  fc.tuple(runArb, fc.array(graphFaultArb, { minLength: 1, maxLength: 2 })).map(([{ method, graph, taus, seed, batchSize }, faults]) => ({
    ...scenarioFor(method, pathGraph(graph.n), taus, seed, batchSize),
    faults,
    stop: { iterations: 6, time: 60 },
  })),
);
