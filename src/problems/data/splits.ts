import type { RandomStream } from '../../random/random-stream.ts';
import { readInteger, readObject, readOneOf, readPositive } from '../../input/fields.ts';
import { ScenarioError } from '../../input/scenario-error.ts';
import type { LabelledData } from './dataset.ts';
import { dirichletSplit } from './dirichlet-split.ts';
import { iidSplit } from './iid-split.ts';
import { labelSortedSplit } from './label-sorted-split.ts';

/** How training examples are divided among workers. */
export type SplitSpec =
  /** A seeded shuffle dealt into equal parts (sizes differ by at most 1). */
  | { readonly kind: 'iid' }
  /** Sorted by label, cut into workers·classesPerWorker shards, classesPerWorker shards each (FedAvg's pathological non-IID). */
  | { readonly kind: 'label-sorted'; readonly classesPerWorker: number }
  /** Per-worker class proportions from Dirichlet(α), equal part sizes ⌊count/workers⌋ (Ringleader). */
  | { readonly kind: 'dirichlet'; readonly alpha: number };

export type SplitKind = SplitSpec['kind'];

/** Every split kind, in the order error messages list them. */
export const SPLIT_KINDS = ['iid', 'label-sorted', 'dirichlet'] as const satisfies readonly SplitKind[];

/**
 * Per worker, the indices (into data) of its examples. Seeded: same rng state ⇒ same split.
 * No index appears twice. See {@link iidSplit}, {@link labelSortedSplit} and
 * {@link dirichletSplit} for the exact procedures. Raises a {@link ScenarioError} unless
 * 1 ≤ workers ≤ count, and for label-sorted classesPerWorker ≤ classes and
 * workers·classesPerWorker ≤ count (every shard non-empty).
 */
export function splitData(data: LabelledData, classes: number, workers: number, spec: SplitSpec, rng: RandomStream): Int32Array[] {
  const count = data.count;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > count) {
    throw new ScenarioError('split.workers', workers, `an integer in [1, ${count}] (at most one worker per training example)`);
  }
  switch (spec.kind) {
    case 'iid':
      return iidSplit(count, workers, rng);
    case 'label-sorted': {
      const k = spec.classesPerWorker;
      if (!Number.isSafeInteger(k) || k < 1 || k > classes) {
        throw new ScenarioError('split.classesPerWorker', k, `an integer in [1, ${classes}] (the number of classes)`);
      }
      if (workers * k > count) {
        throw new ScenarioError('split.classesPerWorker', k,
          `at most ${Math.floor(count / workers)}, so that the ${workers} workers × ${k} shards are no more than the ${count} examples`);
      }
      return labelSortedSplit(data.y, classes, workers, k, rng);
    }
    case 'dirichlet':
      if (!(spec.alpha > 0) || !Number.isFinite(spec.alpha)) throw new ScenarioError('split.alpha', spec.alpha, 'a positive finite number');
      return dirichletSplit(data.y, classes, workers, spec.alpha, rng);
  }
}

/** Per worker, the count of each label in its part: histogram[w][c]. */
export function labelHistograms(data: LabelledData, classes: number, parts: readonly Int32Array[]): number[][] {
  return parts.map((part) => {
    const histogram = new Array<number>(classes).fill(0);
    for (let i = 0; i < part.length; i++) histogram[data.y[part[i]]]++;
    return histogram;
  });
}

/**
 * Validates a split written in a scenario, e.g. `{ kind: 'dirichlet', alpha: 0.1 }`. Missing
 * means iid. Unknown keys are errors; classesPerWorker must be an integer ≥ 1 and alpha a
 * positive finite number (limits that depend on the data are checked by {@link splitData}).
 */
export function parseSplitSpec(value: unknown, path: string): SplitSpec {
  if (value === undefined) return { kind: 'iid' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(path, value, `a split object with a kind (${SPLIT_KINDS.join(', ')})`);
  }
  const kind = readOneOf('kind' in value ? value.kind : undefined, `${path}.kind`, SPLIT_KINDS);
  switch (kind) {
    case 'iid':
      readObject(value, path, ['kind']);
      return { kind };
    case 'label-sorted': {
      const raw = readObject(value, path, ['kind', 'classesPerWorker']);
      return { kind, classesPerWorker: readInteger(raw.classesPerWorker, `${path}.classesPerWorker`, 1) };
    }
    case 'dirichlet': {
      const raw = readObject(value, path, ['kind', 'alpha']);
      return { kind, alpha: readPositive(raw.alpha, `${path}.alpha`) };
    }
  }
}
