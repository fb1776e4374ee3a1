import { defineScenario } from 'roundtable';

/**
 * A dead worker: worker 2 crashes at t = 40 and never comes back.
 *
 * What it shows (ALGORITHMS §7.3): the methods that must hear from every worker, Minibatch and
 * Malenia, stall, and roundtable says what they wait for; Hero (the dead worker is not the hero),
 * ASGD and Rennala never notice and keep going.
 */
export default defineScenario({
  name: 'dead-worker',
  seed: 2,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 6, tau: { law: 'sqrt' } },
  methods: [
    { method: 'hero', stepSize: 1 },
    { method: 'minibatch', stepSize: 1 },
    { method: 'asgd', stepSize: 0.2 },
    { method: 'rennala', stepSize: 1, batchSize: 3 },
    { method: 'malenia', stepSize: 1, batchSize: 12 },
  ],
  faults: [{ kind: 'crash', at: 40, workers: [2] }],
  stop: { gradNormSq: 1e-5, time: 3000 },
});
