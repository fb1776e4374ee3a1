import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/random/random-stream.ts';
import {
  equalWorkersEquilibriumTime,
  equilibriumTime,
  equilibriumTimeByPrefixes,
  shadowheartPlan,
  type ShadowheartWorker,
} from '../../src/theory/equilibrium-time.ts';

/**
 * Floating-point slack for comparisons between differently computed t*: each solve returns the
 * smallest double passing a sum of ≤ 13 rounded terms, so t* carries a relative error of about
 * 13·2^-53 ≈ 1.5e-15 (the sum grows at least linearly in t); 1e-12 leaves a wide margin and is
 * still far below any modelling effect.
 */
const REL = 1e-12;

/** a ≈ b within relative `rel` (infinities must match exactly). */
function close(a: number, b: number, rel = REL): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

const finiteTime = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
/** Times in [0, ∞], with 0 and ∞ common enough to exercise the degenerate rules. */
const timeArb = fc.oneof(
  { arbitrary: finiteTime, weight: 8 },
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.constant(Number.POSITIVE_INFINITY), weight: 1 },
);
const omegaArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true }));
const sArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }));
const workerArb: fc.Arbitrary<ShadowheartWorker> = fc.record({ hSeconds: timeArb, tauSeconds: timeArb });
const workersArb = fc.array(workerArb, { minLength: 1, maxLength: 12 });
/** Workers with positive finite times (t* finite and positive). */
const regularWorkersArb = fc.array(fc.record({ hSeconds: finiteTime, tauSeconds: finiteTime }), { minLength: 1, maxLength: 12 });

function equal(h: number, tau: number, n: number): ShadowheartWorker[] {
  return Array.from({ length: n }, () => ({ hSeconds: h, tauSeconds: tau }));
}

describe('equilibriumTime', () => {
  // ALGORITHMS §7.2, given to 5 or 6 significant digits: tolerance half a unit of the last digit.
  const vectors = [
    { h: 1, tau: 1, omega: 9, s: 3, n: 3, expected: 11.211, tolerance: 5e-4 },
    { h: 10, tau: 0.1, omega: 99, s: 1000, n: 5, expected: 4023.64, tolerance: 5e-3 },
    { h: 0.5, tau: 2, omega: 0, s: 10, n: 4, expected: 2.5, tolerance: 0 },
  ];
  for (const { h, tau, omega, s, n, expected, tolerance } of vectors) {
    it(`reproduces the §7.2 equal-worker vector (${h}, ${tau}, ${omega}, ${s}, ${n}) → ${expected}`, () => {
      const workers = equal(h, tau, n);
      for (const t of [
        equilibriumTime(omega, s, workers),
        equilibriumTimeByPrefixes(omega, s, workers),
        equalWorkersEquilibriumTime(h, tau, omega, s, n),
      ]) {
        expect(Math.abs(t - expected)).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  it('equals the closed form for equal workers', () => {
    fc.assert(
      fc.property(timeArb, timeArb, omegaArb, sArb, fc.integer({ min: 1, max: 40 }), (h, tau, omega, s, n) => {
        const closed = equalWorkersEquilibriumTime(h, tau, omega, s, n);
        const solved = equilibriumTime(omega, s, equal(h, tau, n));
        expect(close(solved, closed), `solver ${solved} vs closed form ${closed}`).toBe(true);
      }),
    );
  });

  it('agrees with the literal per-prefix definition', () => {
    fc.assert(
      fc.property(omegaArb, sArb, workersArb, (omega, s, workers) => {
        const fast = equilibriumTime(omega, s, workers);
        const literal = equilibriumTimeByPrefixes(omega, s, workers);
        expect(close(fast, literal), `single root ${fast} vs prefixes ${literal}`).toBe(true);
      }),
    );
  });

  it('does not depend on the order of the workers (bit for bit)', () => {
    const arb = workersArb.chain((ws) => fc.tuple(fc.constant(ws), fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length })));
    fc.assert(
      fc.property(omegaArb, sArb, arb, (omega, s, [workers, shuffled]) => {
        expect(equilibriumTime(omega, s, shuffled)).toBe(equilibriumTime(omega, s, workers));
      }),
    );
  });

  it('is nondecreasing in each h_i, τ_i, ω and s', () => {
    const bump = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(omegaArb, sArb, workersArb, fc.nat(), fc.constantFrom('h', 'tau', 'omega', 's'), bump, (omega, s, workers, pick, what, delta) => {
        const i = pick % workers.length;
        const before = equilibriumTime(omega, s, workers);
        let after: number;
        if (what === 'omega') after = equilibriumTime(omega + delta, s, workers);
        else if (what === 's') after = equilibriumTime(omega, s + delta, workers);
        else {
          const changed = workers.map((w, j) =>
            j !== i ? w : what === 'h' ? { ...w, hSeconds: w.hSeconds + delta } : { ...w, tauSeconds: w.tauSeconds + delta });
          after = equilibriumTime(omega, s, changed);
        }
        expect(after >= before || close(after, before), `${what} += ${delta}: ${before} → ${after}`).toBe(true);
      }),
    );
  });

  it('never increases when a worker joins', () => {
    fc.assert(
      fc.property(omegaArb, sArb, workersArb, workerArb, (omega, s, workers, extra) => {
        const before = equilibriumTime(omega, s, workers);
        const after = equilibriumTime(omega, s, [...workers, extra]);
        expect(after <= before || close(after, before), `${before} → ${after}`).toBe(true);
      }),
    );
  });

  it('is unchanged by a worker with h = ∞ or τ = ∞', () => {
    const useless = fc.oneof(
      timeArb.map((tau) => ({ hSeconds: Number.POSITIVE_INFINITY, tauSeconds: tau })),
      timeArb.map((h) => ({ hSeconds: h, tauSeconds: Number.POSITIVE_INFINITY })),
    );
    fc.assert(
      fc.property(omegaArb, sArb, regularWorkersArb, useless, (omega, s, workers, extra) => {
        const before = equilibriumTime(omega, s, workers);
        expect(Number.isFinite(before) && before > 0).toBe(true);
        expect(equilibriumTime(omega, s, [extra, ...workers])).toBe(before);
      }),
    );
  });

  it('is 0 when some worker has h = τ = 0', () => {
    fc.assert(
      fc.property(omegaArb, sArb, workersArb, (omega, s, workers) => {
        expect(equilibriumTime(omega, s, [...workers, { hSeconds: 0, tauSeconds: 0 }])).toBe(0);
      }),
    );
  });

  it('is the smallest max{h_i, τ_i} when ω = 0 and s = 0', () => {
    fc.assert(
      fc.property(workersArb, (workers) => {
        const smallest = Math.min(...workers.map((w) => Math.max(w.hSeconds, w.tauSeconds)));
        expect(equilibriumTime(0, 0, workers)).toBe(smallest);
      }),
    );
  });

  it('is ∞ when every worker has an infinite time', () => {
    expect(equilibriumTime(1, 1, [{ hSeconds: Number.POSITIVE_INFINITY, tauSeconds: 1 }])).toBe(Number.POSITIVE_INFINITY);
    expect(equilibriumTime(1, 1, [])).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects negative or NaN inputs with a RangeError naming them', () => {
    expect(() => equilibriumTime(-1, 1, equal(1, 1, 1))).toThrow(/omega .* got -1/);
    expect(() => equilibriumTime(1, Number.NaN, equal(1, 1, 1))).toThrow(/s \(σ²\/ε\) .* got NaN/);
    expect(() => equilibriumTime(1, 1, [{ hSeconds: 1, tauSeconds: -2 }])).toThrow(/workers\[0\]\.tauSeconds .* got -2/);
  });

  /**
   * Table 1 of the Shadowheart paper (ALGORITHMS §7.2): d = 10⁶, n = 10³, h_i and per-coordinate
   * c_i i.i.d. U(0.1, 1), RandK with K = 1 (ω = d − 1, one float per message, so τ_i = c_i).
   * numpy's default_rng(0) draws are not reproducible here, so this is an ORDER-OF-MAGNITUDE check
   * on draws from our own RandomStream: Minibatch-with-communication / Shadowheart, i.e.
   * max_i max{h_i, d·c_i}·(1 + s/n) / t*, must land in the published decade (×10³, ×10³, ×10⁴).
   * With n = 10³ workers t* concentrates, so t* also stays within 15% of the recomputed
   * single-seed values 736.3 / 1311 / 2.58·10⁴ (ours: 783 / 1350 / 2.59·10⁴ for this seed).
   */
  it('lands in the published orders of magnitude in the Table 1 setting', () => {
    const d = 1e6;
    const n = 1e3;
    const rng = RandomStream.named(1, 'table-1');
    const workers = Array.from({ length: n }, () => ({ hSeconds: 0.1 + 0.9 * rng.uniform(), tauSeconds: 0.1 + 0.9 * rng.uniform() }));
    let slowest = 0;
    for (const w of workers) slowest = Math.max(slowest, w.hSeconds, d * w.tauSeconds);
    const rows = [
      { s: 1, decade: 3, published: 736.3 },
      { s: 1e3, decade: 3, published: 1311 },
      { s: 1e6, decade: 4, published: 2.58e4 },
    ];
    for (const { s, decade, published } of rows) {
      const tStar = equilibriumTime(d - 1, s, workers);
      const ratio = (slowest * (1 + s / n)) / tStar;
      expect(Math.floor(Math.log10(ratio)), `s = ${s}: ratio ${ratio}`).toBe(decade);
      expect(Math.abs(tStar / published - 1), `s = ${s}: t* = ${tStar}`).toBeLessThan(0.15);
    }
    // The fast solver and the literal definition agree at this size too.
    expect(close(equilibriumTimeByPrefixes(d - 1, 1e3, workers), equilibriumTime(d - 1, 1e3, workers))).toBe(true);
  });
});

describe('shadowheartPlan', () => {
  it('gives every active worker weight 1 when ω = 0 and s = 0', () => {
    fc.assert(
      fc.property(regularWorkersArb, (workers) => {
        const plan = shadowheartPlan(0, 0, workers);
        expect(plan.active.some(Boolean)).toBe(true);
        plan.weights.forEach((w, i) => expect(w).toBe(plan.active[i] ? 1 : 0));
      }),
    );
  });

  it('activates every worker with max{h, τ} ≤ t* and keeps each active worker within 2t*', () => {
    fc.assert(
      fc.property(omegaArb, sArb, regularWorkersArb, fc.integer({ min: 1, max: 50 }), (omega, s, workers, cap) => {
        const plan = shadowheartPlan(omega, s, workers, { maxMessages: cap });
        const t = plan.equilibriumSeconds;
        let normalizer = 0;
        workers.forEach(({ hSeconds: h, tauSeconds: tau }, i) => {
          const b = plan.batchSizes[i];
          const m = plan.messageCounts[i];
          expect(plan.active[i]).toBe(b > 0 && m > 0);
          if (Math.max(h, tau) <= t) expect(plan.active[i]).toBe(true);
          if (!plan.active[i]) {
            expect([b, m, plan.weights[i]]).toEqual([0, 0, 0]);
            return;
          }
          expect(b).toBe(Math.floor(t / h));
          expect(m).toBe(Math.min(cap, Math.floor(t / tau)));
          // Invariant 3: b_i h_i + m_i τ_i ≤ 2t* (each product rounds at most one ulp up).
          expect(b * h + m * tau).toBeLessThanOrEqual(2 * t * (1 + 1e-15));
          const expected = omega === 0 && s === 0 ? 1 : 1 / (b * omega + omega * s + m * s);
          expect(plan.weights[i]).toBe(expected);
          normalizer += expected * m * b;
        });
        expect(plan.normalizer).toBe(normalizer);
      }),
    );
  });

  it('caps zero-time work at maxBatch and maxMessages', () => {
    const plan = shadowheartPlan(1, 1, [{ hSeconds: 0, tauSeconds: 0 }, { hSeconds: 1, tauSeconds: 1 }], { maxBatch: 8, maxMessages: 3 });
    expect(plan.equilibriumSeconds).toBe(0);
    expect(plan.batchSizes).toEqual([8, 0]);
    expect(plan.messageCounts).toEqual([3, 0]);
    expect(plan.active).toEqual([true, false]);
    expect(plan.weights).toEqual([1 / (8 + 1 + 3), 0]);
  });

  it('rejects a cap below 1', () => {
    expect(() => shadowheartPlan(1, 1, equal(1, 1, 2), { maxMessages: 0 })).toThrow(/maxMessages .* got 0/);
  });
});
