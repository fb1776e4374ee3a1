import { describe, expect, it } from 'vitest';
import { sampleGamma } from '../../../src/problems/data/gamma.ts';
import { sampleDirichlet } from '../../../src/problems/data/dirichlet-split.ts';
import { RandomStream } from '../../../src/random/random-stream.ts';

describe('sampleGamma', () => {
  const draws = 40_000;

  // Gamma(α, 1) has mean α, variance α and excess kurtosis 6/α, so the standard error of the
  // sample variance is ≈ α·sqrt((2 + 6/α)/n); 6 standard errors keeps a fixed seed far from the edge.
  it.each([0.1, 0.5, 1, 3])('has mean ≈ α and variance ≈ α for α = %s', (alpha) => {
    const rng = RandomStream.named(7, `gamma-${alpha}`);
    const values = new Float64Array(draws);
    for (let i = 0; i < draws; i++) values[i] = sampleGamma(rng, alpha);
    let sum = 0;
    for (const v of values) sum += v;
    const mean = sum / draws;
    let squares = 0;
    for (const v of values) squares += (v - mean) ** 2;
    const variance = squares / (draws - 1);

    expect(values.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    expect(Math.abs(mean - alpha)).toBeLessThan(6 * Math.sqrt(alpha / draws));
    expect(Math.abs(variance - alpha)).toBeLessThan(6 * alpha * Math.sqrt((2 + 6 / alpha) / draws));
  });

  it('repeats its draws for the same stream state', () => {
    const a = RandomStream.named(3, 'gamma');
    const b = RandomStream.named(3, 'gamma');
    const first = Array.from({ length: 50 }, () => sampleGamma(a, 0.3));
    const second = Array.from({ length: 50 }, () => sampleGamma(b, 0.3));
    expect(first).toEqual(second);
  });
});

describe('sampleDirichlet', () => {
  it('gives proportions that sum to 1', () => {
    const rng = RandomStream.named(1, 'dirichlet');
    for (const alpha of [0.01, 0.1, 1, 100]) {
      const p = sampleDirichlet(rng, alpha, new Float64Array(10));
      expect(p.every((v) => v >= 0)).toBe(true);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    }
  });

  it('puts all mass on one category when every Gamma draw underflows', () => {
    // α = 1e-6 makes U^(1/α) underflow to 0 unless U > 1 − 7.5e-4: all six draws are 0.
    const p = sampleDirichlet(RandomStream.named(2, 'tiny'), 1e-6, new Float64Array(6));
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(p.filter((v) => v > 0.999).length).toBe(1);
  });
});
