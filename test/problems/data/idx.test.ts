import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdx } from '../../../src/problems/data/idx.ts';
import { ScenarioError } from '../../../src/input/scenario-error.ts';
import { idxImageBytes, idxLabelBytes, writeFile } from './idx-files.ts';

/** 12 training images of 2×3 pixels (labels cycle 0, 1, 2) and 3 test images. */
const ROWS = 2;
const COLS = 3;
const TRAIN_PIXELS = Array.from({ length: 12 * 6 }, (_, i) => (i * 37) % 256);
const TRAIN_LABELS = Array.from({ length: 12 }, (_, i) => i % 3);
const TEST_PIXELS = Array.from({ length: 3 * 6 }, (_, i) => 255 - i);
const TEST_LABELS = [2, 0, 1];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'roundtable-idx-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The ScenarioError `run` raises. */
function errorOf(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

function trainFiles(gzip: boolean, suffix = gzip ? '.gz' : '') {
  return {
    trainImages: writeFile(dir, `train-images-idx3-ubyte${suffix}`, idxImageBytes(ROWS, COLS, TRAIN_PIXELS), gzip),
    trainLabels: writeFile(dir, `train-labels-idx1-ubyte${suffix}`, idxLabelBytes(TRAIN_LABELS), gzip),
  };
}

describe('loadIdx', () => {
  it.each([false, true])('reads train and test files back exactly (gzipped: %s)', (gzip) => {
    const suffix = gzip ? '.gz' : '';
    const paths = {
      ...trainFiles(gzip),
      testImages: writeFile(dir, `t10k-images${suffix}`, idxImageBytes(ROWS, COLS, TEST_PIXELS), gzip),
      testLabels: writeFile(dir, `t10k-labels${suffix}`, idxLabelBytes(TEST_LABELS), gzip),
    };
    const data = loadIdx(paths, { normalize: false });
    expect(data.name).toBe('train-images-idx3-ubyte');
    expect(data.classes).toBe(10);
    expect(data.features).toBe(6);
    expect(Array.from(data.train.x)).toEqual(TRAIN_PIXELS.map((p) => p / 255));
    expect(Array.from(data.train.y)).toEqual(TRAIN_LABELS);
    expect(Array.from(data.test.x)).toEqual(TEST_PIXELS.map((p) => p / 255));
    expect(Array.from(data.test.y)).toEqual(TEST_LABELS);
    expect(data.normalization).toEqual({ mean: 0, std: 1 });
  });

  it('detects gzip by its magic bytes, not the extension', () => {
    const paths = {
      trainImages: writeFile(dir, 'zipped-without-extension.idx', idxImageBytes(ROWS, COLS, TRAIN_PIXELS), true),
      trainLabels: writeFile(dir, 'plain-with-extension.gz', idxLabelBytes(TRAIN_LABELS), false),
    };
    const data = loadIdx(paths, { normalize: false, testFraction: 0, name: 'fashion' });
    expect(data.name).toBe('fashion');
    expect(Array.from(data.train.x)).toEqual(TRAIN_PIXELS.map((p) => p / 255));
    expect(Array.from(data.train.y)).toEqual(TRAIN_LABELS);
  });

  it('holds out a stratified, seeded test split and normalizes with train statistics', () => {
    const paths = trainFiles(false);
    const data = loadIdx(paths, { testFraction: 0.25, seed: 4 });
    // 4 examples per class, round(4 · 0.25) = 1 held out of each.
    expect(data.test.count).toBe(3);
    expect(Array.from(data.test.y).sort()).toEqual([0, 1, 2]);
    expect(data.train.count).toBe(9);
    let sum = 0;
    let squares = 0;
    for (const v of data.train.x) sum += v;
    for (const v of data.train.x) squares += v * v;
    const n = data.train.x.length;
    expect(Math.abs(sum / n)).toBeLessThan(1e-12);
    expect(Math.sqrt(squares / n)).toBeCloseTo(1, 12);
    // Same seed, same split; the test examples are normalized with the same statistics.
    const again = loadIdx(paths, { testFraction: 0.25, seed: 4 });
    expect(Array.from(again.test.x)).toEqual(Array.from(data.test.x));
    const { mean, std } = data.normalization;
    const raw = loadIdx(paths, { testFraction: 0.25, seed: 4, normalize: false });
    expect(Array.from(raw.test.x, (v) => (v - mean) / std)).toEqual(Array.from(data.test.x));
  });

  describe('errors name the option and the file', () => {
    function expectFileError(run: () => unknown, field: string, file: string, detail: string): void {
      const error = errorOf(run);
      expect(error.path).toBe(field);
      expect(error.message).toContain(field);
      expect(error.message).toContain(file);
      expect(error.message).toContain(detail);
    }

    it('reports a missing file', () => {
      const { trainLabels } = trainFiles(false);
      const missing = join(dir, 'no-such-images');
      expectFileError(() => loadIdx({ trainImages: missing, trainLabels }), 'paths.trainImages', missing, 'no such file');
    });

    it('reports a bad magic number (labels given as images)', () => {
      const { trainLabels } = trainFiles(false);
      expectFileError(() => loadIdx({ trainImages: trainLabels, trainLabels }), 'paths.trainImages', trainLabels, 'bad magic number 0x00000801');
    });

    it('reports a count mismatch between images and labels', () => {
      const { trainImages } = trainFiles(false);
      const labels = writeFile(dir, 'eleven-labels', idxLabelBytes(TRAIN_LABELS.slice(0, 11)));
      expectFileError(() => loadIdx({ trainImages, trainLabels: labels }), 'paths.trainLabels', labels, '11 labels');
    });

    it('reports a truncated file, plain or gzipped', () => {
      const { trainLabels } = trainFiles(false);
      const bytes = idxImageBytes(ROWS, COLS, TRAIN_PIXELS);
      const cut = writeFile(dir, 'cut-images', bytes.subarray(0, bytes.length - 5));
      expectFileError(() => loadIdx({ trainImages: cut, trainLabels }), 'paths.trainImages', cut, 'truncated');
      const cutZipped = writeFile(dir, 'cut-images-zipped', bytes.subarray(0, bytes.length - 5), true);
      expectFileError(() => loadIdx({ trainImages: cutZipped, trainLabels }), 'paths.trainImages', cutZipped, 'truncated');
      const header = writeFile(dir, 'header-only', bytes.subarray(0, 10));
      expectFileError(() => loadIdx({ trainImages: header, trainLabels }), 'paths.trainImages', header, 'header');
    });

    it('reports bytes after the data and corrupt gzip', () => {
      const { trainLabels } = trainFiles(false);
      const long = writeFile(dir, 'long-images', Buffer.concat([idxImageBytes(ROWS, COLS, TRAIN_PIXELS), Buffer.from([1, 2])]));
      expectFileError(() => loadIdx({ trainImages: long, trainLabels }), 'paths.trainImages', long, '2 unexpected bytes');
      const corrupt = writeFile(dir, 'corrupt.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
      expectFileError(() => loadIdx({ trainImages: corrupt, trainLabels }), 'paths.trainImages', corrupt, 'corrupt gzip');
    });

    it('reports a label out of range', () => {
      const { trainImages } = trainFiles(false);
      const labels = writeFile(dir, 'bad-labels', idxLabelBytes([...TRAIN_LABELS.slice(0, 11), 10]));
      expectFileError(() => loadIdx({ trainImages, trainLabels: labels }), 'paths.trainLabels', labels, 'label 10 at example 11');
      // The same file is fine with more classes.
      expect(loadIdx({ trainImages, trainLabels: labels }, { classes: 11, testFraction: 0 }).classes).toBe(11);
    });

    it('reports test images of another size', () => {
      const paths = trainFiles(false);
      const testImages = writeFile(dir, 'wide-test', idxImageBytes(1, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]));
      const testLabels = writeFile(dir, 'wide-labels', idxLabelBytes([0, 1, 2]));
      expectFileError(() => loadIdx({ ...paths, testImages, testLabels }), 'paths.testImages', testImages, 'images of 3 pixels');
    });

    it('requires the test files as a pair', () => {
      const paths = trainFiles(false);
      const error = errorOf(() => loadIdx({ ...paths, testImages: paths.trainImages }));
      expect(error.path).toBe('paths.testLabels');
    });
  });
});
