import { basename } from 'node:path';
import { optional, readInteger, readObject, readString } from '../../input/fields.ts';
import { ScenarioError } from '../../input/scenario-error.ts';
import { assembleDataset } from './assemble-dataset.ts';
import type { Dataset, DatasetOptions, LabelledData } from './dataset.ts';
import { resolveDatasetOptions } from './dataset-options.ts';
import { idxError, readIdxImages, readIdxLabels } from './idx-file.ts';

/** Where the IDX files are. Test files come as a pair or not at all. */
export interface IdxPaths {
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages?: string;
  readonly testLabels?: string;
}

export interface IdxOptions extends DatasetOptions {
  /** Dataset name. Default: the training-image file's base name without `.gz`. */
  readonly name?: string;
  /** Number of classes; every label must be below it. Default 10 (MNIST, Fashion-MNIST). */
  readonly classes?: number;
}

/** Both MNIST and Fashion-MNIST have ten classes. */
const DEFAULT_IDX_CLASSES = 10;

/**
 * Loads an MNIST-style dataset from local IDX files (images magic 0x00000803, labels 0x00000801,
 * plain or gzipped, detected by the gzip magic bytes). Never downloads anything. Pixels are
 * scaled to [0, 1] (v/255), then standardized with the train split's statistics unless
 * `normalize` is false. With test files, they are the test split and `testFraction` is unused;
 * without, `testFraction` (default 0.2) of each class of the training files is held out by a
 * seeded stratified shuffle, exactly as in {@link loadMnist}.
 *
 * Errors are {@link ScenarioError}s naming the option and the file: missing file, bad magic,
 * truncated file, image/label count mismatch, a label ≥ classes, test images of another size.
 */
export function loadIdx(paths: IdxPaths, options: IdxOptions = {}): Dataset {
  readObject(paths, 'paths', ['trainImages', 'trainLabels', 'testImages', 'testLabels']);
  const trainImages = readString(paths.trainImages, 'paths.trainImages');
  const trainLabels = readString(paths.trainLabels, 'paths.trainLabels');
  const testImages = optional(paths.testImages, 'paths.testImages', readString, undefined);
  const testLabels = optional(paths.testLabels, 'paths.testLabels', readString, undefined);
  if ((testImages === undefined) !== (testLabels === undefined)) {
    const missing = testImages === undefined ? 'paths.testImages' : 'paths.testLabels';
    throw new ScenarioError(missing, undefined, 'given together with the other test file (or leave both out to hold out testFraction)');
  }

  const resolved = resolveDatasetOptions(options, 'options', ['name', 'classes']);
  const classes = optional(options.classes, 'options.classes', (v, p) => readInteger(v, p, 2, 256), DEFAULT_IDX_CLASSES);
  const name = optional(options.name, 'options.name', readString, basename(trainImages).replace(/\.gz$/i, ''));

  const examples = readLabelledPair(trainImages, 'paths.trainImages', trainLabels, 'paths.trainLabels', classes);
  let test: LabelledData | undefined;
  if (testImages !== undefined && testLabels !== undefined) {
    test = readLabelledPair(testImages, 'paths.testImages', testLabels, 'paths.testLabels', classes);
    if (test.features !== examples.features) {
      throw idxError('paths.testImages', testImages, `images of ${examples.features} pixels like ${trainImages}`,
        `images of ${test.features} pixels`);
    }
  }
  return assembleDataset({ name, classes, examples, ...(test === undefined ? {} : { test }) }, resolved);
}

/** One images file and its labels file as labelled data, pixels scaled to [0, 1]. */
function readLabelledPair(imagesPath: string, imagesField: string, labelsPath: string, labelsField: string, classes: number): LabelledData {
  const images = readIdxImages(imagesPath, imagesField);
  const labels = readIdxLabels(labelsPath, labelsField);
  if (labels.length !== images.count) {
    throw idxError(labelsField, labelsPath, `${images.count} labels, one per image in ${imagesPath}`, `${labels.length} labels`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes) {
      throw idxError(labelsField, labelsPath, `labels in 0..${classes - 1}`, `label ${labels[i]} at example ${i} is out of range`);
    }
  }
  const x = new Float64Array(images.pixels.length);
  for (let i = 0; i < x.length; i++) x[i] = images.pixels[i] / 255;
  // Copy the labels: the IDX bytes may be a view into a larger file buffer.
  return { count: images.count, features: images.rows * images.cols, x, y: labels.slice() };
}
