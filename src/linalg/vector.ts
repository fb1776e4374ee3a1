/**
 * Float64Array kernels for the hot loops: caller's buffers in and out, no allocation, no
 * closures. Internals trust their arguments (equal lengths); validation happens at the edges.
 */

/** y ← y + a·x */
export function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

/** out ← x */
export function copyInto(x: Float64Array, out: Float64Array): void {
  out.set(x);
}

/** x ← a·x */
export function scaleInPlace(a: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

/** Σ x_i y_i */
export function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** ‖x‖² */
export function normSq(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return sum;
}

/** True when every entry is finite. */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) return false;
  }
  return true;
}

/** (1/n) Σ_i rows[i], into out. */
export function meanOfRows(rows: readonly Float64Array[], out: Float64Array): void {
  out.fill(0);
  for (const row of rows) axpy(1, row, out);
  scaleInPlace(1 / rows.length, out);
}
