import { TraceKind, type TraceRecord } from '../../engine/trace.ts';
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

/** Per update (by the iteration before it), per worker, the summed weights of the applied gradients. */
function weightsPerUpdate(records: readonly TraceRecord[]): Map<number, Map<number, number>> {
  const steps = new Map<number, Map<number, number>>();
  for (const r of records) {
    if (r.kind !== TraceKind.gradApplied) continue;
    const weights = steps.get(r.iteration) ?? new Map<number, number>();
    weights.set(r.worker, (weights.get(r.worker) ?? 0) + r.value);
    steps.set(r.iteration, weights);
  }
  return steps;
}

export const equalWeights: Claim = {
  id: 'equal-weights',
  statement:
    'Malenia and Ringleader weigh every worker exactly 1/n: in every Malenia update, and in every Ringleader round (the table a round starts from holds every worker at 1/n).',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.2 invariants 1–2); Maranjyan & Richtárik, ICLR 2026 (§5.2 invariant 5)',
  scenarios: scenario({
    workers: { min: 2, max: 5 },
    methods: [
      { method: 'malenia', stepSize: 1, batchSize: 6 },
      { method: 'ringleader', stepSize: 0.1 },
    ],
    stop: { gradNormSq: 1e-4, time: 300 },
  }),
  check: (input) => {
    const { scenario: expanded, runs } = observe(input);
    const n = expanded.workers.length;
    for (const [label, { records }] of runs) {
      for (const [k, weights] of weightsPerUpdate(records)) {
        // Ringleader records a table entry in the first update it serves: the round's first
        // update holds every worker; its later updates record only the gradient that triggered them.
        if (label === 'ringleader' && weights.size < n) continue;
        if (weights.size !== n) return broken(`${label}'s update ${k + 1} heard from ${weights.size} of ${n} workers`);
        for (const [w, weight] of weights) {
          if (Math.abs(weight - 1 / n) > 1e-12) return broken(`${label} weighed worker ${w} ${weight} in update ${k + 1}, not 1/${n}`);
        }
      }
    }
    return holds('every update (Malenia) and every round (Ringleader) weighed every worker 1/n');
  },
};

export const delayBounds: Claim = {
  id: 'delay-bounds',
  statement: 'Ringleader discards no gradient and applies none more than 2n − 2 updates stale; Ringmaster applies none R or more updates stale.',
  source: 'Maranjyan & Richtárik, ICLR 2026 (§5.2 lemma 1, invariant 3); Maranjyan, Tyurin & Richtárik, ICML 2025 (§5.1 invariant 1)',
  scenarios: scenario({
    workers: { min: 1, max: 5 },
    methods: [
      { method: 'ringleader', stepSize: 0.1 },
      { method: 'ringmaster', stepSize: 0.1, threshold: 3 },
      { method: 'ringmaster', stepSize: 0.1, threshold: 3, variant: 'stop', label: 'ringmaster-stop' },
    ],
    stop: { gradNormSq: 1e-4, time: 300 },
  }),
  check: (input) => {
    const { scenario: expanded, runs } = observe(input);
    const n = expanded.workers.length;
    for (const [label, { records, result }] of runs) {
      const limit = label === 'ringleader' ? 2 * n - 2 : 3 - 1;
      if (label === 'ringleader' && result.gradients.discarded > 0) return broken(`ringleader discarded ${result.gradients.discarded} gradients`);
      for (const r of records) {
        if (r.kind === TraceKind.gradApplied && r.iteration - r.tag > limit) {
          return broken(`${label} applied worker ${r.worker}'s gradient ${r.iteration - r.tag} updates stale (at most ${limit} claimed)`);
        }
      }
    }
    return holds('no delay beyond the bounds, nothing discarded by Ringleader');
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
