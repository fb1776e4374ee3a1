import { defineScenario } from 'roundtable';

/**
 * Data heterogeneity meets speed heterogeneity: six workers, worker i takes i seconds per
 * gradient and pulls toward its own center.
 *
 * What it shows (ALGORITHMS §2.3, §5.4): vanilla ASGD hears from fast workers more often and
 * settles at the 1/τ-weighted mean of the centers, not at the minimiser of f (the plain mean);
 * its ‖∇f‖² stops falling. Malenia weighs every worker 1/n and converges to the right point.
 * Compare `final.x` in `--json` with the two means.
 */
const centers = [
  [7, 1],
  [3, 5],
  [-1, 1],
  [3, -3],
  [5, 3],
  [1, -1],
];
// The minimiser of f is their plain mean (3, 1); ASGD's fixed point is Σ π_i a_i with π_i ∝ 1/i,
// pulled toward worker 0's center (7, 1).

export default defineScenario({
  name: 'heterogeneous-bias',
  seed: 4,
  problem: { kind: 'separable-quadratic', centers, curvature: [1, 1], noise: { kind: 'gaussian', sigma: 0.05 } },
  workers: { count: 6, tau: { law: 'linear' } },
  methods: [
    { method: 'asgd', stepSize: 0.02 },
    { method: 'malenia', stepSize: 0.5, batchSize: 12 },
  ],
  stop: { gradNormSq: 1e-3, time: 2000 },
});
