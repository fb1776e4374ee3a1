import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { meanOf, sample } from '../../src/random/distributions.ts';
import { parseDistribution } from '../../src/scenario/parse-distribution.ts';
import type { DistributionSpec } from '../../src/random/distributions.ts';
import { RandomStream } from '../../src/random/random-stream.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';

/** Standard deviation of each spec, from its closed form (finite for every case below). */
function stdOf(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'constant':
      return 0;
    case 'uniform':
      return (spec.max - spec.min) / Math.sqrt(12);
    case 'exponential':
      return spec.mean;
    case 'log-normal': {
      const s2 = spec.sigma * spec.sigma;
      return Math.sqrt((Math.exp(s2) - 1) * Math.exp(2 * spec.mu + s2));
    }
    case 'half-normal':
      return spec.scale * Math.sqrt(1 - 2 / Math.PI);
    case 'pareto': {
      const a = spec.shape;
      return (spec.scale / (a - 1)) * Math.sqrt(a / (a - 2));
    }
  }
}

const CASES: DistributionSpec[] = [
  { kind: 'constant', value: 0.75 },
  { kind: 'uniform', min: 0.1, max: 1 },
  { kind: 'exponential', mean: 2.5 },
  { kind: 'log-normal', mu: -0.5, sigma: 0.6 },
  { kind: 'half-normal', scale: 1.7 },
  { kind: 'pareto', scale: 0.5, shape: 4 },
];

/** Arbitrary valid specs (Pareto with a finite mean and any shape). */
const specArb: fc.Arbitrary<DistributionSpec> = fc.oneof(
  fc.double({ min: 0, max: 10, noNaN: true }).map((value): DistributionSpec => ({ kind: 'constant', value })),
  fc.tuple(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }))
    .map(([a, b]): DistributionSpec => ({ kind: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
  fc.double({ min: 0.01, max: 10, noNaN: true }).map((mean): DistributionSpec => ({ kind: 'exponential', mean })),
  fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }))
    .map(([mu, sigma]): DistributionSpec => ({ kind: 'log-normal', mu, sigma })),
  fc.double({ min: 0.01, max: 10, noNaN: true }).map((scale): DistributionSpec => ({ kind: 'half-normal', scale })),
  fc.tuple(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.2, max: 6, noNaN: true }))
    .map(([scale, shape]): DistributionSpec => ({ kind: 'pareto', scale, shape })),
);

/** The ScenarioError that parsing `value` raises. */
function parseError(value: unknown): ScenarioError {
  try {
    parseDistribution(value, 'scenario.faults[0].extra');
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error(`expected a ScenarioError for ${JSON.stringify(value)}`);
}

describe('sample', () => {
  it.each(CASES)('has an empirical mean within 5 standard errors of meanOf for $kind', (spec) => {
    const rng = RandomStream.named(2024, `mean-${spec.kind}`);
    const n = 40_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sample(spec, rng);
    const tolerance = 5 * (stdOf(spec) / Math.sqrt(n)) + 1e-12;
    expect(Math.abs(sum / n - meanOf(spec))).toBeLessThanOrEqual(tolerance);
  });

  it.prop([specArb, fc.integer({ min: 0, max: 0xffff_ffff })], { numRuns: 60 })('stays in the support of its distribution', (spec, seed) => {
    const rng = new RandomStream(seed);
    for (let i = 0; i < 200; i++) {
      const x = sample(spec, rng);
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      if (spec.kind === 'constant') expect(x).toBe(spec.value);
      if (spec.kind === 'uniform') expect(x >= spec.min && x <= spec.max).toBe(true);
      if (spec.kind === 'pareto') expect(x).toBeGreaterThanOrEqual(spec.scale);
    }
  });

  it.prop([specArb, fc.integer({ min: 0, max: 0xffff_ffff })], { numRuns: 30 })('repeats the same draws for the same seed', (spec, seed) => {
    const a = new RandomStream(seed);
    const b = new RandomStream(seed);
    for (let i = 0; i < 20; i++) expect(sample(spec, a)).toBe(sample(spec, b));
  });

  it('draws nothing from the stream for a constant', () => {
    const used = new RandomStream(5);
    const fresh = new RandomStream(5);
    sample({ kind: 'constant', value: 3 }, used);
    expect(used.uniform()).toBe(fresh.uniform());
  });
});

describe('meanOf', () => {
  it('is infinite for a Pareto tail index ≤ 1 and finite above', () => {
    expect(meanOf({ kind: 'pareto', scale: 2, shape: 1 })).toBe(Infinity);
    expect(meanOf({ kind: 'pareto', scale: 2, shape: 0.5 })).toBe(Infinity);
    expect(meanOf({ kind: 'pareto', scale: 2, shape: 3 })).toBe(3);
  });

  it('gives the closed forms', () => {
    expect(meanOf({ kind: 'uniform', min: 0.1, max: 1 })).toBeCloseTo(0.55, 15);
    expect(meanOf({ kind: 'half-normal', scale: 1 })).toBeCloseTo(Math.sqrt(2 / Math.PI), 15);
    expect(meanOf({ kind: 'log-normal', mu: 0, sigma: 1 })).toBeCloseTo(Math.exp(0.5), 15);
    expect(meanOf({ kind: 'exponential', mean: 4 })).toBe(4);
  });
});

describe('parseDistribution', () => {
  it.prop([specArb])('accepts every valid spec and returns it unchanged', (spec) => {
    expect(parseDistribution(structuredClone(spec), 'p')).toEqual(spec);
  });

  it.each([
    [{ kind: 'gamma', shape: 2 }, 'scenario.faults[0].extra.kind must be one of "constant", "uniform", "exponential", "log-normal", "half-normal", "pareto"; got "gamma"'],
    [{ kind: 'uniform', min: 2, max: 1 }, 'scenario.faults[0].extra.max must be a number ≥ min (2); got 1'],
    [{ kind: 'uniform', min: -1, max: 1 }, 'scenario.faults[0].extra.min must be a non-negative number; got -1'],
    [{ kind: 'exponential', mean: 0 }, 'scenario.faults[0].extra.mean must be a positive number; got 0'],
    [{ kind: 'exponential' }, 'scenario.faults[0].extra.mean must be a positive number; got nothing (the field is missing)'],
    [{ kind: 'constant', value: -0.5 }, 'scenario.faults[0].extra.value must be a non-negative number; got -0.5'],
    [{ kind: 'log-normal', mu: 0, sigma: -1 }, 'scenario.faults[0].extra.sigma must be a positive number; got -1'],
    [{ kind: 'log-normal', mu: 'x', sigma: 1 }, 'scenario.faults[0].extra.mu must be a finite number; got "x"'],
    [{ kind: 'half-normal', scale: Number.NaN }, 'scenario.faults[0].extra.scale must be a positive number; got NaN'],
    [{ kind: 'pareto', scale: 1, shape: 0 }, 'scenario.faults[0].extra.shape must be a positive number; got 0'],
    [{ kind: 'exponential', mean: 1, rate: 2 }, 'scenario.faults[0].extra.rate is not a known field (known here: kind, mean)'],
    [3, 'scenario.faults[0].extra must be a distribution object with a kind (constant, uniform, exponential, log-normal, half-normal, pareto); got 3'],
  ])('rejects %j naming the path and the value', (value, message) => {
    const error = parseError(value);
    expect(error.message).toBe(message);
    expect(error.path.startsWith('scenario.faults[0].extra')).toBe(true);
  });
});
