/**
 * Symmetric tridiagonal matrices with constant coefficients, M = c·T + δ·I where
 * T = tridiag(−1, 2, −1). These are the matrices of the worst-case quadratics (ALGORITHMS §6.1,
 * §6.2); storing (c, δ) instead of d×d entries makes products and solves O(d).
 */
export interface ScaledLaplacian {
  /** Coefficient c of T = tridiag(−1, 2, −1). */
  readonly scale: number;
  /** Diagonal shift δ. */
  readonly shift: number;
}

/** out ← (c·T + δ·I)·x */
export function laplacianTimes(m: ScaledLaplacian, x: Float64Array, out: Float64Array): void {
  const d = x.length;
  const c = m.scale;
  const diagonal = 2 * c + m.shift;
  if (d === 1) {
    out[0] = diagonal * x[0];
    return;
  }
  out[0] = diagonal * x[0] - c * x[1];
  // The neighbours ride along in registers: one load per entry instead of three.
  let previous = x[0];
  let current = x[1];
  for (let j = 1; j < d - 1; j++) {
    const next = x[j + 1];
    out[j] = diagonal * current - c * (previous + next);
    previous = current;
    current = next;
  }
  out[d - 1] = diagonal * x[d - 1] - c * x[d - 2];
}

/** Eigenvalues of T = tridiag(−1, 2, −1) of size d lie in [2 − 2cos(π/(d+1)), 2 + 2cos(π/(d+1))]. */
export function laplacianEigenRange(d: number): { min: number; max: number } {
  const c = Math.cos(Math.PI / (d + 1));
  return { min: 2 - 2 * c, max: 2 + 2 * c };
}

/** Smallest and largest eigenvalue of c·T + δ·I. */
export function scaledLaplacianEigenRange(m: ScaledLaplacian, d: number): { min: number; max: number } {
  const range = laplacianEigenRange(d);
  const a = m.scale * range.min + m.shift;
  const b = m.scale * range.max + m.shift;
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

/**
 * Solves (c·T + δ·I)·x = rhs by the Thomas algorithm. The matrix must be nonsingular and well
 * conditioned enough for elimination without pivoting (true when it is positive definite).
 */
export function solveScaledLaplacian(m: ScaledLaplacian, rhs: Float64Array): Float64Array {
  const d = rhs.length;
  const c = m.scale;
  const diagonal = 2 * c + m.shift;
  const upper = new Float64Array(d);
  const x = new Float64Array(d);
  // Forward sweep: off-diagonal entries are −c.
  let pivot = diagonal;
  upper[0] = -c / pivot;
  x[0] = rhs[0] / pivot;
  for (let j = 1; j < d; j++) {
    pivot = diagonal + c * upper[j - 1];
    upper[j] = -c / pivot;
    x[j] = (rhs[j] + c * x[j - 1]) / pivot;
  }
  for (let j = d - 2; j >= 0; j--) x[j] -= upper[j] * x[j + 1];
  return x;
}
