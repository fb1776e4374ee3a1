import fc from 'fast-check';
import type { ScenarioInput } from '../../scenario/scenario-types.ts';
import { scenario, tau, time, worstCase } from '../arbitraries.ts';
import { broken, holds, type Claim } from '../claim.ts';
import { observe, runOf } from '../observe.ts';

/** Claims about time to target as the world changes. */

/** `input` with its slowest worker (last among equals) slowed by `factor`. */
function slowestSlowedBy(input: ScenarioInput, factor: number): ScenarioInput {
  if (!Array.isArray(input.workers)) return input;
  const taus = input.workers.map((w) => w.tau);
  const slowest = taus.lastIndexOf(Math.max(...taus));
  return { ...input, workers: input.workers.map((w, i) => (i === slowest ? { ...w, tau: w.tau * factor } : w)) };
}

const timeToTarget = (input: ScenarioInput, label: string) => runOf(observe(input, { trace: false }).runs, label).result.timeToTarget ?? Infinity;

export const slowWorkerRobustness: Claim = {
  id: 'slow-worker-robustness',
  statement:
    'As the slowest worker gets 10× and 100× slower, Rennala’s time to target grows by at most 3×, while Minibatch’s grows at least 20× at 100×.',
  source: 'Tyurin & Richtárik, NeurIPS 2023; ALGORITHMS §7.3 ("one extreme straggler")',
  scenarios: scenario({
    workers: { min: 2, max: 5 },
    methods: [
      { method: 'rennala', stepSize: 1, batchSize: 2 },
      { method: 'minibatch', stepSize: 1 },
    ],
    stop: { gradNormSq: 1e-4, time: 100_000 },
  }),
  check: (input) => {
    const rennala = [1, 10, 100].map((f) => timeToTarget(slowestSlowedBy(input, f), 'rennala'));
    const minibatch = [1, 100].map((f) => timeToTarget(slowestSlowedBy(input, f), 'minibatch'));
    const fmt = (t: number) => (Number.isFinite(t) ? t.toPrecision(4) : 'never');
    if (!Number.isFinite(rennala[0]) || !Number.isFinite(minibatch[0])) return holds('the base case does not reach the target: nothing to compare');
    if (rennala[1] > 3 * rennala[0] || rennala[2] > 3 * rennala[0]) {
      return broken(`Rennala's time to target went ${fmt(rennala[0])} → ${fmt(rennala[1])} (×10) → ${fmt(rennala[2])} (×100)`);
    }
    if (minibatch[1] < 20 * minibatch[0]) return broken(`Minibatch's time to target went only ${fmt(minibatch[0])} → ${fmt(minibatch[1])} at ×100`);
    return holds(`Rennala ${fmt(rennala[0])} → ${fmt(rennala[2])}, Minibatch ${fmt(minibatch[0])} → ${fmt(minibatch[1])}`);
  },
};

export const livenessAfterCrash: Claim = {
  id: 'liveness-after-crash',
  statement: 'When one worker crashes for good, Rennala and ASGD still reach the target; Minibatch and Malenia stall.',
  source: 'ALGORITHMS §7.3 ("one worker permanently dead"), §2.2, §3.1 invariant 8, §3.2 invariant 6',
  scenarios: fc
    .tuple(fc.array(tau(), { minLength: 2, maxLength: 5 }), fc.nat({ max: 63 }), time(0, 20), fc.integer({ min: 0, max: 1_000_000 }))
    .map(([taus, pick, at, seed]): ScenarioInput => ({
      name: 'generated',
      seed,
      problem: worstCase(),
      workers: taus.map((t) => ({ tau: t })),
      methods: [
        { method: 'rennala', stepSize: 1, batchSize: 2 },
        { method: 'asgd', stepSize: 0.1 },
        { method: 'minibatch', stepSize: 1 },
        { method: 'malenia', stepSize: 1, batchSize: 2 * taus.length },
      ],
      faults: [{ kind: 'crash', at, workers: [pick % taus.length] }],
      stop: { gradNormSq: 1e-4, time: 5000 },
    })),
  check: (input) => {
    const { runs } = observe(input, { trace: false });
    for (const label of ['rennala', 'asgd']) {
      const { result } = runOf(runs, label);
      if (result.timeToTarget === null) return broken(`${label} did not reach the target: stopped by ${result.stopReason}${result.stall ? ` (${result.stall.waitingFor})` : ''}`);
    }
    for (const label of ['minibatch', 'malenia']) {
      const { result } = runOf(runs, label);
      // Reaching the target before the crash is allowed: the claim is about after it.
      if (result.stopReason !== 'stalled' && result.stopReason !== 'target') return broken(`${label} neither stalled nor reached the target: ${result.stopReason}`);
    }
    return holds('Rennala and ASGD reached the target; Minibatch and Malenia stalled (or finished before the crash)');
  },
};
