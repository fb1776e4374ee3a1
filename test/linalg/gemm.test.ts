import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { caseArb, firstBitDifference, type GemmCase, KERNELS, mlpShapes, operandsOf, run, toleranceViolation } from './gemm-cases.ts';

/** Runs per property; raise with ROUNDTABLE_PROPERTY_RUNS for a deeper search. */
const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 60);

describe('gemm against the naive reference', () => {
  for (const kernel of KERNELS) {
    describe(kernel.name, () => {
      test.prop([caseArb], { numRuns })('matches the reference within 1e-12·Σ|a||b| on any shape, offset and contents', (c) => {
        const operands = operandsOf(c);
        const fast = run(kernel.fast, c, operands);
        const expected = run(kernel.reference, c, operands);
        expect(toleranceViolation(kernel, c, operands, fast, expected)).toBeUndefined();
        if (kernel.bitIdentical) expect(firstBitDifference(fast, expected)).toBe(-1);
      });

      it('matches the reference on the MLP shapes (and transposes) at b = 1, 4, 32', () => {
        let seed = 1;
        for (const b of [1, 4, 32]) {
          for (const [m, n, k] of mlpShapes(b)) {
            for (const accumulate of [false, true]) {
              const c: GemmCase = { m, n, k, aOffset: 3, bOffset: 1, cOffset: 2, tail: 1, accumulate, seed: seed++, zeros: 0.25, spread: 10 };
              const operands = operandsOf(c);
              const fast = run(kernel.fast, c, operands);
              const expected = run(kernel.reference, c, operands);
              expect(toleranceViolation(kernel, c, operands, fast, expected), `${m}×${n}×${k}`).toBeUndefined();
              if (kernel.bitIdentical) expect(firstBitDifference(fast, expected), `${m}×${n}×${k}`).toBe(-1);
            }
          }
        }
      });

      test.prop([caseArb], { numRuns })('never writes outside C[cOffset, cOffset + m·n)', (c) => {
        const operands = operandsOf(c);
        const out = run(kernel.fast, c, operands);
        for (let at = 0; at < out.length; at++) {
          if (at >= c.cOffset && at < c.cOffset + c.m * c.n) continue;
          expect(Object.is(out[at], operands.c[at]), `entry ${at}`).toBe(true);
        }
      });

      test.prop([caseArb.map((c) => ({ ...c, accumulate: false }))], { numRuns: Math.ceil(numRuns / 2) })(
        'ignores NaN garbage in C when not accumulating',
        (c) => {
          const operands = operandsOf(c);
          expect(operands.c.every(Number.isNaN)).toBe(true);
          const out = run(kernel.fast, c, operands);
          for (let e = 0; e < c.m * c.n; e++) expect(Number.isNaN(out[c.cOffset + e]), `entry ${e}`).toBe(false);
        },
      );

      test.prop([caseArb, caseArb], { numRuns: Math.ceil(numRuns / 2) })('gives the same bits on every call, whatever ran in between', (c, other) => {
        const operands = operandsOf(c);
        const first = run(kernel.fast, c, operands);
        for (const { fast } of KERNELS) run(fast, other, operandsOf(other));
        expect(firstBitDifference(run(kernel.fast, c, operands), first)).toBe(-1);
      });

      it('computes 1×1×1, an empty sum (k = 0) and a hand-worked 2×2', () => {
        const one = new Float64Array([Number.NaN]);
        kernel.fast(1, 1, 1, new Float64Array([3]), 0, new Float64Array([-2]), 0, one, 0, false);
        expect(one[0]).toBe(-6);
        kernel.fast(1, 1, 1, new Float64Array([0.5]), 0, new Float64Array([4]), 0, one, 0, true);
        expect(one[0]).toBe(-4);

        const empty = new Float64Array([Number.NaN, Number.NaN, 7]);
        kernel.fast(1, 2, 0, new Float64Array(0), 0, new Float64Array(0), 0, empty, 0, false);
        expect(Array.from(empty)).toEqual([0, 0, 7]);
        kernel.fast(1, 2, 0, new Float64Array(0), 0, new Float64Array(0), 0, empty, 1, true);
        expect(Array.from(empty)).toEqual([0, 0, 7]);

        // op(A) = [[1, 2], [3, 4]], op(B) = [[5, 6], [7, 8]]: op(A)·op(B) = [[19, 22], [43, 50]].
        const stored = (rows: number[][], transposed: boolean) => new Float64Array((transposed ? rows[0].map((_, j) => rows.map((row) => row[j])) : rows).flat());
        const a = stored([[1, 2], [3, 4]], kernel.name === 'gemmTN');
        const b = stored([[5, 6], [7, 8]], kernel.name === 'gemmNT');
        const out = new Float64Array(4).fill(Number.NaN);
        kernel.fast(2, 2, 2, a, 0, b, 0, out, 0, false);
        expect(Array.from(out)).toEqual([19, 22, 43, 50]);
      });

      it('refuses a matrix that runs past the end of its array, naming it', () => {
        const four = new Float64Array(4);
        expect(() => kernel.fast(2, 2, 2, four, 1, four, 0, new Float64Array(4), 0, false)).toThrow('gemm: A needs floats [1, 5) but its array has 4');
        expect(() => kernel.fast(2, 2, 2, four, 0, four, 0, new Float64Array(5), 2, false)).toThrow(RangeError);
      });
    });
  }
});
