import {
  laplacianTimes,
  scaledLaplacianEigenRange,
  solveScaledLaplacian,
  type ScaledLaplacian,
} from '../linalg/tridiagonal.ts';
import { dot, meanOfRows } from '../linalg/vector.ts';
import type { RandomStream } from '../random/random-stream.ts';
import type { Problem } from './problem.ts';

/** `problem: { kind: 'heterogeneous-quadratic', ... }`: Tyurin 2025's generator, one quadratic per worker. */
export interface HeterogeneousQuadraticSpec {
  kind: 'heterogeneous-quadratic';
  d: number;
  noise: { kind: 'gaussian'; sigma: number };
  /** λ_min of the mean matrix. Default 1e-3. */
  lambda?: number;
  /** Heterogeneity strength. Default 3. */
  s?: number;
  /** Every f_i minimised at the same point. Default false. */
  interpolation?: boolean;
}

export interface HeterogeneousQuadraticOptions {
  readonly d: number;
  /** Number of workers, one local function each. */
  readonly workers: number;
  /** λ_min of the mean matrix after the shift. Default 1e-3. */
  readonly lambda?: number;
  /** Heterogeneity strength s in η = 1 + s·ζ. Default 3. */
  readonly s?: number;
  /** Standard deviation of the Gaussian oracle noise per coordinate. */
  readonly sigma: number;
  /** Interpolation regime: b_i := A_i·x̄ so every f_i is minimised at the same x̄. Default false. */
  readonly interpolation?: boolean;
}

/**
 * The heterogeneous quadratics of Tyurin 2025, Alg. 3 (ALGORITHMS §6.2):
 * f_i(x) = ½xᵀA_i x − b_iᵀx with A_i = (η_i^s/4)·T + δI and b_i = (η_i^s/4)(−1 + η_i^b)·e₁,
 * η^s = 1 + sζ, η^b = sζ', ζ, ζ' ~ N(0, 1), and δ chosen so λ_min(mean A) = λ.
 * Individual A_i may be indefinite; only their mean is guaranteed positive definite.
 */
export class HeterogeneousQuadratic implements Problem {
  readonly kind = 'heterogeneous-quadratic';
  readonly dimension: number;
  readonly localFunctions: number;
  readonly optimalLoss: number;
  readonly smoothness: number;
  readonly noiseVariance: number;
  /** The local matrices A_i. */
  readonly matrices: readonly ScaledLaplacian[];
  /** The local linear terms b_i (dense, because interpolation makes them so). */
  readonly linear: readonly Float64Array[];
  /** The common minimiser x̄ of f (and of every f_i under interpolation). */
  readonly minimizer: Float64Array;
  private readonly mean: ScaledLaplacian;
  private readonly meanLinear: Float64Array;
  private readonly scratch: Float64Array;

  constructor(readonly options: HeterogeneousQuadraticOptions, rng: RandomStream) {
    const { d, workers } = options;
    const s = options.s ?? 3;
    const lambda = options.lambda ?? 1e-3;
    const scales: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < workers; i++) {
      scales.push((1 + s * rng.normal()) / 4);
      offsets.push(s * rng.normal());
    }
    const meanScale = scales.reduce((a, b) => a + b, 0) / workers;
    const shift = lambda - scaledLaplacianEigenRange({ scale: meanScale, shift: 0 }, d).min;
    this.dimension = d;
    this.localFunctions = workers;
    this.matrices = scales.map((scale) => ({ scale, shift }));
    this.mean = { scale: meanScale, shift };
    const linear = scales.map((scale, i) => {
      const b = new Float64Array(d);
      b[0] = scale * (-1 + offsets[i]);
      return b;
    });
    this.meanLinear = new Float64Array(d);
    meanOfRows(linear, this.meanLinear);
    this.minimizer = solveScaledLaplacian(this.mean, this.meanLinear);
    if (options.interpolation === true) {
      for (let i = 0; i < workers; i++) laplacianTimes(this.matrices[i], this.minimizer, linear[i]);
      meanOfRows(linear, this.meanLinear);
    }
    this.linear = linear;
    this.scratch = new Float64Array(d);
    this.smoothness = scaledLaplacianEigenRange(this.mean, d).max;
    this.noiseVariance = d * options.sigma ** 2;
    this.optimalLoss = this.loss(this.minimizer);
  }

  initialPoint(): Float64Array {
    const x = new Float64Array(this.dimension);
    x[0] = Math.sqrt(this.dimension);
    return x;
  }

  loss(x: Float64Array): number {
    laplacianTimes(this.mean, x, this.scratch);
    return 0.5 * dot(x, this.scratch) - dot(this.meanLinear, x);
  }

  gradient(x: Float64Array, out: Float64Array): void {
    laplacianTimes(this.mean, x, out);
    const b = this.meanLinear;
    for (let j = 0; j < out.length; j++) out[j] -= b[j];
  }

  /** ∇f_i(x) exactly (no noise). */
  localGradient(worker: number, x: Float64Array, out: Float64Array): void {
    laplacianTimes(this.matrices[worker], x, out);
    const b = this.linear[worker];
    for (let j = 0; j < out.length; j++) out[j] -= b[j];
  }

  stochasticGradient(worker: number, x: Float64Array, rng: RandomStream, out: Float64Array): void {
    this.localGradient(worker, x, out);
    const sigma = this.options.sigma;
    if (sigma === 0) return;
    for (let j = 0; j < out.length; j++) out[j] += sigma * rng.normal();
  }
}
