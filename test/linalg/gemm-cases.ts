import fc from 'fast-check';
import { gemmNN, gemmNT, gemmTN } from '../../src/linalg/gemm.ts';
import { referenceGemmNN, referenceGemmNT, referenceGemmTN } from '../../src/linalg/gemm-reference.ts';

/** The signature the three products share. */
export type Gemm = typeof gemmNN;

export interface KernelUnderTest {
  readonly name: string;
  readonly fast: Gemm;
  readonly reference: Gemm;
  /** The fast kernel sums in the naive loop's order, so it must agree bit for bit. */
  readonly bitIdentical: boolean;
}

export const KERNELS: readonly KernelUnderTest[] = [
  { name: 'gemmNN', fast: gemmNN, reference: referenceGemmNN, bitIdentical: true },
  { name: 'gemmNT', fast: gemmNT, reference: referenceGemmNT, bitIdentical: false },
  { name: 'gemmTN', fast: gemmTN, reference: referenceGemmTN, bitIdentical: true },
];

/** One product to check: sizes, where each matrix starts, and how to fill the arrays. */
export interface GemmCase {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly aOffset: number;
  readonly bOffset: number;
  readonly cOffset: number;
  /** Floats after each matrix in its array, filled like the rest: reading them shows. */
  readonly tail: number;
  readonly accumulate: boolean;
  /** Seed of the contents (drawn here, not by fast-check: 70×70 matrices shrink badly). */
  readonly seed: number;
  /** Fraction of entries that are exactly zero. */
  readonly zeros: number;
  /** Entries span magnitudes 2^−spread … 2^spread. */
  readonly spread: number;
}

const side = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 70 }));
const offset = fc.integer({ min: 0, max: 9 });

export const caseArb: fc.Arbitrary<GemmCase> = fc.record({
  m: side,
  n: side,
  k: side,
  aOffset: offset,
  bOffset: offset,
  cOffset: offset,
  tail: fc.integer({ min: 0, max: 3 }),
  accumulate: fc.boolean(),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  zeros: fc.constantFrom(0, 0.25, 0.9, 1),
  spread: fc.constantFrom(0, 10, 40),
});

/** The MLP's shapes (784–128–10, batch b) with their transposes, as (m, n, k). */
export function mlpShapes(b: number): readonly (readonly [number, number, number])[] {
  return [
    [b, 128, 784],
    [128, 784, b],
    [784, 128, b],
    [b, 784, 128],
    [b, 10, 128],
    [b, 128, 10],
    [10, 128, b],
    [128, 10, b],
  ];
}

/** mulberry32: a tiny seeded generator, so a case's contents follow from its seed alone. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Entries with either sign, some exactly zero, magnitudes over 2^±spread. */
export function filledArray(length: number, next: () => number, zeros: number, spread: number): Float64Array {
  const out = new Float64Array(length);
  for (let x = 0; x < length; x++) {
    if (next() < zeros) continue;
    const magnitude = 2 ** Math.round((next() * 2 - 1) * spread) * (0.5 + next());
    out[x] = next() < 0.5 ? -magnitude : magnitude;
  }
  return out;
}

export interface Operands {
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** C before the product: garbage (NaN) unless accumulating. */
  readonly c: Float64Array;
}

/** Arrays for `c`: A and B filled from the seed, C filled too when accumulating, else NaN. */
export function operandsOf(c: GemmCase): Operands {
  const next = generator(c.seed);
  const a = filledArray(c.aOffset + c.m * c.k + c.tail, next, c.zeros, c.spread);
  const b = filledArray(c.bOffset + c.k * c.n + c.tail, next, c.zeros, c.spread);
  const before = c.accumulate ? filledArray(c.cOffset + c.m * c.n + c.tail, next, c.zeros, c.spread) : new Float64Array(c.cOffset + c.m * c.n + c.tail).fill(Number.NaN);
  return { a, b, c: before };
}

/** Runs `gemm` on a copy of the case's C and returns the result. */
export function run(gemm: Gemm, c: GemmCase, operands: Operands): Float64Array {
  const out = Float64Array.from(operands.c);
  gemm(c.m, c.n, c.k, operands.a, c.aOffset, operands.b, c.bOffset, out, c.cOffset, c.accumulate);
  return out;
}

function absolute(x: Float64Array): Float64Array {
  return x.map(Math.abs);
}

/**
 * The first entry where `fast` and `expected` differ by more than
 * 1e-12·(Σ_p |a_ip||b_pj| + |old C|), as a message; undefined when none does. The bound is the
 * slack between two summation orders (each within k·ε·Σ|a||b| of the exact sum), with room.
 */
export function toleranceViolation(kernel: KernelUnderTest, c: GemmCase, operands: Operands, fast: Float64Array, expected: Float64Array): string | undefined {
  const scale = new Float64Array(c.m * c.n);
  kernel.reference(c.m, c.n, c.k, absolute(operands.a), c.aOffset, absolute(operands.b), c.bOffset, scale, 0, false);
  for (let e = 0; e < c.m * c.n; e++) {
    const at = c.cOffset + e;
    const before = c.accumulate ? Math.abs(operands.c[at]) : 0;
    const bound = 1e-12 * (scale[e] + before);
    const error = Math.abs(fast[at] - expected[at]);
    if (!(error <= bound)) return `${kernel.name} entry ${e} (row ${Math.floor(e / c.n)}): ${fast[at]} vs reference ${expected[at]}, bound ${bound}`;
  }
  return undefined;
}

/** The first index where the two arrays differ in any bit (signs of zeros, NaN payloads), or −1. */
export function firstBitDifference(x: Float64Array, y: Float64Array): number {
  const xWords = new Uint32Array(x.buffer, x.byteOffset, 2 * x.length);
  const yWords = new Uint32Array(y.buffer, y.byteOffset, 2 * y.length);
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let w = 0; w < xWords.length; w++) if (xWords[w] !== yWords[w]) return w >> 1;
  return -1;
}
