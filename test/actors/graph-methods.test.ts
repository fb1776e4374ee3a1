import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { methodCatalog } from '../../actors/method-registry.ts';
import { choosePivot, shortestTimesFrom } from '../../src/graph/routing.ts';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import { parseScenario } from '../../src/scenario/parse-scenario.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import type { ScenarioInput } from '../../src/scenario/scenario-types.ts';
import { GENERIC_LAWS, ofKind } from '../helpers/laws.ts';
import { simulateTraced, type TracedRun } from '../helpers/simulate.ts';
import { graphFaultArb, graphRunArb, pathGraph, runArb, scenarioFor, type GraphMethod } from '../helpers/graph-arbitraries.ts';

/**
 * Fragile SGD, Amelie SGD and Minibatch SGD on a graph (ALGORITHMS §4.3): the invariants of §4.3
 * as properties over generated graphs, the laws every method keeps, and what edge partitions do.
 */

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);
/** The generic laws that do not read per-job arrival records (sums on a graph carry no job ids). */
const LAWS = GENERIC_LAWS.filter((law) => !law.name.startsWith('no gradient is applied twice'));

/** Virtual time each round began: 0 for round 0, the time of the step that made it otherwise. */
function roundStarts(records: readonly TraceRecord[]): Map<number, number> {
  const starts = new Map<number, number>([[0, 0]]);
  for (const r of ofKind(records, TraceKind.modelStep)) starts.set(r.iteration, r.time);
  return starts;
}

/** The applied records of each step, by the round (tag) they belong to. */
function appliedByRound(records: readonly TraceRecord[]): Map<number, TraceRecord[]> {
  const byRound = new Map<number, TraceRecord[]>();
  for (const r of ofKind(records, TraceKind.gradApplied)) byRound.set(r.tag, [...(byRound.get(r.tag) ?? []), r]);
  return byRound;
}

function countBy(records: readonly TraceRecord[], kind: number, round: number, worker: number): number {
  return records.filter((r) => r.kind === kind && r.tag === round && r.worker === worker).reduce((sum, r) => sum + r.count, 0);
}

function checkGraphLaws(run: TracedRun, method: GraphMethod): void {
  const { scenario, result, records } = run;
  const n = scenario.workers.length;
  const topology = scenario.topology!;
  const d = result.final.x!.length;
  for (const law of LAWS) law.check(run);

  // The pivot is the graph's centre, as routing computes it.
  expect(result.graph?.pivot).toBe(choosePivot(topology, d).pivot);
  const pivot = result.graph!.pivot;

  // The broadcast reaches every node along the tree: each node adopts the rounds in order, with
  // none skipped, never before the model could have travelled from the pivot; methods that wait
  // for everyone see every node compute in every finished round (Fragile may step again before a
  // far node has the model: it reaches the node later, or after the run).
  const fromPivot = shortestTimesFrom(topology, pivot, d);
  const starts = roundStarts(records);
  for (let v = 0; v < n; v++) {
    const rounds = [...new Set(records.filter((r) => r.kind === TraceKind.jobStart && r.worker === v).map((r) => r.tag))];
    expect(rounds, `rounds node ${v} computed in`).toEqual(rounds.map((_, i) => i));
    for (const round of rounds) {
      const first = records.find((r) => r.kind === TraceKind.jobStart && r.worker === v && r.tag === round)!;
      expect(first.time).toBeGreaterThanOrEqual(starts.get(round)! + fromPivot[v] - 1e-9);
    }
    if (method !== 'fragile') expect(rounds.length, `node ${v}`).toBeGreaterThanOrEqual(result.iterations);
  }

  // The pivot's count is the sum of the contributions made on the way up.
  for (const [round, applied] of appliedByRound(records)) {
    const total = applied.reduce((sum, r) => sum + r.count, 0);
    for (const r of applied) {
      const computed = countBy(records, TraceKind.gradComputed, round, r.worker);
      if (method === 'fragile') expect(r.count).toBeLessThanOrEqual(computed);
      // Amelie collects everything a node computed in the round (work in progress is cancelled).
      else expect(r.count, `node ${r.worker}, round ${round}`).toBe(computed);
    }
    if (method === 'minibatch-graph') {
      // Minibatch on the graph aggregates exactly n gradients, one per node, each weighing 1/n.
      expect(total).toBe(n);
      expect(applied.map((r) => r.worker).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const r of applied) expect(r.value).toBeCloseTo(1 / n, 12);
    } else if (method === 'amelie') {
      // Every node weighs 1/n in every step, however many gradients it computed.
      expect(applied.length).toBe(n);
      for (const r of applied) expect(r.value, `node ${r.worker}, round ${round}`).toBeCloseTo(1 / n, 12);
    } else {
      const S = scenario.methods[0].params.batchSize as number;
      expect(total).toBeGreaterThanOrEqual(S);
      for (const r of applied) expect(r.value).toBeCloseTo(r.count / total, 12);
    }
  }
}

describe('decentralized methods on generated graphs', () => {
  it('keep the invariants of ALGORITHMS §4.3 and every generic law', () => {
    fc.assert(
      fc.property(runArb, ({ method, graph, taus, seed, batchSize }) => {
        const run = simulateTraced(scenarioFor(method, graph, taus, seed, batchSize));
        expect(run.result.stopReason).toBe('iterations');
        checkGraphLaws(run, method);
      }),
      { numRuns },
    );
  });

  it('give the same trace through the compiled dispatcher and through XState', () => {
    fc.assert(
      fc.property(graphRunArb, (input) => {
        expect(simulateTraced(input, { dispatch: 'xstate' }).result.traceHash).toBe(simulateTraced(input).result.traceHash);
      }),
      { numRuns: Math.ceil(numRuns / 2) },
    );
  });

  it('account for every gradient under node crashes, pauses and edge faults', () => {
    fc.assert(
      fc.property(runArb, fc.array(graphFaultArb, { minLength: 1, maxLength: 2 }), ({ method, graph, taus, seed, batchSize }, faults) => {
        const input = { ...scenarioFor(method, pathGraph(graph.n), taus, seed, batchSize), faults };
        const run = simulateTraced({ ...input, stop: { iterations: 6, time: 60 } });
        for (const law of LAWS) law.check(run);
        expect(['iterations', 'time', 'stalled']).toContain(run.result.stopReason);
      }),
      { numRuns },
    );
  });
});

describe('edge partitions', () => {
  /** A path 0–1–2 (pivot 1) with unit compute times; d = 2, so a model or a sum takes 0.25 s per edge. */
  const path = (method: GraphMethod, faults: ScenarioInput['faults'], iterations = 3): ScenarioInput => ({
    ...scenarioFor(method, { n: 3, topology: { kind: 'edges', edges: [[0, 1], [1, 2]], perFloat: 0.125 } }, [1], 7, 3),
    faults,
    stop: { iterations, time: 100 },
  });

  it('Minibatch on the graph begins no round while a node is cut off, and begins one when the edge heals', () => {
    const { result, records } = simulateTraced(path('minibatch-graph', [{ kind: 'partition', edges: [[1, 2]], from: 0, to: 5 }]));
    expect(result.graph?.pivot).toBe(1);
    expect(Math.min(...ofKind(records, TraceKind.jobStart).map((r) => r.time))).toBe(5);
    expect(result.iterations).toBe(3);
  });

  it('Minibatch on the graph stalls, naming the unreachable node, when an edge is cut for good', () => {
    const { result } = simulateTraced(path('minibatch-graph', [{ kind: 'partition', edges: [[1, 2]], from: 0 }]));
    expect(result.stopReason).toBe('stalled');
    expect(result.stall?.workers).toEqual([2]);
    expect(result.stall?.waitingFor).toMatch(/reconnect nodes 2 to pivot 1/);
  });

  it('Fragile goes on without the node it cannot reach', () => {
    const { result, records } = simulateTraced(path('fragile', [{ kind: 'partition', edges: [[1, 2]], from: 0 }]));
    expect(result.stopReason).toBe('iterations');
    expect(ofKind(records, TraceKind.jobStart).filter((r) => r.worker === 2)).toEqual([]);
  });

  it('a hold-mode cut of a tree edge delays that node’s sum to the heal, and with it the step', () => {
    // A d = 2 message takes 2 × 0.125 s: node 2 gets the model at t = 0.25 and finishes at 1.25;
    // its sum, sent at 1.25 into the cut, waits for the heal at t = 10, then takes 0.25 s.
    const { records } = simulateTraced(path('minibatch-graph', [{ kind: 'partition', edges: [[1, 2]], from: 0.5, to: 10, mode: 'hold' }], 1));
    const step = ofKind(records, TraceKind.modelStep)[0];
    expect(step.time).toBe(10 + 0.25);
  });

  it('routes each round around a cut edge: the tree is recomputed over the uncut graph', () => {
    // Ring 0–1–2–3–0 with 1 s per vector (d = 2, 0.5 s per float); pivot 0. Edge 0–1 cut for
    // t ∈ [0, 50): round 0 reaches node 1 through 3 and 2 (3 s), not directly (1 s).
    const ring = (faults: ScenarioInput['faults']) => ({
      ...scenarioFor('minibatch-graph', { n: 4, topology: { kind: 'ring', perFloat: 0.5 } }, [1], 7, 1),
      faults,
      stop: { iterations: 1, time: 100 },
    });
    const firstStart = (records: readonly TraceRecord[], node: number) => ofKind(records, TraceKind.jobStart).find((r) => r.worker === node)!.time;
    expect(firstStart(simulateTraced(ring([])).records, 1)).toBe(1);
    const cut = simulateTraced(ring([{ kind: 'partition', edges: [[0, 1]], from: 0, to: 50 }]));
    expect(cut.result.graph?.pivot).toBe(0);
    expect(firstStart(cut.records, 1)).toBe(3);
    expect(cut.result.iterations).toBe(1);
  });

  it('a node that loses the round to a crash stalls Amelie, reported as a stall naming it while the others still compute', () => {
    const { result } = simulateTraced(path('amelie', [{ kind: 'crash', workers: [2], at: 0.5, recoverAfter: 1 }]));
    expect(result.stopReason).toBe('stalled');
    expect(result.stall?.waitingFor).toContain('node 2 (lost round 0 to a crash at t=0.5)');
    // Detected at a stall check (every 256 events), before the 100 s budget runs out.
    expect(result.virtualTime).toBeLessThan(100);
    expect(result.gradients.computed).toBe(result.gradients.applied + result.gradients.discarded + result.gradients.lost + result.gradients.inFlight);
  });

  it('Fragile waits in vain only for a pivot that is down for good', () => {
    const dead = simulateTraced(path('fragile', [{ kind: 'crash', workers: [1], at: 2 }], 1000));
    expect(dead.result.stopReason).toBe('stalled');
    expect(dead.result.virtualTime).toBeLessThan(100);
    const back = simulateTraced(path('fragile', [{ kind: 'crash', workers: [1], at: 2, recoverAfter: 3 }], 20));
    expect(back.result.stopReason).toBe('iterations');
  });

  it('a drop-mode cut loses the sum sent across it, and the loss is accounted', () => {
    const { result } = simulateTraced(path('minibatch-graph', [{ kind: 'partition', edges: [[1, 2]], from: 0.5, to: 10 }], 1));
    expect(result.stopReason).toBe('stalled');
    expect(result.gradients.lost).toBe(1);
  });
});

describe('bad input', () => {
  const base = path2();
  function path2(): ScenarioInput {
    return scenarioFor('fragile', { n: 3, topology: { kind: 'edges', edges: [[0, 1], [1, 2]] } }, [1], 1, 2);
  }
  const parse = (input: unknown) => () => parseScenario(input, methodCatalog);

  it('a decentralized method without a topology names the missing field', () => {
    const { topology: _t, ...rest } = base;
    expect(parse(rest)).toThrow(ScenarioError);
    expect(parse(rest)).toThrow(/scenario\.topology.*decentralized/);
  });

  it('an edge fault on a pair that is not an edge, or on a fault kind that hits workers, is refused', () => {
    expect(parse({ ...base, faults: [{ kind: 'partition', from: 0, edges: [[0, 2]] }] })).toThrow(/scenario\.faults\[0\]\.edges\[0\].*edge of the edges topology/);
    expect(parse({ ...base, faults: [{ kind: 'crash', at: 1, edges: [[0, 1]] }] })).toThrow(/scenario\.faults\[0\]\.edges/);
    expect(parse({ ...base, faults: [{ kind: 'loss', p: 0.1, edges: [[0, 1]], direction: 'up' }] })).toThrow(/scenario\.faults\[0\]\.direction/);
    const { topology: _t, ...noTopology } = base;
    expect(parse({ ...noTopology, methods: [{ method: 'rennala', stepSize: 0.1, batchSize: 2 }], faults: [{ kind: 'loss', p: 0.1, edges: [[0, 1]] }] })).toThrow(/edge targets need scenario\.topology/);
  });
});
