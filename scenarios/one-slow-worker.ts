import { defineScenario } from 'roundtable';

/**
 * One slow worker: nine workers take 1 s per gradient, the tenth takes 100 s.
 *
 * What it shows (ALGORITHMS §7.3): Minibatch waits for the slow worker every round, so its time
 * grows with τ_n; Rennala collects its batch from whoever is fast and is barely affected; ASGD
 * keeps the slow worker busy and applies its gradients about 900 updates late. Change the
 * override's τ to 10 or 1000 and compare.
 */
export default defineScenario({
  name: 'one-slow-worker',
  seed: 11,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 10, tau: { law: 'constant', value: 1 }, overrides: [{ worker: 9, tau: 100 }] },
  methods: [
    { method: 'minibatch', stepSize: 1 },
    { method: 'asgd', stepSize: 0.1 },
    { method: 'rennala', stepSize: 1, batchSize: 4 },
  ],
  stop: { gradNormSq: 1e-4, time: 10_000 },
});
