import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minibatchWithCommunicationTime, qsgdWithCommunicationTime, rennalaWithCommunicationTime } from '../../src/theory/communication.ts';
import { amelieTime } from '../../src/theory/decentralized.ts';
import { freyaPageSeconds } from '../../src/theory/finite-sum.ts';
import { asgdTime, batchCollectionTime, collectionTime, heroTime, ia2sgdTime, maleniaTime, minibatchTime, rennalaTime } from '../../src/theory/fixed-model.ts';

const sqrtTaus = (n: number) => Array.from({ length: n }, (_, i) => Math.sqrt(i + 1));

/** Relative agreement to the 4 significant digits the table is printed with. */
function expectTable(actual: number, printed: number): void {
  expect(Math.abs(actual - printed) / printed).toBeLessThan(6e-4);
}

describe('fixed-model time complexities', () => {
  // ALGORITHMS §7.2: LΔ/ε = 1, τ_i = √i.
  it.each([
    [10, 0, 1, 3.162, 1.992, 1, 1, 3.162],
    [10, 1, 2, 3.479, 2.191, 1.751, 3, 3.387],
    [10, 100, 101, 34.79, 21.91, 21.91, 10, 25.63],
    [10, 1e4, 1e4, 3165, 1994, 1994, 10, 2250],
    [100, 1, 2, 10.1, 5.433, 1.751, 3, 10.07],
    [100, 100, 101, 20, 10.76, 10.76, 100, 16.71],
    [1000, 100, 101, 34.79, 17.8, 10.73, 115, 33.73],
    [1000, 1e4, 1e4, 347.9, 178, 178, 1000, 242.6],
  ])('match the test vectors for n = %d, s = %d', (n, s, hero, minibatch, asgd, rennala, m, malenia) => {
    const taus = sqrtTaus(n);
    expectTable(heroTime(taus, s), hero);
    expectTable(minibatchTime(taus, s), minibatch);
    expectTable(asgdTime(taus, s), asgd);
    const best = rennalaTime(taus, s);
    expectTable(best.time, rennala);
    expect(best.workers).toBe(m);
    expectTable(maleniaTime(taus, s), malenia);
  });

  const tausArb = fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 });
  const sArb = fc.double({ min: 0, max: 1e5, noNaN: true });

  it('orders the methods as the theory says: lower bound ≤ ASGD ≤ Minibatch, lower bound ≤ Hero', () => {
    fc.assert(
      fc.property(tausArb, sArb, (taus, s) => {
        const bound = rennalaTime(taus, s).time;
        const slack = 1 + 1e-12;
        expect(bound).toBeLessThanOrEqual(asgdTime(taus, s) * slack);
        expect(asgdTime(taus, s)).toBeLessThanOrEqual(minibatchTime(taus, s) * slack);
        expect(bound).toBeLessThanOrEqual(heroTime(taus, s) * slack);
        expect(maleniaTime(taus, s)).toBeLessThanOrEqual(ia2sgdTime(taus, s) * slack);
      }),
    );
  });

  it('does not depend on the order of the workers', () => {
    fc.assert(
      fc.property(tausArb, sArb, fc.nat(), (taus, s, seed) => {
        const shuffled = [...taus].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        expect(rennalaTime(shuffled, s).time).toBe(rennalaTime(taus, s).time);
        // Summing 1/τ_i in another order moves the last bits only: compare relatively.
        expectRelativelyClose(asgdTime(shuffled, s), asgdTime(taus, s));
      }),
    );
  });

  it('never gets worse when a worker is added, for the optimal homogeneous bound', () => {
    fc.assert(
      fc.property(tausArb, fc.double({ min: 0.01, max: 100, noNaN: true }), sArb, (taus, extra, s) => {
        expect(rennalaTime([...taus, extra], s).time).toBeLessThanOrEqual(rennalaTime(taus, s).time * (1 + 1e-12));
      }),
    );
  });

  it('bounds batch collection by the lemma: t(S) = 2·min_m (Σ_{i≤m} 1/τ_i)⁻¹(S + m)', () => {
    // Equal workers: m workers produce S gradients in τ·(S + m)/m at worst; the minimum is at m = n.
    expect(batchCollectionTime([2, 2, 2, 2], 8)).toBe(2 * 2 * (8 + 4) / 4);
    expect(collectionTime([1, 1e9], 5)).toBe(6);
  });
});

describe('communication time complexities', () => {
  it('reduce to the compute-only bounds when communication is free', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1000, noNaN: true }), (h, s) => {
        const c = h.map(() => 0);
        expectRelativelyClose(minibatchWithCommunicationTime(h, c, 100, s), minibatchTime(h, s));
        // With free links, max{h_(j), s/R_j} and (j + s)/R_j (R_j = Σ_{i≤j} 1/h_(i)) agree within a
        // factor 2, since j/R_j ≤ h_(j): (j + s)/R_j ≤ h_(j) + s/R_j ≤ 2·max{h_(j), s/R_j}.
        expect(rennalaTime(h, s).time).toBeLessThanOrEqual(2 * rennalaWithCommunicationTime(h, c, 100, s) * (1 + 1e-12));
      }),
    );
  });

  it('charge d floats for an uncompressed vector and one coordinate for RandK', () => {
    // Equal workers h = 1, c = 0.01, d = 1000: Minibatch waits d·c = 10 per round.
    expect(minibatchWithCommunicationTime([1, 1], [0.01, 0.01], 1000, 0)).toBe(10);
    expect(qsgdWithCommunicationTime([1, 1], [0.01, 0.01], 1000, 0)).toBe(1 * (1000 / 2 + 1));
  });
});

describe('other bounds', () => {
  it('Amelie takes the slowest route, the slowest worker or the averaged noise term, whichever dominates', () => {
    expect(amelieTime([1, 2, 3], 5, 0)).toBe(5);
    expect(amelieTime([1, 2, 9], 5, 0)).toBe(9);
    expect(amelieTime([1, 2, 3], 5, 30)).toBe(20);
  });

  it('Freya PAGE pays one full pass, then √m per iteration', () => {
    expect(freyaPageSeconds([1], 100, 0)).toBe(101);
    expect(freyaPageSeconds([1], 100, 10)).toBe(101 + 10 * 11);
  });
});

/** |a − b| ≤ 1e-12·|b|: the sizes these properties draw span many orders of magnitude. */
function expectRelativelyClose(a: number, b: number): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.abs(b));
}
