import { defineScenario } from 'roundtable';

/**
 * Ringleader's experiment (ALGORITHMS §5.2) on the MNIST digits of the `mnist` package: a
 * 784–128–10 MLP, 100 workers holding Dirichlet(α = 0.1) shares of the data (most hold two or
 * three digits), client minibatch 4, compute times τ_i = i + |N(0, i)| drawn per gradient. Step
 * sizes tuned on a small grid at the quick scale (the paper's 0.05 / 0.7 / 0.01 diverge here: this
 * Ringleader makes n updates per round along the table average, so its step is per update).
 *
 * What it shows at the quick scale (4 000 s, about a minute for the five methods): Rennala, which
 * keeps only the fastest workers' gradients, ends with the largest ‖∇f‖² (biased toward their
 * digits); Malenia makes one update per round and is slow. The methods that step on every
 * arrival with every worker in the average (IA²SGD) or with staleness (ASGD) lead this early;
 * Ringleader, whose rounds wait for the slowest worker, is between them. The paper's finding
 * (Ringleader first in ‖∇f‖² at its 40 000 s horizon) is what `--scale full` runs.
 */
const n = 100;

export default defineScenario(({ scale }) => ({
  name: 'ringleader-mnist',
  description: 'MLP on MNIST, 100 workers with Dirichlet(0.1) data and τ_i = i + |N(0, i)|',
  seed: 3,
  problem: {
    kind: 'mlp',
    data: { kind: 'mnist' },
    split: { kind: 'dirichlet', alpha: 0.1 },
    batch: 4,
    // ‖∇f‖² on 1 000 of the 8 000 training digits: a full pass costs as much as 2 000 gradients.
    evaluation: { samples: scale === 'full' ? 8000 : 1000 },
  },
  workers: Array.from({ length: n }, (_, k) => ({
    tau: k + 1,
    compute: { noise: { kind: 'half-normal' as const, scale: Math.sqrt(k + 1) } },
  })),
  methods: [
    { method: 'ringleader', stepSize: 0.002 },
    { method: 'malenia', stepSize: 0.1, batchSize: 50 },
    { method: 'ia2sgd', stepSize: 0.001 },
    { method: 'rennala', stepSize: 0.1, batchSize: 8 },
    { method: 'asgd', stepSize: 0.003 },
  ],
  stop: { time: scale === 'full' ? 40_000 : 4000, checkEvery: 1_000_000 },
  record: { every: scale === 'full' ? 1000 : 100 },
}));
