import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Float64Pool } from '../../src/linalg/float64-pool.ts';
import { allFinite, axpy, copyInto, dot, meanOfRows, normSq, scaleInPlace } from '../../src/linalg/vector.ts';

const entry = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const scalar = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const vectorArb = fc.array(entry, { maxLength: 16 }).map((v) => Float64Array.from(v));
/** Two vectors of the same length. */
const pairArb = fc
  .integer({ min: 0, max: 16 })
  .chain((n) => fc.tuple(fc.array(entry, { minLength: n, maxLength: n }), fc.array(entry, { minLength: n, maxLength: n })))
  .map(([x, y]) => [Float64Array.from(x), Float64Array.from(y)] as const);

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

describe('axpy', () => {
  it('matches y_i + a·x_i entry by entry and leaves x alone', () => {
    fc.assert(
      fc.property(scalar, pairArb, (a, [x, y]) => {
        const xBefore = Array.from(x);
        const expected = Array.from(y, (yi, i) => yi + a * x[i]);
        axpy(a, x, y);
        expect(Array.from(y)).toEqual(expected);
        expect(Array.from(x)).toEqual(xBefore);
      }),
    );
  });
});

describe('copyInto', () => {
  it('overwrites out with x', () => {
    fc.assert(
      fc.property(pairArb, ([x, out]) => {
        copyInto(x, out);
        expect(Array.from(out)).toEqual(Array.from(x));
        expect(out).not.toBe(x);
      }),
    );
  });
});

describe('scaleInPlace', () => {
  it('multiplies every entry by a', () => {
    fc.assert(
      fc.property(scalar, vectorArb, (a, x) => {
        const expected = Array.from(x, (v) => a * v);
        scaleInPlace(a, x);
        expect(Array.from(x)).toEqual(expected);
      }),
    );
  });
});

describe('dot', () => {
  it('matches the naive sum of products', () => {
    fc.assert(
      fc.property(pairArb, ([x, y]) => {
        const naive = Array.from(x).reduce((sum, xi, i) => sum + xi * y[i], 0);
        expect(dot(x, y)).toBe(naive);
      }),
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(pairArb, ([x, y]) => {
        expect(dot(x, y)).toBe(dot(y, x));
      }),
    );
  });
});

describe('normSq', () => {
  it('equals dot(x, x) and is never negative', () => {
    fc.assert(
      fc.property(vectorArb, (x) => {
        const naive = Array.from(x).reduce((sum, v) => sum + v * v, 0);
        expect(normSq(x)).toBe(naive);
        expect(normSq(x)).toBe(dot(x, x));
        expect(normSq(x)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('allFinite', () => {
  it('agrees with Number.isFinite on every entry', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 12 }), (values) => {
        expect(allFinite(Float64Array.from(values))).toBe(values.every((v) => Number.isFinite(v)));
      }),
    );
  });

  it('rejects NaN and both infinities and accepts the empty vector', () => {
    expect(allFinite(new Float64Array([1, Number.NaN]))).toBe(false);
    expect(allFinite(new Float64Array([Number.POSITIVE_INFINITY]))).toBe(false);
    expect(allFinite(new Float64Array([0, Number.NEGATIVE_INFINITY]))).toBe(false);
    expect(allFinite(new Float64Array([Number.MAX_VALUE, -Number.MIN_VALUE, 0]))).toBe(true);
    expect(allFinite(new Float64Array(0))).toBe(true);
  });
});

describe('meanOfRows', () => {
  const rowsArb = fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 10 }))
    .chain(([n, d]) => fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: n, maxLength: n }))
    .map((rows) => rows.map((row) => Float64Array.from(row)));

  it('matches the naive per-coordinate average, whatever out held before', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const d = rows[0].length;
        const out = new Float64Array(d).fill(123.5);
        meanOfRows(rows, out);
        for (let j = 0; j < d; j++) {
          const naive = rows.reduce((sum, row) => sum + row[j], 0) / rows.length;
          const scale = maxAbs(rows.map((row) => row[j]));
          expect(Math.abs(out[j] - naive)).toBeLessThanOrEqual(1e-13 * Math.max(1, scale));
        }
      }),
    );
  });

  it('returns the row itself for a single row', () => {
    const row = new Float64Array([1.5, -2, 3]);
    const out = new Float64Array(3);
    meanOfRows([row], out);
    expect(Array.from(out)).toEqual([1.5, -2, 3]);
  });
});

describe('Float64Pool', () => {
  it('allocates arrays of its length when nothing is free', () => {
    const pool = new Float64Pool(5);
    const a = pool.acquire();
    const b = pool.acquire();
    expect(a.length).toBe(5);
    expect(b.length).toBe(5);
    expect(a).not.toBe(b);
    expect(pool.allocated).toBe(2);
    expect(pool.idle).toBe(0);
  });

  it('reuses released arrays as is instead of allocating', () => {
    const pool = new Float64Pool(3);
    const a = pool.acquire();
    a.set([1, 2, 3]);
    pool.release(a);
    expect(pool.idle).toBe(1);
    const again = pool.acquire();
    expect(again).toBe(a);
    expect(Array.from(again)).toEqual([1, 2, 3]);
    expect(pool.allocated).toBe(1);
    expect(pool.idle).toBe(0);
  });

  it('allocates only as many arrays as are ever held at once', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), (ops) => {
        const pool = new Float64Pool(4);
        const held: Float64Array[] = [];
        let peak = 0;
        for (const acquire of ops) {
          if (acquire || held.length === 0) held.push(pool.acquire());
          else pool.release(held.pop()!);
          peak = Math.max(peak, held.length);
        }
        expect(pool.allocated).toBe(peak);
        expect(pool.idle + held.length).toBe(pool.allocated);
        expect(new Set(held).size).toBe(held.length);
      }),
    );
  });
});
