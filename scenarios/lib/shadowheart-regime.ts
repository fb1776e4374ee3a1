import { defineScenario } from 'roundtable';
import type { ScenarioInput } from 'roundtable';

/**
 * The communication regimes of Shadowheart's experiments (ALGORITHMS §4.1): worker i computes a
 * gradient in h_i = √i seconds and sends one float in c_i = √i/d^β seconds, so a full d-vector
 * takes √i·d^(1−β). β = 1 is cheap communication (sending a gradient costs about as much as
 * computing it), β = 3/4 medium, β = 1/2 expensive (32× at d = 1000). Step sizes were tuned on a
 * small grid in the expensive regime (Shadowheart's σ²/ε, a tuned hyperparameter in the authors'
 * code too, is `noiseRatio`).
 */
export function shadowheartRegime(beta: number, label: string): ScenarioInput {
  const d = 1000;
  const n = 10;
  return defineScenario({
    name: `shadowheart-${label}-communication`,
    description: `Shadowheart's ${label}-communication regime: h_i = √i, c_i = √i/d^${beta}, d = ${d}, n = ${n}`,
    seed: 5,
    problem: { kind: 'worst-case-quadratic', d, noise: { kind: 'add', sigma: 0.005 } },
    workers: Array.from({ length: n }, (_, k) => ({ tau: Math.sqrt(k + 1), perFloat: Math.sqrt(k + 1) / d ** beta })),
    methods: [
      { method: 'hero', stepSize: 1, label: 'sgdone (hero)' },
      { method: 'minibatch', stepSize: 1 },
      { method: 'qsgd-minibatch', stepSize: 0.01, label: 'qsgd (randk)' },
      { method: 'asgd', stepSize: 0.1 },
      { method: 'shadowheart', stepSize: 1, noiseRatio: 1 },
    ],
    stop: { gradNormSq: 1e-2, time: 20_000 },
  });
}
