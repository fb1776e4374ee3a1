import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FiniteSumQuadratic, type FiniteSumQuadraticOptions } from '../../src/problems/finite-sum-quadratic.ts';
import { RandomStream } from '../../src/random/random-stream.ts';

// ----- references (independent of src/linalg) -----------------------------------------------------

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** The diagonal coefficients (c, δ) of A = c·tridiag(−1, 2, −1) + δI as ALGORITHMS §6.1 defines them. */
function matrixOf(options: FiniteSumQuadraticOptions): { c: number; delta: number } {
  const c = (options.scale ?? 1) / 4;
  const lambdaMin = c * (2 - 2 * Math.cos(Math.PI / (options.d + 1)));
  return { c, delta: options.mu === undefined ? 0 : options.mu - lambdaMin };
}

function denseMatrix(options: FiniteSumQuadraticOptions): number[][] {
  const { c, delta } = matrixOf(options);
  const d = options.d;
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? 2 * c + delta : Math.abs(i - j) === 1 ? -c : 0)),
  );
}

/** The b_j rebuilt from the documented draw order: z_j[i] is normal draw j·d + i of the stream. */
function linearTerms(options: FiniteSumQuadraticOptions, seed: number): Float64Array[] {
  const rng = new RandomStream(seed);
  const { d, components: m, noise } = options;
  return Array.from({ length: m }, () => {
    const b = Float64Array.from({ length: d }, () => noise * rng.normal());
    b[0] -= (options.scale ?? 1) / 4;
    return b;
  });
}

/** ½xᵀAx − bᵀx written out densely. */
function quadraticValue(a: number[][], b: ArrayLike<number>, x: ArrayLike<number>): number {
  let value = 0;
  for (let i = 0; i < x.length; i++) {
    let row = 0;
    for (let j = 0; j < x.length; j++) row += a[i][j] * x[j];
    value += 0.5 * x[i] * row - b[i] * x[i];
  }
  return value;
}

/** Solves a·x = b by Gaussian elimination with partial pivoting. */
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

/** Central differences of `f` at x with step h (exact for quadratics up to rounding). */
function centralDifferences(f: (x: Float64Array) => number, x: Float64Array, h = 1e-3): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    out[i] = (f(plus) - f(minus)) / (plus[i] - minus[i]);
  }
  return out;
}

/** The stated σ² of a problem built without curvature spread (it always has one). */
function statedVariance(problem: FiniteSumQuadratic): number {
  const variance = problem.noiseVariance;
  if (variance === undefined) throw new Error('expected a stated noise variance');
  return variance;
}

const pointArb = (d: number) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }).map((v) => Float64Array.from(v));

// ----- the problems under test --------------------------------------------------------------------

const SEED = 23;
const cases: { readonly name: string; readonly options: FiniteSumQuadraticOptions }[] = [
  { name: 'd 6, m 40, noise 0.5', options: { d: 6, components: 40, noise: 0.5 } },
  { name: 'd 5, m 17, noise 2, scale 3, mu 0.05', options: { d: 5, components: 17, noise: 2, scale: 3, mu: 0.05 } },
];

describe.each(cases)('FiniteSumQuadratic ($name)', ({ options }) => {
  const problem = new FiniteSumQuadratic(options, new RandomStream(SEED));
  const variance = statedVariance(problem);
  const { d, components: m } = options;
  const a = denseMatrix(options);
  const linear = linearTerms(options, SEED);
  const gradientOf = (x: Float64Array) => {
    const g = new Float64Array(d);
    problem.gradient(x, g);
    return g;
  };
  const componentOf = (j: number, x: Float64Array) => {
    const g = new Float64Array(d);
    problem.finiteSum.componentGradient(j, x, g);
    return g;
  };
  const size = 4 * matrixOf(options).c + Math.abs(matrixOf(options).delta) + maxAbs(linear.map(maxAbs));

  it('follows ALGORITHMS §6.1: x⁰ = √d·e₁, λ_max(A) = L, λ_min(A) = mu, homogeneous with m components', () => {
    expect(Array.from(problem.initialPoint())).toEqual([Math.sqrt(d), ...new Array<number>(d - 1).fill(0)]);
    expect(problem.kind).toBe('finite-sum-quadratic');
    expect(problem.localFunctions).toBe(1);
    expect(problem.dimension).toBe(d);
    expect(problem.finiteSum.components).toBe(m);
    const { c, delta } = matrixOf(options);
    expect(problem.smoothness).toBeCloseTo(c * (2 + 2 * Math.cos(Math.PI / (d + 1))) + delta, 14);
    if (options.mu !== undefined) expect(c * (2 - 2 * Math.cos(Math.PI / (d + 1))) + delta).toBeCloseTo(options.mu, 14);
  });

  it('has a full gradient equal to the mean of the m component gradients', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const mean = new Float64Array(d);
        for (let j = 0; j < m; j++) componentOf(j, x).forEach((v, i) => (mean[i] += v / m));
        const g = gradientOf(x);
        for (let i = 0; i < d; i++) expect(Math.abs(mean[i] - g[i])).toBeLessThanOrEqual(1e-13 * m * size * Math.max(1, maxAbs(x)));
      }),
      { numRuns: 50 },
    );
  });

  it('has a gradient equal to central finite differences of loss()', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const g = gradientOf(x);
        const fd = centralDifferences((y) => problem.loss(y), x);
        // Rounding of the difference quotient ~ ε·|f|/h ≈ 1e-11 here.
        for (let i = 0; i < d; i++) expect(Math.abs(fd[i] - g[i])).toBeLessThanOrEqual(1e-7 * Math.max(1, maxAbs(g)));
      }),
      { numRuns: 50 },
    );
  });

  it('has loss equal to the mean of the f_j written out densely', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const naive = linear.reduce((sum, b) => sum + quadraticValue(a, b, x), 0) / m;
        expect(Math.abs(problem.loss(x) - naive)).toBeLessThanOrEqual(1e-12 * Math.max(1, size * maxAbs(x) ** 2));
      }),
      { numRuns: 50 },
    );
  });

  it('has componentGradient(j) equal to central differences of ½xᵀAx − b_jᵀx', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: m - 1 }), pointArb(d), (j, x) => {
        const g = componentOf(j, x);
        const fd = centralDifferences((y) => quadraticValue(a, linear[j], y), x);
        for (let i = 0; i < d; i++) expect(Math.abs(fd[i] - g[i])).toBeLessThanOrEqual(1e-7 * Math.max(1, maxAbs(g)));
      }),
      { numRuns: 100 },
    );
  });

  it('has noiseVariance equal to (1/m) Σ‖∇f_j(x) − ∇f(x)‖² at every x', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const g = gradientOf(x);
        let spread = 0;
        for (let j = 0; j < m; j++) componentOf(j, x).forEach((v, i) => (spread += (v - g[i]) ** 2));
        expect(Math.abs(spread / m - variance)).toBeLessThanOrEqual(1e-11 * Math.max(1, variance));
      }),
      { numRuns: 30 },
    );
    expect(variance).toBeGreaterThan(0);
  });

  it('returns an exact component from stochasticGradient, unbiased with variance noiseVariance', () => {
    const x = Float64Array.from({ length: d }, (_, i) => Math.cos(i + 1));
    const g = gradientOf(x);
    const components = Array.from({ length: m }, (_, j) => componentOf(j, x));
    // Exact moments of one uniform draw, from the m components: the per-coordinate variances and
    // the variance of q_j = ‖∇f_j − ∇f‖² give the standard errors of the sample statistics.
    const coordinateVariance = new Float64Array(d);
    const q = components.map((c) => c.reduce((s, v, i) => s + (v - g[i]) ** 2, 0));
    for (const c of components) c.forEach((v, i) => (coordinateVariance[i] += (v - g[i]) ** 2 / m));
    const qVariance = q.reduce((s, v) => s + v * v, 0) / m - variance ** 2;

    const draws = 20000;
    const out = new Float64Array(d);
    const sum = new Float64Array(d);
    let sq = 0;
    const seen = new Set<number>();
    const base = RandomStream.named(7, 'finite-sum');
    for (let k = 0; k < draws; k++) {
      problem.stochasticGradient(k % 3, x, base.child(k), out);
      if (k < 200) {
        const matches = components.flatMap((c, j) => (c.every((v, i) => v === out[i]) ? [j] : []));
        expect(matches).toHaveLength(1);
        seen.add(matches[0]);
      }
      for (let i = 0; i < d; i++) {
        sum[i] += out[i];
        sq += (out[i] - g[i]) ** 2;
      }
    }
    // 200 uniform draws from ≤ 40 components miss one with probability < 40·(39/40)²⁰⁰ ≈ 0.26;
    // ask only for a spread that a broken sampler (always j = 0, say) cannot give.
    expect(seen.size).toBeGreaterThan(m / 2);
    for (let i = 0; i < d; i++) expect(Math.abs(sum[i] / draws - g[i])).toBeLessThanOrEqual(5 * Math.sqrt(coordinateVariance[i] / draws));
    expect(Math.abs(sq / draws - variance)).toBeLessThanOrEqual(5 * Math.sqrt(qVariance / draws));
  });

  it('has b̄ = mean b_j, the gradient vanishing at the minimiser, and loss there equal to optimalLoss', () => {
    const bBar = new Float64Array(d);
    for (const b of linear) b.forEach((v, i) => (bBar[i] += v / m));
    for (let i = 0; i < d; i++) expect(problem.meanLinear[i]).toBeCloseTo(bBar[i], 13);
    const xStar = denseSolve(a, bBar);
    for (let i = 0; i < d; i++) expect(Math.abs(problem.minimizer[i] - xStar[i])).toBeLessThanOrEqual(1e-10 * Math.max(1, maxAbs(xStar)));
    expect(maxAbs(gradientOf(problem.minimizer))).toBeLessThan(1e-12 * size * Math.max(1, maxAbs(xStar)));
    expect(Math.abs(problem.loss(problem.minimizer) - problem.optimalLoss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(problem.optimalLoss)));
    expect(Math.abs(problem.loss(xStar) - problem.optimalLoss)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(problem.optimalLoss)));
    const rng = new RandomStream(5);
    for (let k = 0; k < 20; k++) {
      const x = Float64Array.from({ length: d }, (_, i) => xStar[i] + rng.normal());
      expect(problem.loss(x)).toBeGreaterThan(problem.optimalLoss);
    }
  });
});

describe('FiniteSumQuadratic', () => {
  const options: FiniteSumQuadraticOptions = { d: 4, components: 25, noise: 1 };

  it('is deterministic for a given RandomStream seed and differs across seeds', () => {
    const p = new FiniteSumQuadratic(options, new RandomStream(3));
    const q = new FiniteSumQuadratic(options, new RandomStream(3));
    const r = new FiniteSumQuadratic(options, new RandomStream(4));
    const x = Float64Array.from([0.3, -1, 2, 0.7]);
    const [gp, gq, gr] = [new Float64Array(4), new Float64Array(4), new Float64Array(4)];
    let differs = false;
    for (let j = 0; j < options.components; j++) {
      p.componentGradient(j, x, gp);
      q.componentGradient(j, x, gq);
      r.componentGradient(j, x, gr);
      expect(Array.from(gq)).toEqual(Array.from(gp));
      differs ||= gr.some((v, i) => v !== gp[i]);
    }
    expect(differs).toBe(true);
    expect(q.optimalLoss).toBe(p.optimalLoss);
    expect(q.noiseVariance).toBe(p.noiseVariance);
    expect(Array.from(q.minimizer)).toEqual(Array.from(p.minimizer));
    for (let k = 0; k < 10; k++) {
      p.stochasticGradient(0, x, new RandomStream(100 + k), gp);
      q.stochasticGradient(5, x, new RandomStream(100 + k), gq);
      expect(Array.from(gq)).toEqual(Array.from(gp));
    }
  });

  it('draws m·d normals from the stream whatever the noise, and is the plain worst-case quadratic at noise 0', () => {
    const rng = new RandomStream(9);
    const exact = new FiniteSumQuadratic({ ...options, noise: 0 }, rng);
    const after = new RandomStream(9);
    for (let k = 0; k < options.components * options.d; k++) after.normal();
    expect(rng.uniform()).toBe(after.uniform());
    expect(exact.noiseVariance).toBe(0);
    const x = Float64Array.from([1, 2, 3, 4]);
    const [g, gj] = [new Float64Array(4), new Float64Array(4)];
    exact.gradient(x, g);
    for (let j = 0; j < options.components; j++) {
      exact.componentGradient(j, x, gj);
      expect(Array.from(gj)).toEqual(Array.from(g));
    }
  });

  it('handles many components with small d and few components with large d', () => {
    for (const shape of [
      { d: 3, components: 100_000, noise: 0.1 },
      { d: 10_000, components: 4, noise: 0.1, mu: 1e-3 },
    ]) {
      const p = new FiniteSumQuadratic(shape, new RandomStream(1));
      expect(Number.isFinite(p.optimalLoss)).toBe(true);
      const x = p.initialPoint();
      const [g, gj] = [new Float64Array(shape.d), new Float64Array(shape.d)];
      p.gradient(p.minimizer, g);
      expect(maxAbs(g)).toBeLessThan(1e-9);
      p.componentGradient(shape.components - 1, x, gj);
      p.gradient(x, g);
      expect(gj.every((v) => Number.isFinite(v)) && g.every((v) => Number.isFinite(v))).toBe(true);
      expect(p.loss(x)).toBeGreaterThan(p.optimalLoss);
    }
  });
});

// ----- curvature spread ---------------------------------------------------------------------------

/** The c_j rebuilt from the documented draws: m·d normals (the z_j), then v_j = 2U − 1, centred and scaled to max |u_j| = 1. */
function curvaturesOf(options: FiniteSumQuadraticOptions, seed: number): number[] {
  const rng = new RandomStream(seed);
  const { d, components: m } = options;
  for (let k = 0; k < m * d; k++) rng.normal();
  const v = Array.from({ length: m }, () => 2 * rng.uniform() - 1);
  const mean = v.reduce((s, x) => s + x, 0) / m;
  const largest = Math.max(...v.map((x) => Math.abs(x - mean)));
  return v.map((x) => 1 + (options.curvatureSpread ?? 0) * (largest === 0 ? 0 : (x - mean) / largest));
}

const spreadCases: { readonly name: string; readonly options: FiniteSumQuadraticOptions }[] = [
  { name: 'd 5, m 12, noise 0.3, spread 0.5', options: { d: 5, components: 12, noise: 0.3, curvatureSpread: 0.5 } },
  { name: 'd 4, m 7, noise 1, scale 2, mu 0.1, spread 0.9', options: { d: 4, components: 7, noise: 1, scale: 2, mu: 0.1, curvatureSpread: 0.9 } },
];

describe.each(spreadCases)('FiniteSumQuadratic with curvature spread ($name)', ({ options }) => {
  const problem = new FiniteSumQuadratic(options, new RandomStream(SEED));
  const { d, components: m } = options;
  const spread = options.curvatureSpread ?? 0;
  const a = denseMatrix(options);
  const linear = linearTerms(options, SEED);
  const curvatures = curvaturesOf(options, SEED);
  const meanCurvature = curvatures.reduce((s, c) => s + c, 0) / m;
  const componentOf = (j: number, x: Float64Array) => {
    const g = new Float64Array(d);
    problem.componentGradient(j, x, g);
    return g;
  };
  const scaled = (c: number) => a.map((row) => row.map((v) => c * v));
  const size = 4 * (1 + spread) * (matrixOf(options).c + Math.abs(matrixOf(options).delta)) + maxAbs(linear.map(maxAbs));

  it('draws the c_j after the z_j, spanning [1 − s, 1 + s] with an extreme attained and mean 1', () => {
    expect(Array.from(problem.curvatures ?? [])).toEqual(curvatures);
    expect(Math.min(...curvatures)).toBeGreaterThanOrEqual(1 - spread);
    expect(Math.max(...curvatures)).toBeLessThanOrEqual(1 + spread);
    // The largest |u_j| is scaled to exactly 1.
    expect(curvatures.some((c) => c === 1 + spread || c === 1 - spread)).toBe(true);
    expect(Math.abs(meanCurvature - 1)).toBeLessThanOrEqual(1e-15);
    // The stream is left after m·d normals and m uniforms.
    const rng = new RandomStream(SEED);
    new FiniteSumQuadratic(options, rng);
    const after = new RandomStream(SEED);
    for (let k = 0; k < m * d; k++) after.normal();
    for (let j = 0; j < m; j++) after.uniform();
    expect(rng.uniform()).toBe(after.uniform());
  });

  it('has componentGradient(j) equal to central differences of ½c_j·xᵀAx − b_jᵀx', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: m - 1 }), pointArb(d), (j, x) => {
        const g = componentOf(j, x);
        const fd = centralDifferences((y) => quadraticValue(scaled(curvatures[j]), linear[j], y), x);
        for (let i = 0; i < d; i++) expect(Math.abs(fd[i] - g[i])).toBeLessThanOrEqual(1e-7 * Math.max(1, maxAbs(g)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps f the mean of the f_j: gradient and loss agree with the components', () => {
    fc.assert(
      fc.property(pointArb(d), (x) => {
        const mean = new Float64Array(d);
        for (let j = 0; j < m; j++) componentOf(j, x).forEach((v, i) => (mean[i] += v / m));
        const g = new Float64Array(d);
        problem.gradient(x, g);
        for (let i = 0; i < d; i++) expect(Math.abs(mean[i] - g[i])).toBeLessThanOrEqual(1e-13 * m * size * Math.max(1, maxAbs(x)));
        const naive = linear.reduce((sum, b, j) => sum + quadraticValue(scaled(curvatures[j]), b, x), 0) / m;
        expect(Math.abs(problem.loss(x) - naive)).toBeLessThanOrEqual(1e-12 * Math.max(1, size * maxAbs(x) ** 2));
      }),
      { numRuns: 50 },
    );
  });

  it('gives gradient differences c_j·A(x − y) that differ across j', () => {
    fc.assert(
      fc.property(pointArb(d), pointArb(d), (x, y) => {
        const step = Float64Array.from(x, (v, i) => v - y[i]);
        fc.pre(maxAbs(step) > 1e-3);
        const aStep = a.map((row) => row.reduce((s, v, k) => s + v * step[k], 0));
        const norms: number[] = [];
        for (let j = 0; j < m; j++) {
          const gx = componentOf(j, x);
          const gy = componentOf(j, y);
          const diff = gx.map((v, i) => v - gy[i]);
          for (let i = 0; i < d; i++) expect(Math.abs(diff[i] - curvatures[j] * aStep[i])).toBeLessThanOrEqual(1e-12 * size * Math.max(1, maxAbs(x), maxAbs(y)));
          norms.push(Math.hypot(...diff));
        }
        expect(Math.max(...norms) - Math.min(...norms)).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
  });

  it('has its minimiser, optimalLoss and smoothness from c̄A, and no stated noise variance', () => {
    const bBar = new Float64Array(d);
    for (const b of linear) b.forEach((v, i) => (bBar[i] += v / m));
    const xStar = denseSolve(scaled(meanCurvature), bBar);
    for (let i = 0; i < d; i++) expect(Math.abs(problem.minimizer[i] - xStar[i])).toBeLessThanOrEqual(1e-10 * Math.max(1, maxAbs(xStar)));
    const g = new Float64Array(d);
    problem.gradient(problem.minimizer, g);
    expect(maxAbs(g)).toBeLessThan(1e-12 * size * Math.max(1, maxAbs(xStar)));
    expect(Math.abs(problem.loss(problem.minimizer) - problem.optimalLoss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(problem.optimalLoss)));
    const { c, delta } = matrixOf(options);
    expect(problem.smoothness).toBeCloseTo(meanCurvature * (c * (2 + 2 * Math.cos(Math.PI / (d + 1))) + delta), 13);
    expect(problem.noiseVariance).toBeUndefined();
  });

  it('returns an exact component from stochasticGradient', () => {
    const x = Float64Array.from({ length: d }, (_, i) => Math.sin(i + 2));
    const components = Array.from({ length: m }, (_, j) => componentOf(j, x));
    const out = new Float64Array(d);
    for (let k = 0; k < 50; k++) {
      problem.stochasticGradient(0, x, new RandomStream(300 + k), out);
      expect(components.filter((c) => c.every((v, i) => v === out[i])).length).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('FiniteSumQuadratic curvatureSpread', () => {
  const options: FiniteSumQuadraticOptions = { d: 4, components: 9, noise: 0.7, mu: 0.05 };

  it('is exactly the problem without it at spread 0: same draws, same values', () => {
    const rngPlain = new RandomStream(11);
    const rngZero = new RandomStream(11);
    const plain = new FiniteSumQuadratic(options, rngPlain);
    const zero = new FiniteSumQuadratic({ ...options, curvatureSpread: 0 }, rngZero);
    expect(rngZero.uniform()).toBe(rngPlain.uniform());
    expect(zero.curvatures).toBeUndefined();
    expect(zero.noiseVariance).toBe(plain.noiseVariance);
    expect(zero.optimalLoss).toBe(plain.optimalLoss);
    expect(zero.smoothness).toBe(plain.smoothness);
    expect(Array.from(zero.minimizer)).toEqual(Array.from(plain.minimizer));
    const x = Float64Array.from([0.4, -2, 1.5, 3]);
    const [gp, gz] = [new Float64Array(4), new Float64Array(4)];
    plain.gradient(x, gp);
    zero.gradient(x, gz);
    expect(Array.from(gz)).toEqual(Array.from(gp));
    expect(zero.loss(x)).toBe(plain.loss(x));
    for (let j = 0; j < options.components; j++) {
      plain.componentGradient(j, x, gp);
      zero.componentGradient(j, x, gz);
      expect(Array.from(gz)).toEqual(Array.from(gp));
    }
  });

  it('leaves the z_j and b̄ unchanged by a positive spread, and gives c = 1 to a single component', () => {
    const plain = new FiniteSumQuadratic(options, new RandomStream(12));
    const spread = new FiniteSumQuadratic({ ...options, curvatureSpread: 0.4 }, new RandomStream(12));
    expect(Array.from(spread.meanLinear)).toEqual(Array.from(plain.meanLinear));
    const zero = new Float64Array(4);
    const [gp, gs] = [new Float64Array(4), new Float64Array(4)];
    for (let j = 0; j < options.components; j++) {
      // At x = 0 the curvature drops out: ∇f_j(0) = −b_j either way.
      plain.componentGradient(j, zero, gp);
      spread.componentGradient(j, zero, gs);
      expect(Array.from(gs)).toEqual(Array.from(gp));
    }
    const single = new FiniteSumQuadratic({ d: 3, components: 1, noise: 0.2, curvatureSpread: 0.5 }, new RandomStream(1));
    expect(Array.from(single.curvatures ?? [])).toEqual([1]);
  });
});
