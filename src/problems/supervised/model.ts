/**
 * A supervised model: parameters x ∈ R^d and a loss per labelled example. The data problem
 * (data-problem.ts) samples minibatches and evaluation sets; a model only sees a block of
 * examples gathered row-major (count × features) with their labels.
 */
export interface Model {
  readonly dimension: number;
  /** Number of input features one example has. */
  readonly features: number;
  /** Largest block of examples `accumulate` and `predict` accept at once. */
  readonly maxBlock: number;
  /** x⁰, drawn from `random` (a uniform [0, 1) source) where the model needs a random start. */
  initialPoint(random: () => number): Float64Array;
  /**
   * Σ_j weight·ℓ(x; example j) over the block, and, when `gradient` is given, adds
   * Σ_j weight·∇ℓ(x; example j) to it. The regularizer is not included.
   */
  accumulate(x: Float64Array, block: Float64Array, labels: Uint8Array, count: number, weight: number, gradient: Float64Array | undefined): number;
  /** The predicted label of each example of the block, into `out`. */
  predict(x: Float64Array, block: Float64Array, count: number, out: Uint8Array): void;
  /** A regularizer r(x) added once to every f_i (0 if none); adds ∇r to `gradient` when given. */
  regularizer(x: Float64Array, gradient: Float64Array | undefined): number;
  /** Floating-point operations of one example's forward and backward pass (for throughput figures). */
  readonly flopsPerExample: number;
}
