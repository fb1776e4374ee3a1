import { equilibriumTime } from './equilibrium-time.ts';

/**
 * Time complexities with communication (Shadowheart's setting, ALGORITHMS §4.1, §7.1), as
 * multiples of LΔ/ε. Worker i computes a gradient in h_i seconds and sends one coordinate in
 * c_i seconds (a d-vector takes d·c_i); `s` is σ²/ε.
 */

/** Minibatch with communication: max_i max{h_i, d·c_i}·(1 + s/n) [V]. */
export function minibatchWithCommunicationTime(h: readonly number[], c: readonly number[], d: number, s: number): number {
  const n = h.length;
  let slowest = 0;
  for (let i = 0; i < n; i++) slowest = Math.max(slowest, h[i], d * c[i]);
  return slowest * (1 + s / n);
}

/** QSGD (Minibatch with RandK, K = 1): max_i max{h_i, c_i}·((d/n + 1) + d·s/n) [V]. */
export function qsgdWithCommunicationTime(h: readonly number[], c: readonly number[], d: number, s: number): number {
  const n = h.length;
  let slowest = 0;
  for (let i = 0; i < n; i++) slowest = Math.max(slowest, h[i], c[i]);
  return slowest * (d / n + 1 + (d * s) / n);
}

/**
 * The lower bound for Rennala/ASGD-type methods with communication (footnote (a) of
 * Shadowheart's Table 1) [V]: min_j max{h_(j), d·c_(j), s·(Σ_{i≤j} 1/h_(i))⁻¹}, workers sorted
 * by max{h_i, d·c_i}.
 */
export function rennalaWithCommunicationTime(h: readonly number[], c: readonly number[], d: number, s: number): number {
  const order = h.map((_, i) => i).sort((a, b) => Math.max(h[a], d * c[a]) - Math.max(h[b], d * c[b]) || a - b);
  let best = Infinity;
  let rateSum = 0;
  for (const i of order) {
    rateSum += 1 / h[i];
    best = Math.min(best, Math.max(h[i], d * c[i], s / rateSum));
  }
  return best;
}

/**
 * Shadowheart SGD with RandK, K = 1 (ALGORITHMS §4.1, §7.1) [V]: t*(d − 1, s, [h_i, c_i]),
 * optimal among centralized methods with unbiased compression.
 */
export function shadowheartTime(h: readonly number[], c: readonly number[], d: number, s: number): number {
  return equilibriumTime(d - 1, s, h.map((hSeconds, i) => ({ hSeconds, tauSeconds: c[i] })));
}
