import { TraceKind } from '../../engine/trace.ts';
import { scenario } from '../arbitraries.ts';
import { broken, holds, type Claim } from '../claim.ts';
import { observe } from '../observe.ts';

/** Claims about what a method applies, read off its trace. */

export const freshGradients: Claim = {
  id: 'fresh-gradients',
  statement: 'Rennala and Minibatch apply only gradients computed at the current iterate.',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.1 invariant 1, §2.2)',
  scenarios: scenario({
    methods: [
      { method: 'rennala', stepSize: 1, batchSize: 2 },
      { method: 'minibatch', stepSize: 1 },
    ],
    stop: { gradNormSq: 1e-4, time: 300 },
  }),
  check: (input) => {
    const { runs } = observe(input);
    for (const [label, { records }] of runs) {
      for (const r of records) {
        if (r.kind === TraceKind.gradApplied && r.tag !== r.iteration) {
          return broken(`${label} applied worker ${r.worker}'s gradient of job ${r.job}, computed at x^${r.tag}, in update ${r.iteration + 1}`);
        }
      }
    }
    return holds('every applied gradient was computed at the current iterate');
  },
};

export const equalWeights: Claim = {
  id: 'equal-weights',
  statement: 'Malenia weighs every worker exactly 1/n in every update, and every worker contributes to every update.',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.2 invariants 1–2)',
  scenarios: scenario({
    workers: { min: 2, max: 5 },
    methods: [{ method: 'malenia', stepSize: 1, batchSize: 6 }],
    stop: { gradNormSq: 1e-4, time: 300 },
  }),
  check: (input) => {
    const { scenario: expanded, runs } = observe(input);
    const n = expanded.workers.length;
    for (const [label, { records }] of runs) {
      const steps = new Map<number, Map<number, number>>();
      for (const r of records) {
        if (r.kind !== TraceKind.gradApplied) continue;
        const weights = steps.get(r.iteration) ?? new Map<number, number>();
        weights.set(r.worker, (weights.get(r.worker) ?? 0) + r.value);
        steps.set(r.iteration, weights);
      }
      for (const [k, weights] of steps) {
        if (weights.size !== n) return broken(`${label}'s update ${k + 1} heard from ${weights.size} of ${n} workers`);
        for (const [w, weight] of weights) {
          if (Math.abs(weight - 1 / n) > 1e-12) return broken(`${label} weighed worker ${w} ${weight} in update ${k + 1}, not 1/${n}`);
        }
      }
    }
    return holds('every update weighed every worker 1/n');
  },
};

/** Not a claim of any paper: shipped to show the falsifier finding and shrinking a counterexample. */
export const minibatchNeverStalls: Claim = {
  id: 'minibatch-never-stalls',
  statement: 'Minibatch SGD never stalls. (A strawman: false as soon as a worker can die.)',
  source: 'none: a deliberately wrong claim',
  strawman: true,
  scenarios: scenario({ methods: [{ method: 'minibatch', stepSize: 1 }], stop: { time: 100 } }),
  check: (input) => {
    const { runs } = observe(input, { trace: false });
    for (const [label, { result }] of runs) {
      if (result.stopReason === 'stalled') return broken(`${label} stalled: ${result.stall?.waitingFor ?? ''}`);
    }
    return holds('no stall');
  },
};
