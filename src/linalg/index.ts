export { Float64Pool } from './float64-pool.ts';
export { axpy, copyInto, scaleInPlace, dot, normSq, allFinite, meanOfRows } from './vector.ts';
export {
  laplacianTimes,
  laplacianEigenRange,
  scaledLaplacianEigenRange,
  solveScaledLaplacian,
} from './tridiagonal.ts';
export type { ScaledLaplacian } from './tridiagonal.ts';
