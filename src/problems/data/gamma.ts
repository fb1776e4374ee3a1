import type { RandomStream } from '../../random/random-stream.ts';

/**
 * One draw from Gamma(shape, 1) (mean = variance = shape), by Marsaglia and Tsang (2000),
 * "A simple method for generating gamma variables". For shape ≥ 1: squeeze-and-reject on a
 * cubed normal, accepting ~96% or more of proposals. For shape < 1 the method does not apply
 * directly, so use the boost Gamma(a) = Gamma(a + 1) · U^(1/a).
 *
 * The number of stream draws per sample varies (rejections), so a change of shape can shift
 * every later draw of `rng`: give the sampler a stream of its own.
 * For very small shapes the boost can underflow to exactly 0 (U^(1/a) with 1/a in the hundreds).
 */
export function sampleGamma(rng: RandomStream, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * rng.uniformPositive() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = rng.uniformPositive();
    const x2 = x * x;
    // Cheap squeeze first; the logarithmic test is exact.
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

