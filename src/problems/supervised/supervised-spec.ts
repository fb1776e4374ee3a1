import type { DataInput, SplitInput } from '../data/data-spec.ts';

export type { DataInput, SplitInput } from '../data/data-spec.ts';

/** What models on labelled data share. */
export interface SupervisedInput {
  data: DataInput;
  /** How the training examples are divided among workers. Default `iid`. */
  split?: SplitInput;
  /** Examples per stochastic gradient. Default 32. */
  batch?: number;
  /** f and ∇f at checkpoints on `samples` training examples (a seeded subset; default all). */
  evaluation?: { samples?: number };
  /** Filled in by validation (not an input): d of the model on this data. */
  readonly d?: number;
}
