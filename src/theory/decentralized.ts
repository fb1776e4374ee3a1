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

/**
 * Minibatch SGD on a graph, as the Amelie paper's comparison table states it [V] (seeds, "Decentralized
 * Setup: Amelie SGD"): max{(1 + s/n)·max_{i,j} τ_{i→j}, max_i h_i}. Counting one broadcast, one
 * gradient and one reduction per round would give (1 + s/n)(2·max τ_{i→j} + max h_i); the
 * measured ratio of a run shows the constant either way.
 */
export function minibatchOnGraphTime(h: readonly number[], longestRoute: number, s: number): number {
  return Math.max((1 + s / h.length) * longestRoute, Math.max(...h));
}

/** The longest route time a graph bound needs; an error if the caller has none. */
export function routeOf(longestRoute: number | undefined): number {
  if (longestRoute === undefined) throw new Error('a graph bound needs the longest route time τ_{i→j}');
  return longestRoute;
}
