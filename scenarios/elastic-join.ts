import { defineScenario } from 'roundtable';

/**
 * Elastic scale-up: the job starts on 4 workers; 12 more join at t = 200.
 *
 * What it shows: a joining worker says hello and the methods put it to work: ASGD and Rennala
 * speed up at once; Minibatch adds the newcomers from its next round, so its rounds get
 * larger (and, being bound by its slowest member, no faster).
 */
export default defineScenario({
  name: 'elastic-join',
  seed: 8,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.02 } },
  workers: { count: 16, tau: { law: 'uniform', min: 1, max: 3 } },
  methods: [
    { method: 'minibatch', stepSize: 1 },
    { method: 'asgd', stepSize: 0.05 },
    { method: 'rennala', stepSize: 1, batchSize: 8 },
  ],
  faults: [{ kind: 'join', at: 200, workers: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] }],
  stop: { gradNormSq: 1e-5, time: 5000 },
});
