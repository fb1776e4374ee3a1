/**
 * In-memory classification data for the learning problems (logistic regression, MLP). Features
 * are stored row-major in one Float64Array so kernels can walk an example as a contiguous slice.
 */

/** Labelled examples: row-major features (count × features) and one class label each. */
export interface LabelledData {
  readonly count: number;
  readonly features: number;
  /** count × features, row-major: example i is x[i·features .. (i+1)·features). */
  readonly x: Float64Array;
  /** One label per example, in 0..classes-1. */
  readonly y: Uint8Array;
}

/** A classification dataset with a held-out test split. */
export interface Dataset {
  /** For example 'mnist', or the IDX training-image file's base name. */
  readonly name: string;
  readonly classes: number;
  readonly features: number;
  readonly train: LabelledData;
  /** Held out: never used for training or for the normalization statistics. */
  readonly test: LabelledData;
  /** How features were normalized: (v − mean) / std with these train-split statistics. */
  readonly normalization: { readonly mean: number; readonly std: number };
}

/** Options shared by the dataset loaders. */
export interface DatasetOptions {
  /**
   * Fraction of each class held out as the test split when the source has no separate test
   * set, in [0, 1). Default 0.2.
   */
  readonly testFraction?: number;
  /** Root seed of the held-out split (any safe integer). Default 0. */
  readonly seed?: number;
  /** Standardize features with the train split's global mean and std. Default true. */
  readonly normalize?: boolean;
}
