/** Feature standardization statistics: one global mean and std over every feature of every example. */
export interface Normalization {
  readonly mean: number;
  readonly std: number;
}

/** What "not normalized" is recorded as: (v − 0) / 1 leaves every value unchanged. */
export const IDENTITY_NORMALIZATION: Normalization = { mean: 0, std: 1 };

/**
 * The global mean and population standard deviation of `values`. Two passes rather than a running
 * sum of squares: MNIST has ~6 million values and the one-pass formula loses digits to
 * cancellation. A constant (or empty) input gets std 1, so standardizing never divides by zero.
 */
export function globalStatistics(values: Float64Array): Normalization {
  const n = values.length;
  if (n === 0) return IDENTITY_NORMALIZATION;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    squares += d * d;
  }
  const std = Math.sqrt(squares / n);
  return { mean, std: std > 0 ? std : 1 };
}

/** Replaces every v in `values` by (v − mean) / std, in place. */
export function standardize(values: Float64Array, { mean, std }: Normalization): void {
  for (let i = 0; i < values.length; i++) values[i] = (values[i] - mean) / std;
}
