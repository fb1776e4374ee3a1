/**
 * Amelie SGD's time complexity on a graph (ALGORITHMS §4.3, §7.1) [V], as a multiple of LΔ/ε:
 * max{max_{i,j} τ_{i→j}, max_i h_i, (s/n)·mean_i h_i}, where τ_{i→j} is the time to send a vector
 * from i to j along the fastest route and h_i the compute times; `s` is σ²/ε.
 */
export function amelieTime(h: readonly number[], longestRoute: number, s: number): number {
  const n = h.length;
  const mean = h.reduce((sum, x) => sum + x, 0) / n;
  return Math.max(longestRoute, Math.max(...h), (s / n) * mean);
}
