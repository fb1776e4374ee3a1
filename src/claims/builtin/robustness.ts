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

export const slowWorkerRobustness: Claim = {
  id: 'slow-worker-robustness',
  statement:
    'As the slowest worker gets 10× and 100× slower, Rennala’s and Ringmaster’s times to target grow by at most 3×, while Minibatch’s grows at least 20× at 100×.',
  source: 'Tyurin & Richtárik, NeurIPS 2023; ALGORITHMS §7.3 ("one extreme straggler")',
  scenarios: scenario({
    workers: { min: 2, max: 5 },
    methods: [
      { method: 'rennala', stepSize: 1, batchSize: 2 },
      { method: 'ringmaster', stepSize: 0.1, threshold: 4 },
      { method: 'minibatch', stepSize: 1 },
    ],
    stop: { gradNormSq: 1e-4, time: 100_000 },
  }),
  check: (input) => {
    const fmt = (t: number) => (Number.isFinite(t) ? t.toPrecision(4) : 'never');
    // One run per slowdown factor; every method runs in each.
    const byFactor = new Map([1, 10, 100].map((f) => [f, observe(slowestSlowedBy(input, f), { trace: false }).runs] as const));
    const time = (label: string, factor: number) => runOf(byFactor.get(factor)!, label).result.timeToTarget ?? Infinity;
    const summary: string[] = [];
    for (const label of ['rennala', 'ringmaster']) {
      const [t1, t10, t100] = [1, 10, 100].map((f) => time(label, f));
      if (!Number.isFinite(t1)) return holds(`the base case does not reach the target for ${label}: nothing to compare`);
      if (t10 > 3 * t1 || t100 > 3 * t1) return broken(`${label}'s time to target went ${fmt(t1)} → ${fmt(t10)} (×10) → ${fmt(t100)} (×100)`);
      summary.push(`${label} ${fmt(t1)} → ${fmt(t100)}`);
    }
    const [m1, m100] = [time('minibatch', 1), time('minibatch', 100)];
    if (!Number.isFinite(m1)) return holds('the base case does not reach the target for minibatch: nothing to compare');
    if (m100 < 20 * m1) return broken(`Minibatch's time to target went only ${fmt(m1)} → ${fmt(m100)} at ×100`);
    return holds(`${summary.join(', ')}, minibatch ${fmt(m1)} → ${fmt(m100)}`);
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
