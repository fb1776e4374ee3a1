import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/random/random-stream.ts';
import { combineSeeds, deriveSeed, expandSeed, hashString, mix32 } from '../../src/random/seed.ts';

function draws(stream: RandomStream, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(stream.uniform());
  return out;
}

/** Sample mean and (unbiased) variance. */
function moments(values: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

const rootSeedArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const nameArb = fc.string({ maxLength: 12 });

describe('RandomStream', () => {
  it('gives the same sequence for the same (seed, name)', () => {
    fc.assert(
      fc.property(rootSeedArb, nameArb, (seed, name) => {
        const a = RandomStream.named(seed, name);
        const b = RandomStream.named(seed, name);
        expect(a.seed).toBe(b.seed);
        expect(draws(a, 8)).toEqual(draws(b, 8));
        expect([a.normal(), a.normal(), a.exponential(2), a.int(10)]).toEqual([b.normal(), b.normal(), b.exponential(2), b.int(10)]);
      }),
    );
  });

  it('gives different sequences for different names', () => {
    fc.assert(
      fc.property(rootSeedArb, nameArb, nameArb, (seed, first, second) => {
        fc.pre(first !== second);
        expect(draws(RandomStream.named(seed, first), 4)).not.toEqual(draws(RandomStream.named(seed, second), 4));
      }),
    );
  });

  it('gives different sequences for different root seeds', () => {
    fc.assert(
      fc.property(rootSeedArb, rootSeedArb, nameArb, (s1, s2, name) => {
        fc.pre(s1 !== s2);
        expect(draws(RandomStream.named(s1, name), 4)).not.toEqual(draws(RandomStream.named(s2, name), 4));
      }),
    );
  });

  it('draws different values in succession (the generator advances)', () => {
    const stream = new RandomStream(7);
    const values = draws(stream, 100);
    expect(new Set(values).size).toBe(100);
  });

  it('makes child(k) reproducible and independent of the parent’s draws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: -1000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 500 }),
        (seed, key, parentDraws) => {
          const fresh = new RandomStream(seed).child(key);
          const parent = new RandomStream(seed);
          for (let i = 0; i < parentDraws; i++) parent.uniform();
          parent.normal();
          const afterDraws = parent.child(key);
          expect(afterDraws.seed).toBe(fresh.seed);
          expect(draws(afterDraws, 6)).toEqual(draws(fresh, 6));
        },
      ),
    );
  });

  it('drawing from a child does not change the parent’s sequence', () => {
    const reference = draws(new RandomStream(11), 10);
    const parent = new RandomStream(11);
    const child = parent.child(0);
    draws(child, 50);
    expect(draws(parent, 10)).toEqual(reference);
  });

  it('gives distinct, uncorrelated sequences to distinct children', () => {
    const parent = new RandomStream(2024);
    const n = 50_000;
    const a = Float64Array.from(draws(parent.child(0), n));
    const b = Float64Array.from(draws(parent.child(1), n));
    const p = Float64Array.from(draws(new RandomStream(2024), n));
    expect(a[0]).not.toBe(b[0]);
    // Sample correlation of independent streams has standard error 1/√n ≈ 0.0045; allow 5 SE.
    const tolerance = 5 / Math.sqrt(n);
    expect(Math.abs(correlation(a, b))).toBeLessThan(tolerance);
    expect(Math.abs(correlation(a, p))).toBeLessThan(tolerance);
  });

  it('draws uniform values in [0, 1) with mean 1/2 and variance 1/12', () => {
    const stream = RandomStream.named(1, 'uniform');
    const n = 200_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = stream.uniform();
    for (const v of values) {
      if (!(v >= 0 && v < 1)) throw new Error(`uniform() gave ${v}`);
    }
    const { mean, variance } = moments(values);
    // SE of the mean: √(1/12 / n) ≈ 6.5e-4; of the variance: √((1/80 − 1/144)/n) ≈ 1.7e-4. 5 SE each.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('draws uniformPositive values in (0, 1] and integers in [0, bound)', () => {
    const stream = RandomStream.named(2, 'bounds');
    const counts = new Array<number>(7).fill(0);
    const n = 70_000;
    for (let i = 0; i < n; i++) {
      const u = stream.uniformPositive();
      if (!(u > 0 && u <= 1)) throw new Error(`uniformPositive() gave ${u}`);
      const k = stream.int(7);
      if (!Number.isInteger(k) || k < 0 || k >= 7) throw new Error(`int(7) gave ${k}`);
      counts[k]++;
    }
    // Each count is Binomial(n, 1/7): SE = √(n·(1/7)(6/7)) ≈ 92.6; allow 5 SE.
    const se = Math.sqrt((n * 6) / 49);
    for (const count of counts) expect(Math.abs(count - n / 7)).toBeLessThan(5 * se);
  });

  it('draws normals with mean ≈ 0 and variance ≈ 1 over 200k draws', () => {
    const stream = RandomStream.named(3, 'normal');
    const n = 200_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = stream.normal();
    const { mean, variance } = moments(values);
    // SE of the sample mean is 1/√n ≈ 2.2e-3; SE of the sample variance is √(2/n) ≈ 3.2e-3
    // (fourth moment 3). 5 SE keeps a false alarm below one in a million.
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // Both Box–Muller outputs are used: consecutive pairs are uncorrelated.
    const even = values.filter((_, i) => i % 2 === 0);
    const odd = values.filter((_, i) => i % 2 === 1);
    expect(Math.abs(correlation(even, odd))).toBeLessThan(5 / Math.sqrt(n / 2));
    // Tail mass beyond ±1.96 is 5%: SE √(0.05·0.95/n) ≈ 4.9e-4.
    const tail = values.filter((v) => Math.abs(v) > 1.959964).length / n;
    expect(Math.abs(tail - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / n));
  });

  it('draws exponentials with the requested mean', () => {
    const stream = RandomStream.named(4, 'exponential');
    const n = 100_000;
    const mean = 2.5;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = stream.exponential(mean);
      if (!(v >= 0 && Number.isFinite(v))) throw new Error(`exponential() gave ${v}`);
      values[i] = v;
    }
    const m = moments(values);
    // The standard deviation of an exponential equals its mean: SE of the sample mean = mean/√n.
    expect(Math.abs(m.mean - mean)).toBeLessThan((5 * mean) / Math.sqrt(n));
    // Variance mean²; its sample SE is mean²·√(8/n) (fourth central moment 9·mean⁴).
    expect(Math.abs(m.variance - mean ** 2)).toBeLessThan(5 * mean ** 2 * Math.sqrt(8 / n));
  });

  it('returns a permutation of 0..n-1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 64 }), (seed, n) => {
        const perm = new RandomStream(seed).permutation(n);
        expect(perm.length).toBe(n);
        const sorted = Array.from(perm).sort((a, b) => a - b);
        expect(sorted).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('draws each permutation of three items equally often', () => {
    const stream = RandomStream.named(5, 'permutation');
    const n = 60_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = Array.from(stream.permutation(3)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Each count is Binomial(n, 1/6): SE = √(n·(1/6)(5/6)) ≈ 91; allow 5 SE.
    const se = Math.sqrt((n * 5) / 36);
    for (const count of counts.values()) expect(Math.abs(count - n / 6)).toBeLessThan(5 * se);
  });
});

describe('deriveSeed', () => {
  it('uses both 32-bit halves of a root seed above 2^32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 1, max: 0x1f_ffff }), nameArb, (low, high, name) => {
        const big = high * 0x1_0000_0000 + low;
        expect(Number.isSafeInteger(big)).toBe(true);
        // A seed that only differs in its high word must not collapse onto its low word.
        expect(deriveSeed(big, name)).not.toBe(deriveSeed(low, name));
        expect(deriveSeed(big, name)).not.toBe(deriveSeed(big + 0x1_0000_0000, name));
      }),
    );
  });

  it('distinguishes 2^32 + 5 from 5 and 2^33 + 5 for a fixed name', () => {
    const seeds = [5, 2 ** 32 + 5, 2 ** 33 + 5, 2 ** 52 + 5].map((s) => deriveSeed(s, 'worker.0'));
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(draws(RandomStream.named(2 ** 32 + 5, 'a'), 4)).not.toEqual(draws(RandomStream.named(5, 'a'), 4));
  });

  it('returns an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(rootSeedArb, nameArb, (seed, name) => {
        const derived = deriveSeed(seed, name);
        expect(Number.isInteger(derived)).toBe(true);
        expect(derived).toBeGreaterThanOrEqual(0);
        expect(derived).toBeLessThanOrEqual(0xffff_ffff);
      }),
    );
  });
});

describe('seed helpers', () => {
  it('mix32 is a bijection on a sample of inputs and returns unsigned words', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 4096; i++) {
      const h = mix32(i * 0x9e3779b1);
      expect(h >>> 0).toBe(h);
      seen.add(h);
    }
    expect(seen.size).toBe(4096);
    expect(mix32(0)).toBe(0);
  });

  it('combineSeeds depends on the order of its arguments', () => {
    expect(combineSeeds(1, 2)).not.toBe(combineSeeds(2, 1));
  });

  it('hashString differs for different strings and bases', () => {
    expect(hashString('a')).not.toBe(hashString('b'));
    expect(hashString('a', 1)).not.toBe(hashString('a', 2));
  });

  it('expandSeed never yields the all-zero state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (seed) => {
        const words = expandSeed(seed);
        expect(words.some((w) => w !== 0)).toBe(true);
      }),
    );
  });
});

function correlation(a: Float64Array, b: Float64Array): number {
  const ma = moments(a);
  const mb = moments(b);
  let cov = 0;
  for (let i = 0; i < a.length; i++) cov += (a[i] - ma.mean) * (b[i] - mb.mean);
  cov /= a.length - 1;
  return cov / Math.sqrt(ma.variance * mb.variance);
}
