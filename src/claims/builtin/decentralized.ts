import { TraceKind } from '../../engine/trace.ts';
import { scenario, separable, tau } from '../arbitraries.ts';
import { broken, holds, type Claim } from '../claim.ts';
import { observe } from '../observe.ts';

/** Claims about the decentralized methods (ALGORITHMS §4.3), read off their traces. */

export const graphAggregation: Claim = {
  id: 'graph-aggregation',
  statement:
    'On a graph, Minibatch SGD aggregates exactly n gradients, one per node, in every step, and Amelie SGD weighs every node exactly 1/n in every step.',
  source: 'Tyurin & Richtárik, NeurIPS 2024 (ALGORITHMS §4.3 invariants 2–3; Amelie’s 1/n weights are our reconstruction [D])',
  scenarios: scenario({
    workers: { min: 2, max: 5 },
    tau: tau(2),
    problem: (workers) => separable(workers),
    topology: { kind: 'ring', perFloat: 0.125 },
    methods: [
      { method: 'minibatch-graph', stepSize: 0.5 },
      { method: 'amelie', stepSize: 0.5, batchSize: 4 },
    ],
    stop: { iterations: 8, time: 200 },
  }),
  check: (input) => {
    const { scenario: expanded, runs } = observe(input);
    const n = expanded.workers.length;
    for (const [label, { records }] of runs) {
      const steps = new Map<number, Map<number, { count: number; weight: number }>>();
      for (const r of records) {
        if (r.kind !== TraceKind.gradApplied) continue;
        const step = steps.get(r.iteration) ?? new Map<number, { count: number; weight: number }>();
        step.set(r.worker, { count: r.count, weight: r.value });
        steps.set(r.iteration, step);
      }
      for (const [k, nodes] of steps) {
        if (nodes.size !== n) return broken(`${label}'s update ${k + 1} heard from ${nodes.size} of ${n} nodes`);
        for (const [w, { count, weight }] of nodes) {
          if (label === 'minibatch-graph' && count !== 1) return broken(`minibatch-graph's update ${k + 1} took ${count} gradients from node ${w}`);
          if (Math.abs(weight - 1 / n) > 1e-12) return broken(`${label} weighed node ${w} ${weight} in update ${k + 1}, not 1/${n}`);
        }
      }
    }
    return holds('every step heard from every node, each weighing 1/n');
  },
};
