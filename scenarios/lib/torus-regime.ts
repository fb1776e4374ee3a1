import { defineScenario } from 'roundtable';

const d = 1000;
const side = 10;

/**
 * Fragile and Amelie's experiment (ALGORITHMS §4.3): the worst-case quadratic with d = 1000 on
 * n = 100 nodes of a 10×10 torus, node i computing a gradient in √i seconds, an edge taking
 * scale/d seconds per float (a whole vector: `scale` seconds per hop), compared with Minibatch
 * SGD on the same graph. Step size γ = 1 = 1/L for all (the best of {0.25, 0.5, 1} for every
 * method on a grid); S = n = 100 for Fragile and Amelie (Amelie's default, max(⌈σ²/ε⌉, n), is
 * 9·10⁴ here: it would collect for the whole budget).
 *
 * One deviation, measured: the authors' noise is "zero-last" with p = 0.001 (the stochastic
 * gradient shows the coordinate that makes progress only with probability p, scaled by 1/p).
 * On this graph it makes the time to ‖∇f‖² ≤ 10⁻³ a lottery: over seeds 1–3 the order of the
 * methods flips from seed to seed at every edge scale. The scenario therefore uses Gaussian noise
 * (σ = 0.3), with which the order is the same on every seed we ran; put the zero-last model back
 * in `problem.noise` to see the lottery.
 *
 * Quick scale (seeds 1 and 2): Fragile reaches ‖∇f‖² ≤ 10⁻³ first at every edge scale — edges of
 * 0.1 s: 572 s against about 700 s for Minibatch and Amelie; 1 s: 990–1120 s against 1650–1790 s;
 * 10 s: none reaches it in 3000 s, Fragile ends at 1.2–1.5·10⁻³ after 55 steps, the others at
 * 6·10⁻² after 14 (each of their rounds waits a broadcast and a reduction across the torus and
 * the slowest node). Amelie is a method for heterogeneous data: on this homogeneous problem it
 * behaves like Minibatch. `--scale full` gives ten times the budget and a target of 10⁻⁴.
 */
export function torusRegime(edgeScale: number, label: string) {
  return defineScenario(({ scale }) => ({
    name: label,
    description: `Fragile, Amelie and Minibatch SGD on a 10×10 torus, edges of ${edgeScale} s per vector (d = ${d}), h_i = √i; see scenarios/lib/torus-regime.ts`,
    seed: 1,
    problem: { kind: 'worst-case-quadratic' as const, d, noise: { kind: 'add' as const, sigma: 0.3 } },
    workers: Array.from({ length: side * side }, (_, i) => ({ tau: Math.sqrt(i + 1) })),
    topology: { kind: 'torus' as const, rows: side, cols: side, perFloat: edgeScale / d },
    methods: [
      { method: 'minibatch-graph' as const, stepSize: 1 },
      { method: 'fragile' as const, stepSize: 1, batchSize: 100 },
      { method: 'amelie' as const, stepSize: 1, batchSize: 100 },
    ],
    stop: scale === 'full' ? { gradNormSq: 1e-4, time: 30_000 } : { gradNormSq: 1e-3, time: 3000 },
    record: { every: scale === 'full' ? 500 : 50 },
  }));
}
