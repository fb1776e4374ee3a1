import fc from 'fast-check';
import type { ScenarioInput } from '../../scenario/scenario-types.ts';
import { tau } from '../arbitraries.ts';
import { broken, holds, type Claim } from '../claim.ts';
import { observe, runOf } from '../observe.ts';

/**
 * Data heterogeneity (ALGORITHMS §2.3, §5.4): on f_i(x) = ½(x − a_i)², vanilla ASGD hears from
 * worker i at rate 1/τ_i and settles at Σ π_i a_i with π_i ∝ 1/τ_i; methods that weigh every
 * worker equally settle at the plain mean, the minimiser of f.
 */
export const heterogeneityFixedPoints: Claim = {
  id: 'heterogeneity-fixed-points',
  statement:
    'On a separable quadratic with one center per worker, vanilla ASGD settles at the 1/τ-weighted mean of the centers; Rescaled ASGD, Malenia and Ringleader settle at the plain mean.',
  source: 'ALGORITHMS §2.3 (bias toward Σ π_i f_i), §5.4 [D] (Mahran, Maranjyan & Richtárik 2026)',
  scenarios: fc
    .tuple(fc.array(tau(4), { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 1_000_000 }))
    .map(([taus, seed]): ScenarioInput => ({
      name: 'generated',
      seed,
      problem: {
        kind: 'separable-quadratic',
        centers: taus.map((_, i) => [2 * i]),
        curvature: [1],
        noise: { kind: 'gaussian', sigma: 0 },
      },
      workers: taus.map((t) => ({ tau: t })),
      methods: [
        { method: 'asgd', stepSize: 0.01 },
        { method: 'rescaled-asgd', stepSize: 0.01 },
        { method: 'malenia', stepSize: 0.5, batchSize: 2 * taus.length },
        { method: 'ringleader', stepSize: 0.01 },
      ],
      stop: { time: 3000 },
    })),
  check: (input) => {
    const { scenario, runs } = observe(input, { trace: false });
    const centers = scenario.problem.kind === 'separable-quadratic' ? scenario.problem.centers.map((c) => c[0]) : [];
    // The nominal rates: what the fixed computation model says each worker delivers.
    const rates = scenario.workers.map((w) => 1 / w.compute.tau);
    const plain = centers.reduce((a, b) => a + b, 0) / centers.length;
    const weighted = centers.reduce((sum, c, i) => sum + c * rates[i], 0) / rates.reduce((a, b) => a + b, 0);
    const separation = Math.abs(weighted - plain);
    if (separation < 0.2) return holds(`equal-ish speeds: the two means are ${separation.toPrecision(2)} apart, nothing to tell apart`);
    const tolerance = 0.2 * separation + 0.05;
    const settledAt = (label: string) => runOf(runs, label).result.final.x?.[0] ?? Number.NaN;
    const expectations: [string, number][] = [
      ['asgd', weighted],
      ['rescaled-asgd', plain],
      ['malenia', plain],
      ['ringleader', plain],
    ];
    for (const [label, target] of expectations) {
      const x = settledAt(label);
      if (!(Math.abs(x - target) <= tolerance)) {
        return broken(`${label} settled at ${x.toPrecision(4)}, not near ${target.toPrecision(4)} (plain mean ${plain.toPrecision(4)}, 1/τ-weighted ${weighted.toPrecision(4)})`);
      }
    }
    return holds(`ASGD near ${weighted.toPrecision(3)}, the others near ${plain.toPrecision(3)}`);
  },
};
