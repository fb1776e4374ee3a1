import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, LabelledData } from '../../../src/problems/data/dataset.ts';
import { loadMnist, MNIST_CLASSES, MNIST_FEATURES, readMnistDigits } from '../../../src/problems/data/mnist.ts';
import { ScenarioError } from '../../../src/input/scenario-error.ts';

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function classCounts(data: LabelledData): number[] {
  const counts = new Array<number>(MNIST_CLASSES).fill(0);
  for (const label of data.y) counts[label]++;
  return counts;
}

function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}

describe('loadMnist', () => {
  let first: Dataset;
  let firstLoadMs: number;

  // The first load of the file parses the package's JSON (each test file runs in a fresh
  // process, so the cache starts cold); later loads only copy out of the cache.
  beforeAll(() => {
    const start = performance.now();
    first = loadMnist({});
    firstLoadMs = performance.now() - start;
  });

  it('loads the 10,000 digits of the installed package offline', () => {
    expect(first.name).toBe('mnist');
    expect(first.classes).toBe(10);
    expect(first.features).toBe(784);
    expect(first.train.features).toBe(MNIST_FEATURES);
    expect(first.train.count + first.test.count).toBe(10_000);
    expect(first.train.x.length).toBe(first.train.count * 784);
    expect(first.test.x.length).toBe(first.test.count * 784);
    expect(first.train.y.every((label) => label < 10)).toBe(true);
    expect(first.test.y.every((label) => label < 10)).toBe(true);
  });

  it('holds out each digit in the same proportion (round(n_c · 0.2))', () => {
    const all = classCounts(readMnistDigits());
    const train = classCounts(first.train);
    const test = classCounts(first.test);
    for (let digit = 0; digit < 10; digit++) {
      expect(train[digit] + test[digit]).toBe(all[digit]);
      expect(test[digit]).toBe(Math.round(all[digit] * 0.2));
    }
  });

  it('standardizes with the train split statistics', () => {
    const train = meanAndStd(first.train.x);
    expect(Math.abs(train.mean)).toBeLessThan(1e-9);
    expect(train.std).toBeCloseTo(1, 9);
    // The stored statistics are those of the raw train pixels in [0, 1] (MNIST: ≈ 0.13 and ≈ 0.31).
    expect(first.normalization.mean).toBeGreaterThan(0.1);
    expect(first.normalization.mean).toBeLessThan(0.16);
    expect(first.normalization.std).toBeGreaterThan(0.28);
    expect(first.normalization.std).toBeLessThan(0.34);
  });

  it('parses the package once and makes a second load fast', () => {
    expect(readMnistDigits()).toBe(readMnistDigits());
    const start = performance.now();
    loadMnist({});
    const cachedMs = performance.now() - start;
    console.info(`loadMnist: first load ${firstLoadMs.toFixed(0)} ms, cached load ${cachedMs.toFixed(0)} ms`);
    expect(cachedMs).toBeLessThan(firstLoadMs / 2);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const again = loadMnist({ seed: 0 });
    expect(sameValues(again.test.x, first.test.x)).toBe(true);
    expect(sameValues(again.train.y, first.train.y)).toBe(true);
    const other = loadMnist({ seed: 1 });
    expect(other.test.count).toBe(first.test.count);
    expect(sameValues(other.test.x, first.test.x)).toBe(false);
  });

  it('returns fresh arrays: writing to one dataset leaves the next load untouched', () => {
    const scratch = loadMnist({ normalize: false, testFraction: 0 });
    scratch.train.x.fill(7);
    const clean = loadMnist({ normalize: false, testFraction: 0 });
    expect(sameValues(clean.train.x, readMnistDigits().x)).toBe(true);
    expect(clean.normalization).toEqual({ mean: 0, std: 1 });
    expect(clean.test.count).toBe(0);
  });

  it.each([
    [{ testFraction: 1 }, 'mnist.testFraction'],
    [{ testFraction: -0.1 }, 'mnist.testFraction'],
    [{ seed: 1.5 }, 'mnist.seed'],
    [{ normalize: 'yes' }, 'mnist.normalize'],
    [{ shuffle: true }, 'mnist.shuffle'],
  ])('rejects the options %o, naming %s', (options, path) => {
    // Deliberately ill-typed input: the loader must not trust its static type.
    expect(() => loadMnist(options as never)).toThrow(ScenarioError);
    expect(() => loadMnist(options as never)).toThrow(path);
  });
});
