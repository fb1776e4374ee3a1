/**
 * Matrix products for the MLP's layers: row-major Float64Array matrices inside larger arrays,
 * addressed by offsets. The work is done by WebAssembly SIMD (f64x2) kernels with 4×4 and 4×2
 * register tiles (src/linalg/gemm/), 10–30× faster than the naive loops here: see
 * bench/kernels.ts. The operands are copied into the module's memory and C copied back, one
 * memcpy each; once the callers' arrays and offsets repeat nothing is allocated per call
 * (gemm/float64-windows.ts).
 *
 * Deterministic: every shape has one fixed summation order, whatever ran before and on any
 * thread. gemmNN and gemmTN sum exactly as the naive loops of gemm-reference.ts do, bit for bit;
 * gemmNT sums even and odd p apart, then adds the two (gemm/lane-tiles.ts).
 *
 * With `accumulate` false, C is only written (garbage, NaN included, is ignored); with it
 * true, C ← C + A·B. Only C[cOffset, cOffset + m·n) is written. C must not overlap A or B.
 * A matrix that runs past the end of its array throws a RangeError; nothing else is checked.
 */
import { multiplyInModule, NN, NT, TN } from './gemm/wasm-gemm.ts';

/**
 * One product C (+)= op(A)·op(B): the shapes m×n (of C) and k (the summed dimension), each
 * operand as an array and the offset of its first element, and whether to accumulate into C.
 */
export type Gemm = (
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  c: Float64Array,
  cOffset: number,
  accumulate: boolean,
) => void;

/** C[m×n] = A[m×k] · B[k×n], or C += A·B when `accumulate`. */
export const gemmNN: Gemm = (m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate) =>
  multiplyInModule(NN, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);

/** C[m×n] (+)= A[m×k] · B[n×k]ᵀ (B stored n×k) — the forward pass X·Wᵀ. */
export const gemmNT: Gemm = (m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate) =>
  multiplyInModule(NT, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);

/** C[m×n] (+)= A[k×m]ᵀ · B[k×n] (A stored k×m) — the weight gradient dZᵀ·X. */
export const gemmTN: Gemm = (m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate) =>
  multiplyInModule(TN, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
