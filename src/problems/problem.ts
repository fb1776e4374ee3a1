import type { RandomStream } from '../random/random-stream.ts';

/**
 * An objective f(x) = (1/n) Σ_i f_i(x) with a stochastic first-order oracle per worker.
 *
 * Homogeneous problems have one local function shared by every worker (`localFunctions` = 1);
 * heterogeneous problems have one per worker, and worker i can only sample f_i.
 * Evaluation of f and ∇f is free in virtual time: the engine calls them at checkpoints.
 */
export interface Problem {
  /** The scenario's `problem.kind`. */
  readonly kind: string;
  /** Dimension d of the model x. */
  readonly dimension: number;
  /** Number of distinct local functions f_i (1 for homogeneous problems). */
  readonly localFunctions: number;
  /** f* = inf f when known exactly (used for f − f*). */
  readonly optimalLoss: number | undefined;
  /** Smoothness constant L of f when known. */
  readonly smoothness: number | undefined;
  /** Upper bound σ² on the variance of one stochastic gradient, when the noise model gives one. */
  readonly noiseVariance: number | undefined;
  /** A fresh copy of the starting point x⁰. */
  initialPoint(): Float64Array;
  /** f(x). */
  loss(x: Float64Array): number;
  /** ∇f(x), written into `out`. */
  gradient(x: Float64Array, out: Float64Array): void;
  /**
   * One stochastic gradient ∇f_i(x; ξ) of worker `worker`'s local function, ξ drawn from `rng`
   * (the job's own stream), written into `out`.
   */
  stochasticGradient(worker: number, x: Float64Array, rng: RandomStream, out: Float64Array): void;
  /** Present for finite-sum problems f = (1/m) Σ_j f_j, where any worker can evaluate any ∇f_j. */
  readonly finiteSum?: FiniteSum;
  /** f(x), with ∇f(x) written into `out`, in one pass (problems where evaluation is costly). */
  lossAndGradient?(x: Float64Array, out: Float64Array): number;
  /** Accuracy on held-out examples (problems on labelled data). */
  testAccuracy?(x: Float64Array): number;
  /** What data the problem is built on (problems on labelled data). */
  readonly data?: DataDescription;
}

/** The data behind a problem on labelled examples, as the result reports it. */
export interface DataDescription {
  readonly dataset: string;
  /** Training examples the workers hold, and held-out examples. */
  readonly train: number;
  readonly test: number;
  /** Examples per stochastic gradient. */
  readonly batch: number;
  /** `per worker`: each worker samples its own part; `shared`: every worker samples all the data. */
  readonly split: 'per worker' | 'shared';
  /** labelHistograms[w][c]: examples of label c worker w holds. */
  readonly labelHistograms: readonly (readonly number[])[];
  /** f and ∇f are evaluated on `examples` of the `of` training examples. */
  readonly evaluation: { readonly examples: number; readonly of: number };
}

/** The finite-sum structure f = (1/m) Σ_{j<m} f_j (Freya PAGE, ALGORITHMS §4.2). */
export interface FiniteSum {
  /** Number of components m. */
  readonly components: number;
  /** ∇f_j(x), written into `out`. Deterministic: no noise. */
  componentGradient(j: number, x: Float64Array, out: Float64Array): void;
}

/** The local function index worker `worker` samples: its own for heterogeneous problems. */
export function localIndex(problem: Problem, worker: number): number {
  return problem.localFunctions === 1 ? 0 : worker;
}

/** ‖∇f(x)‖², using `scratch` (length d) as the gradient buffer. */
export function gradNormSq(problem: Problem, x: Float64Array, scratch: Float64Array): number {
  problem.gradient(x, scratch);
  let sum = 0;
  for (let i = 0; i < scratch.length; i++) sum += scratch[i] * scratch[i];
  return sum;
}
