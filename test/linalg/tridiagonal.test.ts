import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  laplacianEigenRange,
  laplacianTimes,
  scaledLaplacianEigenRange,
  solveScaledLaplacian,
  type ScaledLaplacian,
} from '../../src/linalg/tridiagonal.ts';

/** The d×d matrix c·tridiag(−1, 2, −1) + δ·I as rows. */
function dense(m: ScaledLaplacian, d: number): number[][] {
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => {
      if (i === j) return 2 * m.scale + m.shift;
      if (Math.abs(i - j) === 1) return -m.scale;
      return 0;
    }),
  );
}

function denseTimes(a: number[][], x: ArrayLike<number>): number[] {
  return a.map((row) => row.reduce((sum, aij, j) => sum + aij * x[j], 0));
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

const entry = fc.double({ min: -100, max: 100, noNaN: true });
const matrixArb = fc.record({
  scale: fc.double({ min: -10, max: 10, noNaN: true }),
  shift: fc.double({ min: -10, max: 10, noNaN: true }),
});
const vectorOfDim = (d: number) => fc.array(entry, { minLength: d, maxLength: d }).map((v) => Float64Array.from(v));
const dimArb = fc.integer({ min: 1, max: 12 });

/** A positive-definite c·T + δI: λ_min = margin > 0 whatever the sign of c. */
const positiveDefiniteArb = fc
  .record({
    scale: fc.oneof(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: -10, max: -0.01, noNaN: true })),
    margin: fc.double({ min: 1e-2, max: 10, noNaN: true }),
    d: dimArb,
  })
  .map(({ scale, margin, d }) => {
    const unshifted = scaledLaplacianEigenRange({ scale, shift: 0 }, d);
    return { m: { scale, shift: margin - unshifted.min }, d, margin };
  });

describe('laplacianTimes', () => {
  it('matches the dense matrix product', () => {
    fc.assert(
      fc.property(matrixArb, dimArb.chain((d) => vectorOfDim(d)), (m, x) => {
        const d = x.length;
        const out = new Float64Array(d).fill(Number.NaN);
        laplacianTimes(m, x, out);
        const expected = denseTimes(dense(m, d), x);
        const tolerance = 1e-13 * (4 * Math.abs(m.scale) + Math.abs(m.shift)) * Math.max(1, maxAbs(x));
        for (let j = 0; j < d; j++) expect(Math.abs(out[j] - expected[j])).toBeLessThanOrEqual(tolerance);
      }),
    );
  });

  it('handles d = 1 as multiplication by 2c + δ', () => {
    const out = new Float64Array(1);
    laplacianTimes({ scale: 3, shift: 0.5 }, new Float64Array([2]), out);
    expect(out[0]).toBe(13);
  });

  it('gives the second difference for c = 1, δ = 0', () => {
    const out = new Float64Array(4);
    laplacianTimes({ scale: 1, shift: 0 }, new Float64Array([1, 2, 3, 4]), out);
    expect(Array.from(out)).toEqual([0, 0, 0, 5]);
  });
});

describe('solveScaledLaplacian', () => {
  it('solves positive-definite systems with a small residual', () => {
    fc.assert(
      fc.property(
        positiveDefiniteArb.chain(({ m, d, margin }) => fc.tuple(fc.constant({ m, margin }), vectorOfDim(d))),
        ([{ m, margin }, rhs]) => {
          const d = rhs.length;
          const x = solveScaledLaplacian(m, rhs);
          expect(x.length).toBe(d);
          const residual = denseTimes(dense(m, d), x).map((v, j) => v - rhs[j]);
          const normM = 4 * Math.abs(m.scale) + Math.abs(m.shift);
          // Backward-stable elimination: residual ~ ε·‖M‖·‖x‖; the bound on ‖x‖ is ‖rhs‖/λ_min.
          const tolerance = 1e-12 * normM * Math.max(maxAbs(x), maxAbs(rhs) / margin, 1e-300) * d;
          expect(maxAbs(residual)).toBeLessThanOrEqual(tolerance);
        },
      ),
    );
  });

  it('recovers a known solution', () => {
    const m = { scale: 0.25, shift: 0.1 };
    const expected = new Float64Array([1, -2, 0.5, 3, 0]);
    const rhs = new Float64Array(5);
    laplacianTimes(m, expected, rhs);
    const x = solveScaledLaplacian(m, rhs);
    for (let j = 0; j < 5; j++) expect(x[j]).toBeCloseTo(expected[j], 12);
  });

  it('solves the 1×1 system', () => {
    expect(Array.from(solveScaledLaplacian({ scale: 1, shift: 2 }, new Float64Array([8])))).toEqual([2]);
  });
});

describe('laplacianEigenRange', () => {
  it('matches 2 − 2cos(kπ/(d+1)) for k = 1 and k = d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (d) => {
        const { min, max } = laplacianEigenRange(d);
        const eigen = (k: number) => 2 - 2 * Math.cos((k * Math.PI) / (d + 1));
        expect(min).toBeCloseTo(eigen(1), 13);
        expect(max).toBeCloseTo(eigen(d), 13);
        expect(min).toBeGreaterThan(0);
        expect(max).toBeLessThan(4);
      }),
    );
  });

  it('the extreme values are eigenvalues with sine eigenvectors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), (d) => {
        const { min, max } = laplacianEigenRange(d);
        for (const [k, lambda] of [
          [1, min],
          [d, max],
        ] as const) {
          const v = Float64Array.from({ length: d }, (_, j) => Math.sin(((j + 1) * k * Math.PI) / (d + 1)));
          const tv = new Float64Array(d);
          laplacianTimes({ scale: 1, shift: 0 }, v, tv);
          for (let j = 0; j < d; j++) expect(Math.abs(tv[j] - lambda * v[j])).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('is {2} for d = 1', () => {
    const r = laplacianEigenRange(1);
    expect(r.min).toBeCloseTo(2, 15);
    expect(r.max).toBeCloseTo(2, 15);
  });
});

describe('scaledLaplacianEigenRange', () => {
  it('brackets the Rayleigh quotient of random vectors', () => {
    fc.assert(
      fc.property(matrixArb, dimArb.chain((d) => vectorOfDim(d)), (m, x) => {
        const d = x.length;
        const xx = x.reduce((s, v) => s + v * v, 0);
        fc.pre(xx > 1e-6);
        const mx = new Float64Array(d);
        laplacianTimes(m, x, mx);
        const q = x.reduce((s, v, j) => s + v * mx[j], 0) / xx;
        const { min, max } = scaledLaplacianEigenRange(m, d);
        const slack = 1e-12 * (4 * Math.abs(m.scale) + Math.abs(m.shift) + 1);
        expect(min).toBeLessThanOrEqual(max);
        expect(q).toBeGreaterThanOrEqual(min - slack);
        expect(q).toBeLessThanOrEqual(max + slack);
      }),
    );
  });

  it('is c·[λ_min, λ_max](T) + δ, with the ends swapped when c < 0', () => {
    fc.assert(
      fc.property(matrixArb, dimArb, (m, d) => {
        const t = laplacianEigenRange(d);
        const { min, max } = scaledLaplacianEigenRange(m, d);
        const ends = [m.scale * t.min + m.shift, m.scale * t.max + m.shift].sort((a, b) => a - b);
        expect(min).toBe(ends[0]);
        expect(max).toBe(ends[1]);
      }),
    );
  });
});
