import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledLaplacianEigenRange } from '../../src/linalg/tridiagonal.ts';
import { createProblem } from '../../src/problems/create-problem.ts';
import { HeterogeneousQuadratic, type HeterogeneousQuadraticOptions } from '../../src/problems/heterogeneous-quadratic.ts';
import { gradNormSq, localIndex, type Problem } from '../../src/problems/problem.ts';
import { SeparableQuadratic } from '../../src/problems/separable-quadratic.ts';
import { WorstCaseQuadratic } from '../../src/problems/worst-case-quadratic.ts';
import { RandomStream } from '../../src/random/random-stream.ts';

// ----- references ---------------------------------------------------------------------------------

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

function gradientOf(problem: Problem, x: Float64Array): Float64Array {
  const g = new Float64Array(problem.dimension);
  problem.gradient(x, g);
  return g;
}

/** The Hessian of a quadratic problem, read off its gradient: column j is ∇f(e_j) − ∇f(0). */
function denseHessian(problem: Problem): number[][] {
  const d = problem.dimension;
  const g0 = gradientOf(problem, new Float64Array(d));
  const columns = Array.from({ length: d }, (_, j) => {
    const e = new Float64Array(d);
    e[j] = 1;
    return gradientOf(problem, e).map((v, i) => v - g0[i]);
  });
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => columns[j][i]));
}

function denseTimes(a: number[][], x: ArrayLike<number>): number[] {
  return a.map((row) => row.reduce((sum, aij, j) => sum + aij * x[j], 0));
}

/** Largest eigenvalue of a symmetric positive semidefinite matrix by power iteration (Rayleigh quotient). */
function powerIteration(a: number[][], iterations = 4000): number {
  const d = a.length;
  const rng = new RandomStream(99);
  let v = Array.from({ length: d }, () => 1 + rng.uniform());
  let lambda = 0;
  for (let k = 0; k < iterations; k++) {
    const norm = Math.hypot(...v);
    // The zero matrix (all eigenvalues equal, e.g. L·I − A for d = 1) sends v to 0.
    if (norm === 0) return 0;
    v = v.map((x) => x / norm);
    const w = denseTimes(a, v);
    lambda = w.reduce((s, wi, i) => s + wi * v[i], 0);
    v = w;
  }
  return lambda;
}

/** Solves a·x = b by Gaussian elimination with partial pivoting (independent of src/linalg). */
function denseSolve(a: number[][], b: ArrayLike<number>): Float64Array {
  const d = a.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < d; r++) {
      const factor = m[r][col] / m[col][col];
      for (let c = col; c <= d; c++) m[r][c] -= factor * m[col][c];
    }
  }
  const x = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let s = m[r][d];
    for (let c = r + 1; c < d; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x;
}

/** ½xᵀ(c·T + δI)x − bᵀx written out densely. */
function quadraticValue(scale: number, shift: number, b: ArrayLike<number>, x: ArrayLike<number>): number {
  const d = x.length;
  let quad = 0;
  for (let i = 0; i < d; i++) {
    quad += (2 * scale + shift) * x[i] * x[i];
    if (i + 1 < d) quad -= 2 * scale * x[i] * x[i + 1];
  }
  let linear = 0;
  for (let i = 0; i < d; i++) linear += b[i] * x[i];
  return 0.5 * quad - linear;
}

const pointArb = (d: number) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }).map((v) => Float64Array.from(v));

// ----- the problems under test --------------------------------------------------------------------

const heterogeneousOptions: HeterogeneousQuadraticOptions = { d: 6, workers: 5, sigma: 0.5 };
const separableCenters = [
  [1, -2, 0.5, 3],
  [-1, 0, 2.5, 1],
  [0.5, 4, -1, -2],
];
const separableCurvature = [0.5, 2, 1.25, 3];

const cases: { readonly name: string; readonly problem: Problem }[] = [
  { name: 'WorstCaseQuadratic', problem: new WorstCaseQuadratic({ d: 7, noise: { kind: 'add', sigma: 0.3 } }) },
  {
    name: 'WorstCaseQuadratic (scale 3, mu 0.05)',
    problem: new WorstCaseQuadratic({ d: 5, noise: { kind: 'zero-last', p: 0.25 }, scale: 3, mu: 0.05 }),
  },
  { name: 'HeterogeneousQuadratic', problem: new HeterogeneousQuadratic(heterogeneousOptions, new RandomStream(17)) },
  { name: 'SeparableQuadratic', problem: new SeparableQuadratic({ centers: separableCenters, curvature: separableCurvature, sigma: 0.4 }) },
];

// ----- properties shared by every problem ---------------------------------------------------------

describe.each(cases)('$name', ({ problem }) => {
  const d = problem.dimension;

  it('has a gradient equal to central finite differences of loss()', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const g = gradientOf(problem, x);
        const h = 1e-3;
        const fd = new Float64Array(d);
        for (let j = 0; j < d; j++) {
          const plus = x.slice();
          const minus = x.slice();
          plus[j] += h;
          minus[j] -= h;
          // Exact for a quadratic up to rounding, ~ε·|f|/h ≈ 1e-10 here.
          fd[j] = (problem.loss(plus) - problem.loss(minus)) / (plus[j] - minus[j]);
        }
        const tolerance = 1e-6 * Math.max(1, maxAbs(g));
        for (let j = 0; j < d; j++) expect(Math.abs(fd[j] - g[j])).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 50 },
    );
  });

  it('has smoothness equal to the largest Hessian eigenvalue (dense power iteration)', () => {
    const hessian = denseHessian(problem);
    const lambdaMax = powerIteration(hessian);
    expect(problem.smoothness).toBeDefined();
    expect(Math.abs((problem.smoothness ?? Number.NaN) - lambdaMax)).toBeLessThanOrEqual(1e-9 * lambdaMax);
  });

  it('has a positive-definite Hessian, so optimalLoss is the minimum of a strongly convex f', () => {
    const hessian = denseHessian(problem);
    const top = problem.smoothness ?? Number.NaN;
    // λ_min(H) = L − λ_max(L·I − H).
    const shifted = hessian.map((row, i) => row.map((v, j) => (i === j ? top - v : -v)));
    const lambdaMin = top - powerIteration(shifted);
    expect(lambdaMin).toBeGreaterThan(0);
  });

  it('reaches optimalLoss at the solution of ∇f = 0 and nowhere lower', () => {
    const hessian = denseHessian(problem);
    const minusG0 = gradientOf(problem, new Float64Array(d)).map((v) => -v);
    const xStar = denseSolve(hessian, minusG0);
    const fStar = problem.optimalLoss ?? Number.NaN;
    expect(Math.abs(problem.loss(xStar) - fStar)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(fStar)));
    expect(maxAbs(gradientOf(problem, xStar))).toBeLessThan(1e-10);
    const rng = new RandomStream(5);
    for (let k = 0; k < 20; k++) {
      const x = Float64Array.from({ length: d }, () => 4 * rng.normal());
      expect(problem.loss(x)).toBeGreaterThanOrEqual(fStar - 1e-12);
    }
  });

  it('returns a fresh copy of the initial point each time', () => {
    const a = problem.initialPoint();
    const b = problem.initialPoint();
    expect(a).not.toBe(b);
    expect(Array.from(a)).toEqual(Array.from(b));
    a[0] += 1;
    expect(problem.initialPoint()[0]).toBe(b[0]);
  });

  it('gives gradNormSq as the squared norm of the gradient', () => {
    const x = problem.initialPoint().map((v, j) => v + 0.1 * j);
    const g = gradientOf(problem, x);
    const expected = g.reduce((s, v) => s + v * v, 0);
    expect(gradNormSq(problem, x, new Float64Array(d))).toBeCloseTo(expected, 12);
  });
});

// ----- WorstCaseQuadratic -------------------------------------------------------------------------

describe('WorstCaseQuadratic', () => {
  it('matches ALGORITHMS §6.1: A = (L/4)·tridiag(−1, 2, −1), b = −(L/4)e₁, x⁰ = √d·e₁', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (d, scale) => {
        const problem = new WorstCaseQuadratic({ d, noise: { kind: 'add', sigma: 0 }, scale });
        const quarter = scale / 4;
        const b = new Float64Array(d);
        b[0] = -quarter;
        const rng = new RandomStream(d);
        const x = Float64Array.from({ length: d }, () => rng.normal());
        const expected = quadraticValue(quarter, 0, b, x);
        expect(problem.loss(x)).toBeCloseTo(expected, 10);
        const x0 = problem.initialPoint();
        expect(x0[0]).toBe(Math.sqrt(d));
        expect(maxAbs(x0.subarray(1))).toBe(0);
        expect(problem.localFunctions).toBe(1);
        expect(problem.smoothness).toBeCloseTo(quarter * (2 + 2 * Math.cos(Math.PI / (d + 1))), 12);
        expect(problem.smoothness).toBeLessThan(scale);
      }),
    );
  });

  it('shifts the diagonal so that λ_min(A) = mu', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (d, mu) => {
        const problem = new WorstCaseQuadratic({ d, noise: { kind: 'add', sigma: 0 }, mu });
        const hessian = denseHessian(problem);
        const top = problem.smoothness;
        const shifted = hessian.map((row, i) => row.map((v, j) => (i === j ? top - v : -v)));
        expect(top - powerIteration(shifted, 3000)).toBeCloseTo(mu, 9);
      }),
      // d = 1 once broke the reference power iteration (L·I − A is the zero matrix): pinned.
      { numRuns: 30, examples: [[1, 0.001]] },
    );
  });

  it('decreases the loss toward optimalLoss under gradient descent with step 1/L', () => {
    for (const problem of [
      new WorstCaseQuadratic({ d: 6, noise: { kind: 'add', sigma: 0 } }),
      new WorstCaseQuadratic({ d: 30, noise: { kind: 'add', sigma: 0 }, scale: 2, mu: 0.05 }),
    ]) {
      const x = problem.initialPoint();
      const g = new Float64Array(problem.dimension);
      let previous = problem.loss(x);
      const initialGap = previous - problem.optimalLoss;
      for (let k = 0; k < 3000; k++) {
        problem.gradient(x, g);
        for (let j = 0; j < x.length; j++) x[j] -= g[j] / problem.smoothness;
        const current = problem.loss(x);
        expect(current).toBeLessThanOrEqual(previous + 1e-15);
        expect(current).toBeGreaterThanOrEqual(problem.optimalLoss - 1e-12);
        previous = current;
      }
      expect(previous - problem.optimalLoss).toBeLessThan(1e-9 * initialGap);
    }
  });

  it('reports σ² = d·sigma² for `add` noise and none for `zero-last`', () => {
    expect(new WorstCaseQuadratic({ d: 9, noise: { kind: 'add', sigma: 0.5 } }).noiseVariance).toBe(9 * 0.25);
    expect(new WorstCaseQuadratic({ d: 9, noise: { kind: 'zero-last', p: 0.1 } }).noiseVariance).toBeUndefined();
  });

  describe('`add` noise', () => {
    const sigma = 0.7;
    const problem = new WorstCaseQuadratic({ d: 5, noise: { kind: 'add', sigma } });
    const x = Float64Array.from([0.3, -1, 2, 0.5, -0.25]);
    const g = gradientOf(problem, x);

    it('adds one scalar to every coordinate', () => {
      const base = new RandomStream(8);
      const out = new Float64Array(5);
      for (let k = 0; k < 200; k++) {
        problem.stochasticGradient(0, x, base.child(k), out);
        const shifts = Array.from(out, (v, j) => v - g[j]);
        for (const shift of shifts) expect(Math.abs(shift - shifts[0])).toBeLessThan(1e-14 * (1 + maxAbs(g) + Math.abs(shifts[0])));
      }
    });

    it('is unbiased with E‖g̃ − ∇f‖² = noiseVariance', () => {
      const base = new RandomStream(9);
      const n = 20_000;
      const out = new Float64Array(5);
      const sum = new Float64Array(5);
      let sqSum = 0;
      for (let k = 0; k < n; k++) {
        problem.stochasticGradient(0, x, base.child(k), out);
        let sq = 0;
        for (let j = 0; j < 5; j++) {
          sum[j] += out[j];
          sq += (out[j] - g[j]) ** 2;
        }
        sqSum += sq;
      }
      // Each coordinate's mean has SE sigma/√n ≈ 5e-3; allow 5 SE.
      for (let j = 0; j < 5; j++) expect(Math.abs(sum[j] / n - g[j])).toBeLessThan((5 * sigma) / Math.sqrt(n));
      // ‖noise‖² = d·ζ², variance 2·(d·sigma²)²: SE of its mean is d·sigma²·√(2/n).
      const variance = problem.noiseVariance ?? Number.NaN;
      expect(Math.abs(sqSum / n - variance)).toBeLessThan(5 * variance * Math.sqrt(2 / n));
    });

    it('returns the exact gradient when sigma is 0', () => {
      const exact = new WorstCaseQuadratic({ d: 5, noise: { kind: 'add', sigma: 0 } });
      const out = new Float64Array(5);
      exact.stochasticGradient(3, x, new RandomStream(1), out);
      expect(Array.from(out)).toEqual(Array.from(gradientOf(exact, x)));
    });
  });

  describe('`zero-last` noise', () => {
    const p = 0.3;
    const d = 8;
    const problem = new WorstCaseQuadratic({ d, noise: { kind: 'zero-last', p }, mu: 0.01 });
    /** x with exactly `prog + 1` leading nonzero entries. */
    const progressPointArb = fc
      .integer({ min: -1, max: d - 1 })
      .chain((prog) =>
        fc.tuple(
          fc.constant(prog),
          fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }).chain((v) => fc.constantFrom(v, -v)), {
            minLength: prog + 1,
            maxLength: prog + 1,
          }),
        ),
      )
      .map(([prog, prefix]) => {
        const x = new Float64Array(d);
        x.set(prefix);
        return { prog, x };
      });

    it('keeps coordinates up to prog(x) exact and multiplies later ones by one draw of 0 or 1/p', () => {
      fc.assert(
        fc.property(progressPointArb, fc.integer({ min: 0, max: 0xffff_ffff }), ({ prog, x }, seed) => {
          const g = gradientOf(problem, x);
          const out = new Float64Array(d);
          const base = new RandomStream(seed);
          for (let k = 0; k < 20; k++) {
            problem.stochasticGradient(0, x, base.child(k), out);
            for (let j = 0; j <= prog; j++) expect(out[j]).toBe(g[j]);
            const kept = out.subarray(prog + 1).every((v, i) => v === g[prog + 1 + i] * (1 / p));
            const zeroed = out.subarray(prog + 1).every((v) => v === 0);
            expect(kept || zeroed).toBe(true);
          }
        }),
      );
    });

    it('multiplies by 1/p with probability p and is unbiased', () => {
      const x = new Float64Array(d);
      x[0] = 1.5;
      x[1] = -0.5;
      x[2] = 2;
      const g = gradientOf(problem, x);
      expect(g[3]).not.toBe(0);
      const n = 20_000;
      const base = new RandomStream(31);
      const out = new Float64Array(d);
      const sum = new Float64Array(d);
      let kept = 0;
      for (let k = 0; k < n; k++) {
        problem.stochasticGradient(0, x, base.child(k), out);
        if (out[3] !== 0) kept++;
        for (let j = 0; j < d; j++) sum[j] += out[j];
      }
      // Bernoulli(p) frequency: SE √(p(1−p)/n) ≈ 3.2e-3; 5 SE.
      expect(Math.abs(kept / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
      // The multiplier ξ/p has mean 1 and variance (1−p)/p: SE of the mean is |g_j|·√((1−p)/(p·n)).
      for (let j = 0; j < d; j++) {
        const se = Math.abs(g[j]) * Math.sqrt((1 - p) / (p * n));
        expect(Math.abs(sum[j] / n - g[j])).toBeLessThanOrEqual(5 * se + 1e-12 * Math.abs(g[j]));
      }
    });

    it('scales every coordinate (including the first) when x = 0', () => {
      const x = new Float64Array(d);
      const g = gradientOf(problem, x);
      expect(g[0]).toBeGreaterThan(0);
      const out = new Float64Array(d);
      const values = new Set<number>();
      for (let k = 0; k < 100; k++) {
        problem.stochasticGradient(0, x, new RandomStream(k), out);
        values.add(out[0]);
        expect(maxAbs(out.subarray(1))).toBe(0);
      }
      expect([...values].sort((a, b) => a - b)).toEqual([0, g[0] * (1 / p)]);
    });
  });
});

// ----- HeterogeneousQuadratic ---------------------------------------------------------------------

describe('HeterogeneousQuadratic', () => {
  const problem = new HeterogeneousQuadratic(heterogeneousOptions, new RandomStream(17));
  const { d, workers } = heterogeneousOptions;

  function localGradientOf(p: HeterogeneousQuadratic, worker: number, x: Float64Array): Float64Array {
    const out = new Float64Array(p.dimension);
    p.localGradient(worker, x, out);
    return out;
  }

  it('has a full gradient equal to the mean of the local gradients', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const mean = new Float64Array(d);
        for (let i = 0; i < workers; i++) localGradientOf(problem, i, x).forEach((v, j) => (mean[j] += v / workers));
        const g = gradientOf(problem, x);
        const scale = problem.matrices.reduce((m, a) => Math.max(m, 4 * Math.abs(a.scale) + Math.abs(a.shift)), 0);
        for (let j = 0; j < d; j++) expect(Math.abs(mean[j] - g[j])).toBeLessThanOrEqual(1e-12 * scale * Math.max(1, maxAbs(x)) * 10);
      }),
      { numRuns: 50 },
    );
  });

  it('has loss equal to the mean of the local f_i written out densely', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const naive =
          problem.matrices.reduce((sum, a, i) => sum + quadraticValue(a.scale, a.shift, problem.linear[i], x), 0) / workers;
        expect(Math.abs(problem.loss(x) - naive)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(naive)));
      }),
      { numRuns: 50 },
    );
  });

  it('follows ALGORITHMS §6.2: A_i = (η_i/4)·T + δI, b_i ∝ e₁, λ_min(mean A) = λ', () => {
    const shift = problem.matrices[0].shift;
    for (let i = 0; i < workers; i++) {
      expect(problem.matrices[i].shift).toBe(shift);
      expect(maxAbs(problem.linear[i].subarray(1))).toBe(0);
    }
    const meanScale = problem.matrices.reduce((s, a) => s + a.scale, 0) / workers;
    expect(scaledLaplacianEigenRange({ scale: meanScale, shift }, d).min).toBeCloseTo(1e-3, 12);
    const hessian = denseHessian(problem);
    const top = problem.smoothness;
    const shifted = hessian.map((row, i) => row.map((v, j) => (i === j ? top - v : -v)));
    expect(top - powerIteration(shifted)).toBeCloseTo(1e-3, 9);
    const x0 = problem.initialPoint();
    expect(x0[0]).toBe(Math.sqrt(d));
    expect(problem.noiseVariance).toBe(d * 0.25);
    expect(problem.localFunctions).toBe(workers);
  });

  it('draws η^s = 1 + sζ and η^b = sζ′ with the stated distributions', () => {
    const n = 4000;
    const s = 2;
    const big = new HeterogeneousQuadratic({ d: 2, workers: n, s, sigma: 0 }, new RandomStream(3));
    const etaS = Float64Array.from(big.matrices, (a) => 4 * a.scale);
    const etaB = Float64Array.from(big.linear, (b, i) => b[0] / big.matrices[i].scale + 1);
    const stats = (v: Float64Array) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
      return { mean, variance };
    };
    // Mean SE = s/√n ≈ 0.032; variance SE = s²·√(2/n) ≈ 0.089. 5 SE each.
    for (const [values, centre] of [
      [etaS, 1],
      [etaB, 0],
    ] as const) {
      const { mean, variance } = stats(values);
      expect(Math.abs(mean - centre)).toBeLessThan((5 * s) / Math.sqrt(n));
      expect(Math.abs(variance - s * s)).toBeLessThan(5 * s * s * Math.sqrt(2 / n));
    }
  });

  it('is deterministic for a given RandomStream seed and differs across seeds', () => {
    const a = new HeterogeneousQuadratic(heterogeneousOptions, new RandomStream(17));
    const b = new HeterogeneousQuadratic(heterogeneousOptions, new RandomStream(17));
    const c = new HeterogeneousQuadratic(heterogeneousOptions, new RandomStream(18));
    expect(a.matrices).toEqual(b.matrices);
    expect(a.linear.map((v) => Array.from(v))).toEqual(b.linear.map((v) => Array.from(v)));
    expect(Array.from(a.minimizer)).toEqual(Array.from(b.minimizer));
    expect(a.optimalLoss).toBe(b.optimalLoss);
    expect(a.smoothness).toBe(b.smoothness);
    expect(c.matrices).not.toEqual(a.matrices);
  });

  it('has loss(minimizer) = optimalLoss and a vanishing gradient there', () => {
    expect(problem.loss(problem.minimizer)).toBe(problem.optimalLoss);
    const g = gradientOf(problem, problem.minimizer);
    const bScale = problem.linear.reduce((m, b) => Math.max(m, maxAbs(b)), 0);
    expect(maxAbs(g)).toBeLessThan(1e-10 * Math.max(1, bScale + problem.smoothness * maxAbs(problem.minimizer)));
  });

  it('has heterogeneous local minimisers without interpolation', () => {
    const norms = Array.from({ length: workers }, (_, i) => maxAbs(localGradientOf(problem, i, problem.minimizer)));
    expect(Math.max(...norms)).toBeGreaterThan(1e-3);
  });

  it('makes every local gradient vanish at the common minimiser under interpolation', () => {
    for (const seed of [1, 2, 17, 400]) {
      const plain = new HeterogeneousQuadratic(heterogeneousOptions, new RandomStream(seed));
      const interp = new HeterogeneousQuadratic({ ...heterogeneousOptions, interpolation: true }, new RandomStream(seed));
      expect(Array.from(interp.minimizer)).toEqual(Array.from(plain.minimizer));
      const scale = interp.smoothness * Math.max(1, maxAbs(interp.minimizer));
      for (let i = 0; i < workers; i++) expect(maxAbs(localGradientOf(interp, i, interp.minimizer))).toBeLessThanOrEqual(1e-12 * scale);
      expect(maxAbs(gradientOf(interp, interp.minimizer))).toBeLessThanOrEqual(1e-10 * scale);
      expect(interp.loss(interp.minimizer)).toBe(interp.optimalLoss);
      expect(interp.optimalLoss).toBeCloseTo(plain.optimalLoss, 8);
    }
  });

  it('has unbiased stochastic gradients around each worker’s local gradient', () => {
    const x = Float64Array.from({ length: d }, (_, j) => Math.cos(j));
    const n = 8000;
    const out = new Float64Array(d);
    const base = RandomStream.named(4, 'heterogeneous');
    for (let i = 0; i < workers; i++) {
      const exact = localGradientOf(problem, i, x);
      const sum = new Float64Array(d);
      let sq = 0;
      for (let k = 0; k < n; k++) {
        problem.stochasticGradient(i, x, base.child(i * n + k), out);
        for (let j = 0; j < d; j++) {
          sum[j] += out[j];
          sq += (out[j] - exact[j]) ** 2;
        }
      }
      // Per-coordinate SE sigma/√n ≈ 5.6e-3; ‖noise‖² = sigma²·χ²_d has SE sigma²·√(2d/n).
      for (let j = 0; j < d; j++) expect(Math.abs(sum[j] / n - exact[j])).toBeLessThan((5 * heterogeneousOptions.sigma) / Math.sqrt(n));
      const sigma2 = heterogeneousOptions.sigma ** 2;
      expect(Math.abs(sq / n - problem.noiseVariance)).toBeLessThan(5 * sigma2 * Math.sqrt((2 * d) / n));
    }
  });

  it('returns the exact local gradient when sigma is 0', () => {
    const exact = new HeterogeneousQuadratic({ ...heterogeneousOptions, sigma: 0 }, new RandomStream(17));
    const x = Float64Array.from({ length: d }, (_, j) => j - 2);
    const out = new Float64Array(d);
    exact.stochasticGradient(2, x, new RandomStream(0), out);
    expect(Array.from(out)).toEqual(Array.from(localGradientOf(exact, 2, x)));
  });
});

// ----- SeparableQuadratic -------------------------------------------------------------------------

describe('SeparableQuadratic', () => {
  const sigma = 0.4;
  const problem = new SeparableQuadratic({ centers: separableCenters, curvature: separableCurvature, sigma });
  const exact = new SeparableQuadratic({ centers: separableCenters, curvature: separableCurvature, sigma: 0 });
  const n = separableCenters.length;
  const d = separableCurvature.length;

  /** f_i(x) = ½ Σ_j c_j (x_j − a_ij)² directly. */
  const local = (i: number, x: ArrayLike<number>) =>
    separableCurvature.reduce((s, c, j) => s + 0.5 * c * (x[j] - separableCenters[i][j]) ** 2, 0);

  it('has loss equal to the mean of the local f_i', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const naive = separableCenters.reduce((s, _, i) => s + local(i, x), 0) / n;
        expect(Math.abs(problem.loss(x) - naive)).toBeLessThanOrEqual(1e-12 * Math.max(1, naive));
      }),
    );
  });

  it('has a full gradient equal to the mean of the exact local gradients (sigma 0)', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const mean = new Float64Array(d);
        const out = new Float64Array(d);
        for (let i = 0; i < n; i++) {
          exact.stochasticGradient(i, x, new RandomStream(i), out);
          for (let j = 0; j < d; j++) {
            expect(out[j]).toBe(separableCurvature[j] * (x[j] - separableCenters[i][j]));
            mean[j] += out[j] / n;
          }
        }
        const g = gradientOf(problem, x);
        for (let j = 0; j < d; j++) expect(Math.abs(mean[j] - g[j])).toBeLessThanOrEqual(1e-12 * Math.max(1, maxAbs(g)) * 10);
      }),
    );
  });

  it('is minimised at the mean of the centers with optimalLoss = mean_i f_i(ā)', () => {
    const abar = separableCurvature.map((_, j) => separableCenters.reduce((s, c) => s + c[j], 0) / n);
    for (let j = 0; j < d; j++) expect(problem.minimizer[j]).toBeCloseTo(abar[j], 14);
    const fStar = separableCenters.reduce((s, _, i) => s + local(i, abar), 0) / n;
    expect(problem.optimalLoss).toBeCloseTo(fStar, 12);
    expect(problem.loss(problem.minimizer)).toBe(problem.optimalLoss);
    expect(maxAbs(gradientOf(problem, problem.minimizer))).toBe(0);
  });

  it('has smoothness max c_j, σ² = d·sigma², and starts at x0 (default the origin)', () => {
    expect(problem.smoothness).toBe(3);
    expect(problem.noiseVariance).toBeCloseTo(d * sigma * sigma, 15);
    expect(Array.from(problem.initialPoint())).toEqual([0, 0, 0, 0]);
    const started = new SeparableQuadratic({ centers: separableCenters, curvature: separableCurvature, sigma, x0: [1, 2, 3, 4] });
    expect(Array.from(started.initialPoint())).toEqual([1, 2, 3, 4]);
    expect(problem.localFunctions).toBe(n);
  });

  it('has unbiased stochastic gradients around each worker’s local gradient', () => {
    const x = Float64Array.from([0.5, -1, 2, 1]);
    const draws = 8000;
    const out = new Float64Array(d);
    const base = RandomStream.named(6, 'separable');
    for (let i = 0; i < n; i++) {
      const target = separableCurvature.map((c, j) => c * (x[j] - separableCenters[i][j]));
      const sum = new Float64Array(d);
      for (let k = 0; k < draws; k++) {
        problem.stochasticGradient(i, x, base.child(i * draws + k), out);
        for (let j = 0; j < d; j++) sum[j] += out[j];
      }
      // SE sigma/√draws ≈ 4.5e-3; 5 SE.
      for (let j = 0; j < d; j++) expect(Math.abs(sum[j] / draws - target[j])).toBeLessThan((5 * sigma) / Math.sqrt(draws));
    }
  });
});

// ----- createProblem and localIndex ---------------------------------------------------------------

describe('createProblem', () => {
  it('builds a worst-case quadratic from its spec', () => {
    const spec = { kind: 'worst-case-quadratic', d: 4, noise: { kind: 'add', sigma: 0.1 }, scale: 2, mu: 0.01 } as const;
    const problem = createProblem(spec, 3, new RandomStream(1));
    expect(problem).toBeInstanceOf(WorstCaseQuadratic);
    expect(problem.dimension).toBe(4);
    expect(problem.localFunctions).toBe(1);
    const direct = new WorstCaseQuadratic({ d: 4, noise: { kind: 'add', sigma: 0.1 }, scale: 2, mu: 0.01 });
    expect(problem.smoothness).toBe(direct.smoothness);
    expect(problem.optimalLoss).toBe(direct.optimalLoss);
  });

  it('builds a heterogeneous quadratic with one local function per worker from the given stream', () => {
    const spec = {
      kind: 'heterogeneous-quadratic',
      d: 5,
      noise: { kind: 'gaussian', sigma: 0.2 },
      lambda: 0.01,
      s: 1,
      interpolation: true,
    } as const;
    const problem = createProblem(spec, 4, new RandomStream(12));
    const options = { d: 5, workers: 4, lambda: 0.01, s: 1, sigma: 0.2, interpolation: true };
    const direct = new HeterogeneousQuadratic(options, new RandomStream(12));
    expect(problem).toBeInstanceOf(HeterogeneousQuadratic);
    expect(problem.localFunctions).toBe(4);
    expect(problem.optimalLoss).toBe(direct.optimalLoss);
    expect(problem.smoothness).toBe(direct.smoothness);
    expect(problem.noiseVariance).toBeCloseTo(5 * 0.04, 15);
  });

  it('builds a separable quadratic with one local function per center', () => {
    const problem = createProblem(
      { kind: 'separable-quadratic', centers: [[1, 2], [3, 4]], curvature: [1, 2], noise: { kind: 'gaussian', sigma: 0 }, x0: [5, 6] },
      2,
      new RandomStream(0),
    );
    expect(problem).toBeInstanceOf(SeparableQuadratic);
    expect(problem.localFunctions).toBe(2);
    expect(Array.from(problem.initialPoint())).toEqual([5, 6]);
  });
});

describe('localIndex', () => {
  it('maps every worker to 0 for homogeneous problems and to itself otherwise', () => {
    const homogeneous = new WorstCaseQuadratic({ d: 3, noise: { kind: 'add', sigma: 0 } });
    const heterogeneous = new SeparableQuadratic({ centers: separableCenters, curvature: separableCurvature, sigma: 0 });
    expect([0, 1, 5].map((w) => localIndex(homogeneous, w))).toEqual([0, 0, 0]);
    expect([0, 1, 2].map((w) => localIndex(heterogeneous, w))).toEqual([0, 1, 2]);
  });
});
