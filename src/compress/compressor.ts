import type { RandomStream } from '../random/random-stream.ts';

/**
 * An unbiased compressor C ∈ U(ω) (ALGORITHMS §4.1): E C(x) = x and E‖C(x) − x‖² ≤ ω‖x‖².
 * Implementations: src/compress/*.ts, one per compressor.
 */
export interface Compressor {
  /** The variance parameter ω for vectors of dimension d. */
  omega(d: number): number;
  /**
   * Cost of one compressed message of a d-vector, in floats (32-bit float equivalents: a
   * compressor that sends bits is charged bits / 32): what a link's `perFloat` multiplies.
   */
  floats(d: number): number;
  /**
   * Writes C(x) into `out` (length d, dense: zeros where nothing is sent), drawing its
   * randomness from `rng`. `out` may not alias `x`. Allocation-free in the hot path.
   */
  compress(x: Float64Array, rng: RandomStream, out: Float64Array): void;
}

/** Compressors as they appear in scenario files and in tasks (plain data). */
export type CompressorSpec =
  | { readonly kind: 'identity' }
  /** K coordinates chosen uniformly without replacement, scaled by d/K: ω = d/K − 1, K floats. */
  | { readonly kind: 'rand-k'; readonly k: number }
  /** QSGD with s levels (Alistarh et al. 2017): ω = min(d/s², √d/s). */
  | { readonly kind: 'qsgd'; readonly levels: number }
  /** Natural compression (Horváth et al.): random rounding to a power of two, ω = 1/8. */
  | { readonly kind: 'natural' };
