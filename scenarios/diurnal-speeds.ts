import { defineScenario } from 'roundtable';

/**
 * Diurnal speeds: eight workers in different time zones; each runs at full speed by night and at
 * a fifth of it by day (a sine around 0.6 with amplitude 0.4, period 240 s), with phases spread
 * around the clock. The universal computation model of ALGORITHMS §0.1.
 *
 * What it shows: asynchronous methods follow whichever workers are fast right now; Minibatch is
 * paced by whoever is slowest at each moment.
 */
const period = 240;

export default defineScenario({
  name: 'diurnal-speeds',
  seed: 6,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.01 } },
  workers: Array.from({ length: 8 }, (_, i) => ({
    tau: 1,
    compute: { speed: { kind: 'sine' as const, period, mean: 0.6, amplitude: 0.4, phase: (i * period) / 8 } },
  })),
  methods: [
    { method: 'minibatch', stepSize: 1 },
    { method: 'asgd', stepSize: 0.2 },
    { method: 'rennala', stepSize: 1, batchSize: 4 },
  ],
  stop: { gradNormSq: 1e-5, time: 5000 },
});
