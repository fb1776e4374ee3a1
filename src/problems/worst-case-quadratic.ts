import {
  laplacianTimes,
  scaledLaplacianEigenRange,
  solveScaledLaplacian,
  type ScaledLaplacian,
} from '../linalg/tridiagonal.ts';
import { dot } from '../linalg/vector.ts';
import type { RandomStream } from '../random/random-stream.ts';
import type { Problem } from './problem.ts';

/** `problem: { kind: 'worst-case-quadratic', ... }`: the tridiagonal quadratic of the lower-bound papers. */
export interface WorstCaseQuadraticSpec {
  kind: 'worst-case-quadratic';
  d: number;
  noise: { kind: 'add'; sigma: number } | { kind: 'zero-last'; p: number };
  /** L in A = (L/4)·tridiag(−1, 2, −1). Default 1. */
  scale?: number;
  /** Shift so that λ_min(A) = mu. Default: no shift. */
  mu?: number;
}

/** Noise models of the worst-case quadratic's oracle (ALGORITHMS §6.1). */
export type WorstCaseNoise =
  /** ∇f(x) + ζ·1 with one scalar ζ ~ N(0, sigma²) on every coordinate: σ² = d·sigma². */
  | { readonly kind: 'add'; readonly sigma: number }
  /** Arjevani's progress oracle: coordinates past prog(x) are multiplied by Bernoulli(p)/p. */
  | { readonly kind: 'zero-last'; readonly p: number };

export interface WorstCaseQuadraticOptions {
  readonly d: number;
  readonly noise: WorstCaseNoise;
  /** L in A = (L/4)·tridiag(−1, 2, −1) and b = −(L/4)·e₁. Default 1. */
  readonly scale?: number;
  /** Shift the diagonal so that λ_min(A) = mu (the code's strongly-convex constant). Default: no shift. */
  readonly mu?: number;
}

/**
 * The worst-case ("Nesterov/Arjevani") tridiagonal quadratic f(x) = ½xᵀAx − bᵀx, homogeneous:
 * every worker samples the same f. Start x⁰ = √d·e₁.
 */
export class WorstCaseQuadratic implements Problem {
  readonly kind = 'worst-case-quadratic';
  readonly localFunctions = 1;
  readonly dimension: number;
  readonly optimalLoss: number;
  readonly smoothness: number;
  readonly noiseVariance: number | undefined;
  private readonly matrix: ScaledLaplacian;
  /** b = b₀·e₁. */
  private readonly b0: number;
  private readonly scratch: Float64Array;

  constructor(readonly options: WorstCaseQuadraticOptions) {
    const d = options.d;
    const quarter = (options.scale ?? 1) / 4;
    const unshifted = { scale: quarter, shift: 0 };
    const shift = options.mu === undefined ? 0 : options.mu - scaledLaplacianEigenRange(unshifted, d).min;
    this.dimension = d;
    this.scratch = new Float64Array(d);
    this.matrix = { scale: quarter, shift };
    this.b0 = -quarter;
    this.smoothness = scaledLaplacianEigenRange(this.matrix, d).max;
    this.noiseVariance = options.noise.kind === 'add' ? d * options.noise.sigma ** 2 : undefined;
    const rhs = new Float64Array(d);
    rhs[0] = this.b0;
    const minimizer = solveScaledLaplacian(this.matrix, rhs);
    this.optimalLoss = -0.5 * this.b0 * minimizer[0];
  }

  initialPoint(): Float64Array {
    const x = new Float64Array(this.dimension);
    x[0] = Math.sqrt(this.dimension);
    return x;
  }

  loss(x: Float64Array): number {
    const ax = this.scratch;
    laplacianTimes(this.matrix, x, ax);
    return 0.5 * dot(x, ax) - this.b0 * x[0];
  }

  gradient(x: Float64Array, out: Float64Array): void {
    laplacianTimes(this.matrix, x, out);
    out[0] -= this.b0;
  }

  stochasticGradient(_worker: number, x: Float64Array, rng: RandomStream, out: Float64Array): void {
    this.gradient(x, out);
    const noise = this.options.noise;
    if (noise.kind === 'add') {
      if (noise.sigma === 0) return;
      const zeta = noise.sigma * rng.normal();
      for (let j = 0; j < out.length; j++) out[j] += zeta;
      return;
    }
    // Coordinates after the last nonzero of x carry the only "progress" information.
    let progress = -1;
    for (let j = x.length - 1; j >= 0; j--) {
      if (x[j] !== 0) {
        progress = j;
        break;
      }
    }
    const multiplier = rng.uniform() < noise.p ? 1 / noise.p : 0;
    for (let j = progress + 1; j < out.length; j++) out[j] *= multiplier;
  }
}
