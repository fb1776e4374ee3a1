import { RandomStream } from '../../random/random-stream.ts';
import type { Dataset, LabelledData } from './dataset.ts';
import type { ResolvedDatasetOptions } from './dataset-options.ts';
import { stratifiedHoldOut } from './held-out-split.ts';
import { globalStatistics, IDENTITY_NORMALIZATION, standardize } from './normalization.ts';
import { selectRows } from './select-rows.ts';

/** Name of the random stream (under the loader's seed) that chooses the held-out examples. */
export const HOLD_OUT_STREAM = 'data.hold-out';

/** What a loader has read, before splitting and normalization. Features are raw (e.g. pixels in [0, 1]). */
export interface RawSource {
  readonly name: string;
  readonly classes: number;
  /** The training examples, or all examples when `test` is absent. */
  readonly examples: LabelledData;
  /** A separate test set from the source; when given, nothing is held out of `examples`. */
  readonly test?: LabelledData;
}

/**
 * Builds a {@link Dataset} from what a loader read: holds out a stratified test split when the
 * source has none, then standardizes both splits with the train split's statistics (so no test
 * information leaks into training). Always copies: the source's arrays are never modified or
 * shared, which is what lets loaders keep them in a cache.
 */
export function assembleDataset(source: RawSource, options: ResolvedDatasetOptions): Dataset {
  let train: LabelledData;
  let test: LabelledData;
  if (source.test === undefined) {
    const rng = RandomStream.named(options.seed, HOLD_OUT_STREAM);
    const split = stratifiedHoldOut(source.examples.y, source.classes, options.testFraction, rng);
    train = selectRows(source.examples, split.train);
    test = selectRows(source.examples, split.test);
  } else {
    train = selectRows(source.examples, identityRows(source.examples.count));
    test = selectRows(source.test, identityRows(source.test.count));
  }
  const normalization = options.normalize ? globalStatistics(train.x) : IDENTITY_NORMALIZATION;
  if (options.normalize) {
    standardize(train.x, normalization);
    standardize(test.x, normalization);
  }
  return { name: source.name, classes: source.classes, features: source.examples.features, train, test, normalization };
}

function identityRows(count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}
