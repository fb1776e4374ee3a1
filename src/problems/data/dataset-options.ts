import { optional, readBoolean, readInRange, readInteger, readObject } from '../../input/fields.ts';
import { ScenarioError } from '../../input/scenario-error.ts';
import type { DatasetOptions } from './dataset.ts';

/** {@link DatasetOptions} with every default filled in. */
export interface ResolvedDatasetOptions {
  readonly testFraction: number;
  readonly seed: number;
  readonly normalize: boolean;
}

/** Default share of each class held out when a source has no separate test set. */
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * Validates loader options (unknown keys are errors, as in scenarios) and fills in defaults:
 * testFraction 0.2, seed 0, normalize true. `extraKeys` are further keys the caller reads itself.
 */
export function resolveDatasetOptions(value: unknown, path: string, extraKeys: readonly string[] = []): ResolvedDatasetOptions {
  if (value === undefined) return { testFraction: DEFAULT_TEST_FRACTION, seed: 0, normalize: true };
  const raw = readObject(value, path, ['testFraction', 'seed', 'normalize', ...extraKeys]);
  const testFraction = optional(raw.testFraction, `${path}.testFraction`, readTestFraction, DEFAULT_TEST_FRACTION);
  return {
    testFraction,
    seed: optional(raw.seed, `${path}.seed`, (v, p) => readInteger(v, p), 0),
    normalize: optional(raw.normalize, `${path}.normalize`, readBoolean, true),
  };
}

/** A fraction in [0, 1): 1 would leave nothing to train on. */
function readTestFraction(value: unknown, path: string): number {
  const fraction = readInRange(value, path, 0, 1);
  if (fraction === 1) throw new ScenarioError(path, value, 'a number in [0, 1) (1 would leave no training examples)');
  return fraction;
}
