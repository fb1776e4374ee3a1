/**
 * Time complexities in the fixed computation model (ALGORITHMS §7.1), as multiples of LΔ/ε:
 * multiply by LΔ/ε for seconds. `taus` are the seconds per gradient of the workers (any order),
 * `s` is σ²/ε. Constants are dropped, as in the papers' tables (Rennala's upper bound carries a
 * factor 96 on top of the lower bound it matches).
 */

/** The compute times in ascending order (a copy). */
export function ascending(taus: readonly number[]): number[] {
  return [...taus].sort((a, b) => a - b);
}

/** Hero SGD: τ₁(1 + s), the fastest worker alone [V]. */
export function heroTime(taus: readonly number[], s: number): number {
  return Math.min(...taus) * (1 + s);
}

/** Minibatch SGD: τ_n(1 + s/n), paced by the slowest worker [V]. */
export function minibatchTime(taus: readonly number[], s: number): number {
  return Math.max(...taus) * (1 + s / taus.length);
}

/** Asynchronous SGD (and delay-adaptive ASGD): (mean 1/τ)⁻¹(1 + s/n) [V]. */
export function asgdTime(taus: readonly number[], s: number): number {
  const n = taus.length;
  const meanRate = taus.reduce((sum, tau) => sum + 1 / tau, 0) / n;
  return (1 + s / n) / meanRate;
}

/**
 * The homogeneous lower bound, attained by Rennala and Ringmaster:
 * min_m (mean_{i≤m} 1/τ_(i))⁻¹(1 + s/m) [V], with the minimising m* (the number of workers
 * worth using; ties go to the smallest m).
 */
export function rennalaTime(taus: readonly number[], s: number): { readonly time: number; readonly workers: number } {
  const sorted = ascending(taus);
  let best = Infinity;
  let bestM = 1;
  let rateSum = 0;
  for (let m = 1; m <= sorted.length; m++) {
    rateSum += 1 / sorted[m - 1];
    const time = (m / rateSum) * (1 + s / m);
    if (time < best) {
      best = time;
      bestM = m;
    }
  }
  return { time: best, workers: bestM };
}

/** The heterogeneous lower bound, attained by Malenia, Ringleader and (leading term) Rescaled ASGD: τ_n + τ_avg·s/n [V]. */
export function maleniaTime(taus: readonly number[], s: number): number {
  const n = taus.length;
  const average = taus.reduce((sum, tau) => sum + tau, 0) / n;
  return Math.max(...taus) + (average * s) / n;
}

/** IA²SGD and naive Minibatch on heterogeneous data: τ_n + τ_n·s/n [V] (IA²SGD with L_max in place of L). */
export function ia2sgdTime(taus: readonly number[], s: number): number {
  const slowest = Math.max(...taus);
  return slowest + (slowest * s) / taus.length;
}

/**
 * Rennala's batch-collection lemma [V]: collecting S fresh gradients takes at most
 * t(S) = 2·min_m (Σ_{i≤m} 1/τ_(i))⁻¹(S + m) seconds.
 */
export function batchCollectionTime(taus: readonly number[], batch: number): number {
  return 2 * collectionTime(taus, batch);
}

/** min_j (Σ_{i≤j} 1/τ_(i))⁻¹(S + j): the time for the fastest j workers to compute S gradients between them (Freya's t(S)). */
export function collectionTime(taus: readonly number[], batch: number): number {
  const sorted = ascending(taus);
  let best = Infinity;
  let rateSum = 0;
  for (let j = 1; j <= sorted.length; j++) {
    rateSum += 1 / sorted[j - 1];
    best = Math.min(best, (batch + j) / rateSum);
  }
  return best;
}
