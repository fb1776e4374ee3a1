import type { RandomStream } from '../random/random-stream.ts';
import type { Problem } from './problem.ts';

/** `problem: { kind: 'separable-quadratic', ... }`: one center per worker, so data heterogeneity is easy to see. */
export interface SeparableQuadraticSpec {
  kind: 'separable-quadratic';
  /** One center per worker. */
  centers: number[][];
  /** One curvature per coordinate. */
  curvature: number[];
  noise: { kind: 'gaussian'; sigma: number };
  x0?: number[];
}

export interface SeparableQuadraticOptions {
  /** One center a_i ∈ R^d per worker. */
  readonly centers: readonly (readonly number[])[];
  /** Curvatures c_j > 0, one per coordinate. */
  readonly curvature: readonly number[];
  /** Standard deviation of the Gaussian oracle noise per coordinate. */
  readonly sigma: number;
  /** Starting point; default the origin. */
  readonly x0?: readonly number[];
}

/**
 * f_i(x) = ½ Σ_j c_j (x_j − a_ij)², one center per worker. The minimiser of f is the plain mean
 * of the centers ā; a method that weighs worker i by π_i settles at Σ π_i a_i instead, which
 * makes this the problem for seeing data-heterogeneity bias (ALGORITHMS §5.4).
 */
export class SeparableQuadratic implements Problem {
  readonly kind = 'separable-quadratic';
  readonly dimension: number;
  readonly localFunctions: number;
  readonly optimalLoss: number;
  readonly smoothness: number;
  readonly noiseVariance: number;
  readonly centers: readonly Float64Array[];
  readonly curvature: Float64Array;
  /** ā = (1/n) Σ a_i, the minimiser of f. */
  readonly minimizer: Float64Array;
  private readonly start: Float64Array;

  constructor(readonly options: SeparableQuadraticOptions) {
    const n = options.centers.length;
    const d = options.curvature.length;
    this.dimension = d;
    this.localFunctions = n;
    this.curvature = Float64Array.from(options.curvature);
    this.centers = options.centers.map((center) => Float64Array.from(center));
    this.minimizer = new Float64Array(d);
    for (const center of this.centers) {
      for (let j = 0; j < d; j++) this.minimizer[j] += center[j] / n;
    }
    let spread = 0;
    for (const center of this.centers) {
      for (let j = 0; j < d; j++) spread += 0.5 * this.curvature[j] * (this.minimizer[j] - center[j]) ** 2;
    }
    this.optimalLoss = spread / n;
    this.smoothness = Math.max(...options.curvature);
    this.noiseVariance = d * options.sigma ** 2;
    this.start = options.x0 === undefined ? new Float64Array(d) : Float64Array.from(options.x0);
  }

  initialPoint(): Float64Array {
    return this.start.slice();
  }

  /** f(x) = ½ Σ_j c_j (x_j − ā_j)² + f*, the exact decomposition of the mean of the f_i. */
  loss(x: Float64Array): number {
    let sum = 0;
    for (let j = 0; j < x.length; j++) sum += 0.5 * this.curvature[j] * (x[j] - this.minimizer[j]) ** 2;
    return sum + this.optimalLoss;
  }

  gradient(x: Float64Array, out: Float64Array): void {
    for (let j = 0; j < x.length; j++) out[j] = this.curvature[j] * (x[j] - this.minimizer[j]);
  }

  stochasticGradient(worker: number, x: Float64Array, rng: RandomStream, out: Float64Array): void {
    const center = this.centers[worker];
    const sigma = this.options.sigma;
    for (let j = 0; j < x.length; j++) out[j] = this.curvature[j] * (x[j] - center[j]);
    if (sigma === 0) return;
    for (let j = 0; j < x.length; j++) out[j] += sigma * rng.normal();
  }
}
