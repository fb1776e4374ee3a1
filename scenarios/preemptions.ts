import { defineScenario } from 'roundtable';

/**
 * Preemptions: spot instances that come and go. Each worker is available for exponentially
 * distributed stretches (mean 60 s) and preempted for others (mean 20 s): a two-state Markov
 * on/off speed, seeded per worker. Work in progress is kept across a preemption (a pause, not a
 * crash). On top, the two fastest workers are paused outright from t = 100 to t = 300.
 *
 * What it shows: asynchronous methods keep using whoever is up; synchronous rounds stretch by
 * every pause of every worker (ALGORITHMS §7.3, "outage, then recovery").
 */
export default defineScenario({
  name: 'preemptions',
  seed: 10,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 8, tau: { law: 'sqrt' }, compute: { speed: { kind: 'markov', meanUp: 60, meanDown: 20 } } },
  methods: [
    { method: 'minibatch', stepSize: 1 },
    { method: 'asgd', stepSize: 0.2 },
    { method: 'rennala', stepSize: 1, batchSize: 4 },
    { method: 'malenia', stepSize: 1, batchSize: 16 },
  ],
  faults: [{ kind: 'pause', from: 100, to: 300, fastest: 2 }],
  stop: { gradNormSq: 1e-5, time: 5000 },
});
