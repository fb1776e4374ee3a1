import type { RandomStream } from './random-stream.ts';

/**
 * A distribution of non-negative durations or delays in seconds (extra compute time per job,
 * extra latency per message). All parameters are in seconds except the dimensionless ones
 * (`sigma`, `shape`).
 */
export type DistributionSpec =
  /** Always `value`; draws nothing from the stream. */
  | { kind: 'constant'; value: number }
  /** Uniform on [min, max]. */
  | { kind: 'uniform'; min: number; max: number }
  /** Exponential with the given mean. */
  | { kind: 'exponential'; mean: number }
  /** exp(N(mu, sigma²)). */
  | { kind: 'log-normal'; mu: number; sigma: number }
  /** |N(0, scale²)|. */
  | { kind: 'half-normal'; scale: number }
  /**
   * Pareto (type I) with minimum `scale` and tail index `shape`. Draws are at most
   * scale·2^(53/shape), so a shape below ~0.052 can give Infinity.
   */
  | { kind: 'pareto'; scale: number; shape: number };

export type DistributionKind = DistributionSpec['kind'];

/** Every distribution kind, in documentation order. */
export const DISTRIBUTION_KINDS: readonly DistributionKind[] = ['constant', 'uniform', 'exponential', 'log-normal', 'half-normal', 'pareto'];

/**
 * One draw from `spec` using `rng`. The number of stream draws per sample is fixed per kind
 * (0 for constant, 1 for uniform, exponential and Pareto, one normal deviate for log-normal and
 * half-normal), so replacing one distribution by another of the same kind never shifts a stream.
 */
export function sample(spec: DistributionSpec, rng: RandomStream): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return spec.min + (spec.max - spec.min) * rng.uniform();
    case 'exponential':
      return rng.exponential(spec.mean);
    case 'log-normal':
      return Math.exp(spec.mu + spec.sigma * rng.normal());
    case 'half-normal':
      return spec.scale * Math.abs(rng.normal());
    case 'pareto':
      // Inverse CDF: F(x) = 1 − (scale/x)^shape, with u on (0, 1] so the draw is finite.
      return spec.scale * rng.uniformPositive() ** (-1 / spec.shape);
  }
}

/** The mean of `spec` in seconds; Infinity where it is infinite (Pareto with shape ≤ 1). */
export function meanOf(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'exponential':
      return spec.mean;
    case 'log-normal':
      return Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2);
    case 'half-normal':
      return spec.scale * Math.sqrt(2 / Math.PI);
    case 'pareto':
      return spec.shape <= 1 ? Infinity : (spec.shape * spec.scale) / (spec.shape - 1);
  }
}
