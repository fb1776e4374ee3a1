/**
 * The root of an increasing function g on [lo, hi] with g(lo) < 0 ≤ g(hi), to full double
 * precision: Newton steps with derivative `slope`, replaced by bisection whenever a step would
 * leave the bracket or fails to halve it (Numerical Recipes' rtsafe). `guess` is the first
 * iterate. Returns the point where g = 0, or the upper end of a bracket that no longer splits.
 */
export function increasingRoot(
  g: (t: number) => number,
  slope: (t: number) => number,
  lo: number,
  hi: number,
  guess: number,
): number {
  let x = guess > lo && guess < hi ? guess : lo + (hi - lo) / 2;
  let widthBefore = hi - lo;
  let width = widthBefore;
  for (let iteration = 0; iteration < 200; iteration++) {
    const gx = g(x);
    if (gx === 0) return x;
    if (gx < 0) lo = x;
    else hi = x;
    const d = slope(x);
    const newton = d > 0 ? x - gx / d : Number.NaN;
    let next: number;
    if (newton > lo && newton < hi && Math.abs(2 * gx) <= Math.abs(widthBefore * d)) {
      widthBefore = width;
      width = Math.abs(newton - x);
      next = newton;
      // A Newton step below one ulp: x is the root to double precision.
      if (next === x) return x;
    } else {
      widthBefore = width;
      width = (hi - lo) / 2;
      next = lo + width;
      if (next <= lo || next >= hi) return hi;
    }
    x = next;
  }
  return x;
}
