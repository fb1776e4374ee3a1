import {
  laplacianTimes,
  scaledLaplacianEigenRange,
  solveScaledLaplacian,
  type ScaledLaplacian,
} from '../linalg/tridiagonal.ts';
import { dot } from '../linalg/vector.ts';
import type { RandomStream } from '../random/random-stream.ts';
import type { FiniteSum, Problem } from './problem.ts';

/** `problem: { kind: 'finite-sum-quadratic', ... }`: the worst-case quadratic as a finite sum of m components f_j = ½xᵀAx − b_jᵀx (Freya PAGE). */
export interface FiniteSumQuadraticSpec {
  kind: 'finite-sum-quadratic';
  d: number;
  /** m, the number of components. */
  components: number;
  /** b_j = b + sigma·z_j with fixed standard-normal z_j. */
  noise: { kind: 'gaussian'; sigma: number };
  scale?: number;
  mu?: number;
  /** Component j uses c_j·A, c_j ∈ [1 − spread, 1 + spread] with mean 1 (gradient differences vary). Default 0. */
  curvatureSpread?: number;
}

export interface FiniteSumQuadraticOptions {
  readonly d: number;
  /** Number of components m ≥ 1. */
  readonly components: number;
  /** Standard deviation of the per-coordinate data noise in b_j = b + noise·z_j. */
  readonly noise: number;
  /** L in A = (L/4)·tridiag(−1, 2, −1) and b = −(L/4)·e₁. Default 1. */
  readonly scale?: number;
  /** Shift the diagonal so that λ_min(A) = mu. Default: no shift. */
  readonly mu?: number;
  /**
   * Half-width s of the per-component curvatures c_j ∈ [1 − s, 1 + s] (f_j uses c_j·A). Default 0:
   * every f_j shares A and nothing extra is drawn. s < 1 keeps every f_j convex.
   */
  readonly curvatureSpread?: number;
}

/**
 * A finite-sum form of the worst-case quadratic (ALGORITHMS §6.1), for Freya PAGE (§4.2):
 * f(x) = (1/m) Σ_{j<m} f_j(x) with f_j(x) = ½xᵀAx − b_jᵀx, A = (L/4)·tridiag(−1, 2, −1)
 * (optionally shifted so λ_min(A) = mu) and b_j = −(L/4)·e₁ + noise·z_j, where the z_j ~ N(0, I_d)
 * are drawn once at construction. f is the worst-case quadratic with b̄ = (1/m) Σ b_j. Start
 * x⁰ = √d·e₁.
 *
 * Homogeneous (`localFunctions` = 1): a stochastic gradient is ∇f_j(x) for j uniform on [0, m),
 * so every method runs on it; `finiteSum.componentGradient(j, ·)` is the same ∇f_j, exactly.
 * With spread 0, `noiseVariance` is the exact oracle variance (1/m) Σ_j ‖b_j − b̄‖², the same at every x.
 *
 * With the default `curvatureSpread` 0 every f_j shares A, so ∇f_j(x) − ∇f_j(y) = A(x − y) for
 * all j: the gradient differences of a PAGE step carry no sampling noise (the Hessian-variance
 * constant L± is 0), and only the full-gradient phase and the plain SGD oracle see the spread of
 * the b_j. With spread s > 0, f_j(x) = ½c_j·xᵀAx − b_jᵀx with c_j = 1 + s·u_j: the u_j are m
 * uniforms v_j = 2U − 1 drawn after the z_j, centred (mean 0) and scaled so that max |u_j| = 1
 * (all 0 when m = 1). Then ∇f_j(x) − ∇f_j(y) = c_j·A(x − y) differs across j, f = ½c̄·xᵀAx − b̄ᵀx
 * with c̄ the mean of the stored c_j (1 up to rounding), and the oracle variance grows with ‖Ax‖,
 * so `noiseVariance` is undefined (no bound holds at every x).
 *
 * Memory: the z_j are one row-major m×d Float64Array, 8·m·d bytes (8 MB for m = 10⁵, d = 10 or
 * for m = 100, d = 10⁴), plus O(d) for b̄, x* and a scratch vector. Construction draws m·d normals
 * from `rng` in row-major order (z_j[i] is draw j·d + i), always, even when noise is 0, so the
 * stream's consumption depends only on (m, d); a positive spread then draws m uniforms more (and
 * stores m curvatures). Every gradient, loss or sample afterwards is O(d).
 */
export class FiniteSumQuadratic implements Problem, FiniteSum {
  readonly kind = 'finite-sum-quadratic';
  readonly localFunctions = 1;
  readonly dimension: number;
  /** Number of components m. */
  readonly components: number;
  readonly optimalLoss: number;
  readonly smoothness: number;
  /** (1/m) Σ_j ‖b_j − b̄‖² with spread 0; undefined with a positive spread (no uniform bound). */
  readonly noiseVariance: number | undefined;
  /** The problem is its own finite-sum view: one monomorphic object, no wrapper in the hot path. */
  readonly finiteSum: FiniteSum = this;
  /** b̄ = (1/m) Σ b_j, the linear term of f. */
  readonly meanLinear: Float64Array;
  /** x* = (c̄A)⁻¹b̄, the minimiser of f. */
  readonly minimizer: Float64Array;
  /** c_j per component with a positive spread; undefined with spread 0 (every c_j = 1). */
  readonly curvatures: Float64Array | undefined;
  /** A, shared by every f_j up to its c_j. */
  private readonly matrix: ScaledLaplacian;
  /** c̄·A, the Hessian of f (A itself with spread 0). */
  private readonly meanMatrix: ScaledLaplacian;
  /** The z_j, row-major: z_j[i] = directions[j·d + i]. */
  private readonly directions: Float64Array;
  /** b = b₀·e₁. */
  private readonly b0: number;
  private readonly scratch: Float64Array;

  constructor(readonly options: FiniteSumQuadraticOptions, rng: RandomStream) {
    const { d, components: m, noise } = options;
    const quarter = (options.scale ?? 1) / 4;
    const unshifted = { scale: quarter, shift: 0 };
    const shift = options.mu === undefined ? 0 : options.mu - scaledLaplacianEigenRange(unshifted, d).min;
    this.dimension = d;
    this.components = m;
    this.matrix = { scale: quarter, shift };
    this.b0 = -quarter;
    this.scratch = new Float64Array(d);

    const z = new Float64Array(m * d);
    for (let k = 0; k < z.length; k++) z[k] = rng.normal();
    this.directions = z;
    const zMean = new Float64Array(d);
    for (let j = 0; j < m; j++) {
      const row = j * d;
      for (let i = 0; i < d; i++) zMean[i] += z[row + i];
    }
    for (let i = 0; i < d; i++) zMean[i] /= m;
    // Two-pass spread about the mean: exact to rounding, no cancellation from E‖z‖² − ‖z̄‖².
    let spread = 0;
    for (let j = 0; j < m; j++) {
      const row = j * d;
      for (let i = 0; i < d; i++) spread += (z[row + i] - zMean[i]) ** 2;
    }
    const curvatureSpread = options.curvatureSpread ?? 0;
    // Spread 0 draws nothing more, so the stream and every value stay what they were without it.
    this.curvatures = curvatureSpread === 0 ? undefined : drawCurvatures(m, curvatureSpread, rng);
    let meanCurvature = 1;
    if (this.curvatures !== undefined) {
      meanCurvature = 0;
      for (let j = 0; j < m; j++) meanCurvature += this.curvatures[j];
      meanCurvature /= m;
    }
    this.meanMatrix = this.curvatures === undefined ? this.matrix : { scale: meanCurvature * quarter, shift: meanCurvature * shift };
    this.smoothness = scaledLaplacianEigenRange(this.meanMatrix, d).max;
    this.noiseVariance = this.curvatures === undefined ? (noise * noise * spread) / m : undefined;

    this.meanLinear = new Float64Array(d);
    for (let i = 0; i < d; i++) this.meanLinear[i] = noise * zMean[i];
    this.meanLinear[0] += this.b0;
    this.minimizer = solveScaledLaplacian(this.meanMatrix, this.meanLinear);
    // f(x*) = ½x*ᵀ(c̄A)x* − b̄ᵀx* = −½b̄ᵀx* since c̄Ax* = b̄.
    this.optimalLoss = -0.5 * dot(this.meanLinear, this.minimizer);
  }

  initialPoint(): Float64Array {
    const x = new Float64Array(this.dimension);
    x[0] = Math.sqrt(this.dimension);
    return x;
  }

  loss(x: Float64Array): number {
    laplacianTimes(this.meanMatrix, x, this.scratch);
    return 0.5 * dot(x, this.scratch) - dot(this.meanLinear, x);
  }

  /** ∇f(x) = c̄Ax − b̄, in O(d). */
  gradient(x: Float64Array, out: Float64Array): void {
    laplacianTimes(this.meanMatrix, x, out);
    const b = this.meanLinear;
    for (let i = 0; i < out.length; i++) out[i] -= b[i];
  }

  /** ∇f_j(x) = c_j·Ax − b_j, exactly, in O(d). */
  componentGradient(j: number, x: Float64Array, out: Float64Array): void {
    laplacianTimes(this.matrix, x, out);
    const noise = this.options.noise;
    const z = this.directions;
    const d = out.length;
    const row = j * d;
    if (this.curvatures === undefined) {
      for (let i = 0; i < d; i++) out[i] -= noise * z[row + i];
    } else {
      const c = this.curvatures[j];
      for (let i = 0; i < d; i++) out[i] = c * out[i] - noise * z[row + i];
    }
    out[0] -= this.b0;
  }

  /** ∇f_j(x) for j uniform on [0, m), one draw from `rng`; the same for every worker. */
  stochasticGradient(_worker: number, x: Float64Array, rng: RandomStream, out: Float64Array): void {
    this.componentGradient(rng.int(this.components), x, out);
  }
}

/**
 * c_j = 1 + spread·u_j for j < m: v_j = 2U − 1 drawn in order, u_j = (v_j − v̄)/max_k |v_k − v̄|,
 * so the u_j have mean 0 (to rounding) and span [−1, 1] with an extreme attained.
 */
function drawCurvatures(m: number, spread: number, rng: RandomStream): Float64Array {
  const u = new Float64Array(m);
  let mean = 0;
  for (let j = 0; j < m; j++) {
    u[j] = 2 * rng.uniform() - 1;
    mean += u[j];
  }
  mean /= m;
  let largest = 0;
  for (let j = 0; j < m; j++) {
    u[j] -= mean;
    largest = Math.max(largest, Math.abs(u[j]));
  }
  const c = new Float64Array(m);
  for (let j = 0; j < m; j++) c[j] = 1 + spread * (largest === 0 ? 0 : u[j] / largest);
  return c;
}
