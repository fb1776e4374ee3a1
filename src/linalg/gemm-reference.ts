/**
 * The naive triple loops the fast kernels in gemm.ts are checked and benchmarked against: one
 * dot product per entry of C, summed in order p = 0, 1, …, k − 1, then added to C when
 * accumulating. Same parameters and layouts as gemm.ts; row-major matrices inside larger
 * arrays, addressed by offsets.
 */
import type { Gemm } from './gemm.ts';

/** C[m×n] = A[m×k] · B[k×n], or C += A·B when `accumulate`. */
export const referenceGemmNN: Gemm = (m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aOffset + i * k + p] * b[bOffset + p * n + j];
      const at = cOffset + i * n + j;
      c[at] = accumulate ? c[at] + sum : sum;
    }
  }
};

/** C[m×n] (+)= A[m×k] · B[n×k]ᵀ (B stored n×k). */
export const referenceGemmNT: Gemm = (m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aOffset + i * k + p] * b[bOffset + j * k + p];
      const at = cOffset + i * n + j;
      c[at] = accumulate ? c[at] + sum : sum;
    }
  }
};

/** C[m×n] (+)= A[k×m]ᵀ · B[k×n] (A stored k×m). */
export const referenceGemmTN: Gemm = (m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aOffset + p * m + i] * b[bOffset + p * n + j];
      const at = cOffset + i * n + j;
      c[at] = accumulate ? c[at] + sum : sum;
    }
  }
};
