import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Compressor, CompressorSpec } from '../../src/compress/compressor.ts';
import { createCompressor } from '../../src/compress/create-compressor.ts';
import { IdentityCompressor } from '../../src/compress/identity.ts';
import { NaturalCompressor } from '../../src/compress/natural.ts';
import { parseCompressor } from '../../src/compress/parse-compressor.ts';
import { QsgdCompressor } from '../../src/compress/qsgd.ts';
import { RandKCompressor } from '../../src/compress/rand-k.ts';
import { RandomStream } from '../../src/random/random-stream.ts';
import { ScenarioError, describeValue } from '../../src/input/scenario-error.ts';

/** 2^k, built by exact doublings or halvings (no reliance on Math.pow's accuracy). */
function pow2(k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r *= 2;
  for (let i = 0; i > k; i--) r /= 2;
  return r;
}

/**
 * A test vector x = y·2^e: y has 1 to 50 entries, each 0 or ±m·2^k with m ∈ [1, 2) and
 * k ∈ [−60, 0] (so |y_j| ≤ 1, with a 2^60 spread of magnitudes inside one vector), and the
 * overall scale 2^e, e ∈ [−900, 900], reaches huge and tiny magnitudes (≈ 1e±271) without
 * subnormals or overflow anywhere in the compressors. Moments are checked on C(x)·2^−e against y:
 * scaling by a power of two is exact here, and keeps the squares finite.
 */
interface Sample {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** 2^−e: multiplies x-space values into y-space exactly. */
  readonly unit: number;
}

/** Exact: Math.log2 alone rounds 1.0000000000000002·2^k to k. */
function isPowerOfTwo(a: number): boolean {
  return pow2(Math.round(Math.log2(a))) === a;
}

const nonzeroEntry = fc
  .tuple(fc.boolean(), fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: -60, max: 0 }))
  .map(([negative, m, k]) => (negative ? -m : m) * pow2(k));
const entryArb = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: nonzeroEntry, weight: 6 });

function sampleArb(entry: fc.Arbitrary<number>): fc.Arbitrary<Sample> {
  return fc
    .tuple(fc.array(entry, { minLength: 1, maxLength: 50 }), fc.integer({ min: -900, max: 900 }))
    .map(([entries, e]) => {
      const scale = pow2(e);
      return { x: Float64Array.from(entries, (v) => v * scale), y: Float64Array.from(entries), unit: pow2(-e) };
    });
}
const vectorArb = sampleArb(entryArb);
const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/**
 * Mean tolerance (Bernstein's inequality). For N i.i.d. draws of C(x)_j with variance ≤ σ² and
 * |C(x)_j − x_j| ≤ R, P(|mean − x_j| ≥ t) ≤ 2·exp(−N t² / (2σ² + 2Rt/3)). Setting that to
 * δ = 1e-9 and L = ln(2/δ) ≈ 21.4 gives t ≤ sqrt(2L)·σ/√N + 2RL/(3N): 6.5 standard errors plus a
 * skewness term that keeps rare large values (RandK with K ≪ d) honest. Over ≤ 50 coordinates ×
 * ~150 property runs the false-alarm rate stays below 1e-5. σ² and R come from each compressor's
 * textbook distribution (below), not from the implementation. A further 1e-9·max|y| absorbs
 * rounding in the N-term sums (≤ N·2^-53·(d/K)·max|y| ≈ 1e-10·max|y| at N = 20000).
 */
const L = Math.log(2 / 1e-9);
/**
 * Variance tolerance: E‖C(x) − x‖² ≤ ω‖x‖² is one-sided, and it holds with equality for RandK and
 * for natural compression at |x_j| = (4/3)·2^e, so the empirical mean must be allowed to exceed
 * the bound by Z standard errors of the per-draw squared error (sample standard deviation / √N).
 * Z = 6 gives a one-sided normal tail of 1e-9; the squared error is bounded, and its largest skew
 * (RandK, K = 1, one dominant coordinate: a Binomial(N, 1/d) count) still needs ~3× the expected
 * excess before 6 sample standard errors are exceeded. Plus 1e-9·(ω + 1)‖y‖² for rounding.
 */
const Z = 6;

interface CoordinateLaw {
  /** Upper bound on Var C(x)_j. */
  readonly variance: number;
  /** Upper bound on |C(x)_j − x_j|. */
  readonly range: number;
}

/** Draws C(x) N times (stream child r for draw r) and checks unbiasedness and the ω bound. */
function checkMoments(
  compressor: Compressor,
  { x, y, unit }: Sample,
  seed: number,
  draws: number,
  law: (yj: number, normY: number, d: number) => CoordinateLaw,
): void {
  const d = x.length;
  const rng = new RandomStream(seed);
  const out = new Float64Array(d);
  const sums = new Float64Array(d);
  let sumErr = 0;
  let sumErrSq = 0;
  for (let r = 0; r < draws; r++) {
    compressor.compress(x, rng.child(r), out);
    let err = 0;
    for (let j = 0; j < d; j++) {
      const c = out[j] * unit;
      sums[j] += c;
      err += (c - y[j]) ** 2;
    }
    sumErr += err;
    sumErrSq += err * err;
  }
  let normSq = 0;
  let maxAbs = 0;
  for (let j = 0; j < d; j++) {
    normSq += y[j] * y[j];
    maxAbs = Math.max(maxAbs, Math.abs(y[j]));
  }
  const normY = Math.sqrt(normSq);
  for (let j = 0; j < d; j++) {
    const { variance, range } = law(y[j], normY, d);
    const tolerance = Math.sqrt((2 * variance * L) / draws) + (2 * range * L) / (3 * draws) + 1e-9 * maxAbs;
    const mean = sums[j] / draws;
    expect(Math.abs(mean - y[j]), `coordinate ${j}: mean ${mean} vs ${y[j]} (seed ${seed})`).toBeLessThanOrEqual(tolerance);
  }
  const omega = compressor.omega(d);
  const meanErr = sumErr / draws;
  const varErr = Math.max(0, (sumErrSq / draws - meanErr * meanErr) * (draws / (draws - 1)));
  const bound = omega * normSq + Z * Math.sqrt(varErr / draws) + 1e-9 * (omega + 1) * normSq;
  expect(meanErr, `E‖C(x) − x‖² vs ω‖x‖² = ${omega * normSq} (seed ${seed})`).toBeLessThanOrEqual(bound);
}

describe('IdentityCompressor', () => {
  const identity = new IdentityCompressor();

  it('returns x exactly, with ω = 0', () => {
    fc.assert(
      fc.property(vectorArb, seedArb, (sample, seed) => {
        checkMoments(identity, sample, seed, 4, () => ({ variance: 0, range: 0 }));
        const out = new Float64Array(sample.x.length);
        identity.compress(sample.x, new RandomStream(seed), out);
        expect(Array.from(out)).toEqual(Array.from(sample.x));
      }),
    );
  });

  it('costs d floats', () => {
    expect([identity.omega(7), identity.floats(7)]).toEqual([0, 7]);
  });
});

describe('RandKCompressor', () => {
  const withK = (arb: fc.Arbitrary<Sample>) => arb.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 1, max: s.x.length })));

  it('is unbiased with E‖C(x) − x‖² ≤ (d/K − 1)‖x‖²', () => {
    fc.assert(
      fc.property(withK(vectorArb), seedArb, ([sample, k], seed) => {
        // Var C_j = x_j²(d/K − 1) exactly; |C_j − x_j| ≤ |x_j|·max(d/K − 1, 1).
        checkMoments(new RandKCompressor(k), sample, seed, 20_000, (yj, _norm, d) => ({
          variance: yj * yj * (d / k - 1),
          range: Math.abs(yj) * Math.max(d / k - 1, 1),
        }));
      }),
    );
  });

  it('keeps exactly K coordinates, each x_j·d/K', () => {
    fc.assert(
      fc.property(withK(sampleArb(nonzeroEntry)), seedArb, ([{ x }, k], seed) => {
        const d = x.length;
        const compressor = new RandKCompressor(k);
        const out = new Float64Array(d);
        for (let r = 0; r < 10; r++) {
          compressor.compress(x, new RandomStream(seed).child(r), out);
          let kept = 0;
          for (let j = 0; j < d; j++) {
            if (out[j] === 0) continue;
            kept++;
            expect(out[j]).toBe(x[j] * (d / k));
          }
          expect(kept).toBe(k);
        }
      }),
    );
  });

  it('depends only on x and the stream, not on earlier calls', () => {
    fc.assert(
      fc.property(vectorArb, vectorArb, fc.integer({ min: 1, max: 50 }), seedArb, (a, b, kRaw, seed) => {
        const k = Math.min(kRaw, a.x.length, b.x.length);
        const used = new RandKCompressor(k);
        const first = new Float64Array(a.x.length);
        const scratch = new Float64Array(b.x.length);
        used.compress(a.x, new RandomStream(seed), first);
        used.compress(b.x, new RandomStream(seed + 1), scratch);
        const again = new Float64Array(a.x.length);
        used.compress(a.x, new RandomStream(seed), again);
        const fresh = new Float64Array(a.x.length);
        new RandKCompressor(k).compress(a.x, new RandomStream(seed), fresh);
        expect(Array.from(again)).toEqual(Array.from(first));
        expect(Array.from(fresh)).toEqual(Array.from(first));
      }),
    );
  });

  it('has ω = d/K − 1 and costs K floats', () => {
    const randK = new RandKCompressor(4);
    expect([randK.omega(100), randK.floats(100), randK.omega(4)]).toEqual([24, 4, 0]);
  });
});

describe('QsgdCompressor', () => {
  const levelsArb = fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(1000));

  it('is unbiased with E‖C(x) − x‖² ≤ min(d/s², √d/s)‖x‖²', () => {
    fc.assert(
      fc.property(vectorArb, levelsArb, seedArb, (sample, levels, seed) => {
        // C_j is one of two adjacent levels ‖x‖l/s, ‖x‖(l+1)/s: Var ≤ (‖x‖/s)²/4, |C_j − x_j| ≤ ‖x‖/s.
        checkMoments(new QsgdCompressor(levels), sample, seed, 4000, (_yj, normY) => ({
          variance: (normY / levels) ** 2 / 4,
          range: normY / levels,
        }));
      }),
    );
  });

  it('sends signed multiples of ‖x‖/s next to |x_j|, and maps 0 to 0', () => {
    fc.assert(
      fc.property(vectorArb, levelsArb, seedArb, ({ y }, levels, seed) => {
        const out = new Float64Array(y.length).fill(Number.NaN);
        new QsgdCompressor(levels).compress(y, new RandomStream(seed), out);
        const norm = Math.hypot(...y);
        for (let j = 0; j < y.length; j++) {
          if (y[j] === 0) {
            expect(out[j]).toBe(0);
            continue;
          }
          expect(Math.sign(out[j]) === -Math.sign(y[j])).toBe(false);
          const level = (Math.abs(out[j]) / norm) * levels;
          expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-9 * Math.max(1, levels));
          expect(Math.abs(level - (Math.abs(y[j]) / norm) * levels)).toBeLessThan(1 + 1e-9 * levels);
        }
      }),
    );
    const zero = new Float64Array(5);
    const out = new Float64Array(5).fill(1);
    new QsgdCompressor(4).compress(zero, new RandomStream(1), out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0]);
  });

  it('has ω = min(d/s², √d/s) and costs one float plus d(1 + ⌈log2(s+1)⌉) bits', () => {
    expect(new QsgdCompressor(1).omega(100)).toBe(10);
    expect(new QsgdCompressor(20).omega(100)).toBe(0.25);
    // s = 1: 1 level bit; s = 3: 2 bits; s = 4: 3 bits; s = 255: 8 bits; s = 256: 9 bits.
    expect([1, 3, 4, 255, 256].map((s) => new QsgdCompressor(s).floats(32))).toEqual([3, 4, 5, 10, 11]);
  });
});

describe('NaturalCompressor', () => {
  const natural = new NaturalCompressor();

  it('is unbiased with E‖C(x) − x‖² ≤ ‖x‖²/8', () => {
    fc.assert(
      fc.property(vectorArb, seedArb, (sample, seed) => {
        // With 2^e ≤ |x_j| < 2^(e+1): Var = (2^(e+1) − |x_j|)(|x_j| − 2^e) ≤ x_j²/8, |C_j − x_j| ≤ 2^e ≤ |x_j|.
        checkMoments(natural, sample, seed, 4000, (yj) => ({ variance: (yj * yj) / 8, range: Math.abs(yj) }));
      }),
    );
  });

  it('rounds each coordinate to one of its two neighbouring signed powers of two', () => {
    fc.assert(
      fc.property(vectorArb, seedArb, ({ x }, seed) => {
        const out = new Float64Array(x.length);
        natural.compress(x, new RandomStream(seed), out);
        for (let j = 0; j < x.length; j++) {
          const a = Math.abs(x[j]);
          const c = Math.abs(out[j]);
          if (a === 0) {
            expect(c).toBe(0);
            continue;
          }
          expect(Math.sign(out[j])).toBe(Math.sign(x[j]));
          expect(isPowerOfTwo(c)).toBe(true);
          expect(c <= 2 * a && a <= 2 * c).toBe(true);
          if (isPowerOfTwo(a)) expect(out[j]).toBe(x[j]);
        }
      }),
    );
  });

  it('handles subnormals and the largest doubles', () => {
    const x = Float64Array.of(3 * Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 0, -0);
    const out = new Float64Array(5);
    natural.compress(x, new RandomStream(7), out);
    expect([2 * Number.MIN_VALUE, 4 * Number.MIN_VALUE]).toContain(out[0]);
    expect(out[1]).toBe(-Number.MIN_VALUE);
    expect(out[2]).toBe(Number.MAX_VALUE);
    expect(Object.is(out[3], 0) && Object.is(out[4], -0)).toBe(true);
  });

  it('has ω = 1/8 and costs 9 bits per coordinate', () => {
    expect([natural.omega(10), natural.floats(32)]).toEqual([0.125, 9]);
  });
});

describe('createCompressor', () => {
  it('builds the compressor each spec names', () => {
    const cases: [CompressorSpec, new (...args: never[]) => Compressor, number][] = [
      [{ kind: 'identity' }, IdentityCompressor, 0],
      [{ kind: 'rand-k', k: 2 }, RandKCompressor, 4],
      [{ kind: 'qsgd', levels: 5 }, QsgdCompressor, 0.4],
      [{ kind: 'natural' }, NaturalCompressor, 0.125],
    ];
    for (const [spec, type, omega] of cases) {
      const compressor = createCompressor(spec);
      expect(compressor).toBeInstanceOf(type);
      expect(compressor.omega(10)).toBeCloseTo(omega, 15);
    }
  });
});

describe('parseCompressor', () => {
  const path = 'scenario.method.compressor';

  /** The ScenarioError that parsing `value` raises. */
  function parseError(value: unknown, dimension = 10): ScenarioError {
    try {
      parseCompressor(value, path, dimension);
    } catch (error) {
      if (error instanceof ScenarioError) return error;
      throw error;
    }
    throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  }

  it('accepts every valid spec unchanged', () => {
    const specArb = fc.integer({ min: 1, max: 1000 }).chain((d) =>
      fc.tuple(
        fc.constant(d),
        fc.oneof(
          fc.constant<CompressorSpec>({ kind: 'identity' }),
          fc.constant<CompressorSpec>({ kind: 'natural' }),
          fc.integer({ min: 1, max: d }).map((k): CompressorSpec => ({ kind: 'rand-k', k })),
          fc.integer({ min: 1, max: 1 << 20 }).map((levels): CompressorSpec => ({ kind: 'qsgd', levels })),
        ),
      ));
    fc.assert(fc.property(specArb, ([d, spec]) => {
      expect(parseCompressor({ ...spec }, path, d)).toEqual(spec);
    }));
  });

  it('rejects a k outside [1, d] or not an integer, naming the path and the value', () => {
    const badK = fc.oneof(
      fc.integer({ min: -5, max: 0 }),
      fc.integer({ min: 11, max: 1e6 }),
      fc.double({ noInteger: true }),
      fc.constantFrom<unknown>('3', null, undefined, true, [2]),
    );
    fc.assert(
      fc.property(badK, (k) => {
        const error = parseError({ kind: 'rand-k', k });
        expect(error.path).toBe(`${path}.k`);
        expect(error.message).toContain(`${path}.k must be an integer in [1, 10]`);
        expect(error.message).toContain(`got ${describeValue(k)}`);
      }),
    );
  });

  it('rejects levels below 1 or not integers', () => {
    for (const levels of [0, -3, 2.5, '4', Number.NaN, undefined]) {
      const error = parseError({ kind: 'qsgd', levels });
      expect(error.path).toBe(`${path}.levels`);
      expect(error.message).toBe(`${path}.levels must be an integer ≥ 1; got ${describeValue(levels)}`);
    }
  });

  it('rejects unknown keys, unknown kinds and non-objects', () => {
    expect(parseError({ kind: 'rand-k', k: 1, K: 2 }).path).toBe(`${path}.K`);
    expect(parseError({ kind: 'natural', bits: 9 }).message).toContain(`${path}.bits is not a known field`);
    const kindError = parseError({ kind: 'top-k', k: 1 });
    expect(kindError.path).toBe(`${path}.kind`);
    expect(kindError.message).toContain('got "top-k"');
    expect(parseError({}).path).toBe(`${path}.kind`);
    for (const value of ['rand-k', null, [1], 3]) {
      const error = parseError(value);
      expect(error.path).toBe(path);
      expect(error.message).toContain(`got ${describeValue(value)}`);
    }
  });
});
