import { defineScenario } from 'roundtable';

/**
 * Quickstart: eight workers with different data (each has its own center) and different
 * speeds, one of them a straggler 20× slower than the fastest.
 *
 * What it shows: methods that use whatever arrives first (Hero, ASGD, Rennala) are busy but
 * settle at the wrong point, biased toward the fast workers' data, so they never reach the
 * target. Minibatch is unbiased, but every round waits for the straggler and averages only 8
 * gradients, so it gets there late. Malenia is unbiased and averages the many gradients the
 * fast workers compute while it waits for the straggler, so it gets there first.
 */
const workers = 8;
const dimension = 10;

export default defineScenario({
  name: 'quickstart',
  description: 'heterogeneous data, one straggler: who is fast, who is right',
  seed: 1,
  problem: {
    kind: 'separable-quadratic',
    // Worker i's data pulls toward its own center a_i; f's minimiser is their plain mean.
    centers: Array.from({ length: workers }, (_, i) =>
      Array.from({ length: dimension }, (_, j) => Number((2 * Math.sin(1.3 * i + 0.7 * j)).toFixed(3))),
    ),
    curvature: Array.from({ length: dimension }, (_, j) => 1 + j / dimension),
    noise: { kind: 'gaussian', sigma: 0.3 },
  },
  workers: [
    { tau: 1 },
    { tau: 1.2 },
    { tau: 1.5 },
    { tau: 1.8 },
    { tau: 2.2 },
    { tau: 2.6 },
    { tau: 3 },
    { tau: 20 }, // the straggler
  ],
  methods: [
    { method: 'hero', stepSize: 0.05 },
    { method: 'minibatch', stepSize: 0.3 },
    { method: 'asgd', stepSize: 0.02 },
    { method: 'rennala', stepSize: 0.3, batchSize: 8 },
    { method: 'malenia', stepSize: 0.3, batchSize: 64 },
  ],
  stop: { gradNormSq: 1e-2, time: 3000 },
});
