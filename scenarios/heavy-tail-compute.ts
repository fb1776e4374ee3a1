import { defineScenario } from 'roundtable';

/**
 * Heavy-tailed compute times: every gradient takes τ = 1 s plus a Pareto draw (minimum 0.1 s,
 * tail index 1.2: a finite mean, an infinite variance), the setting of MindFlayer (ALGORITHMS
 * §5.6).
 *
 * What it shows: the fixed-computation model's guarantees assume bounded times. Minibatch waits
 * for the worst of n draws every round; Rennala takes the first S fresh gradients and shrugs off
 * the tail; ASGD keeps going but sometimes applies a gradient that sat in a long job.
 */
export default defineScenario({
  name: 'heavy-tail-compute',
  seed: 13,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 10, tau: { law: 'constant', value: 1 }, compute: { noise: { kind: 'pareto', scale: 0.1, shape: 1.2 } } },
  methods: [
    { method: 'minibatch', stepSize: 1 },
    { method: 'asgd', stepSize: 0.1 },
    { method: 'rennala', stepSize: 1, batchSize: 4 },
  ],
  stop: { gradNormSq: 1e-5, time: 5000 },
});
