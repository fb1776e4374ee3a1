import type { RandomStream } from '../../random/random-stream.ts';
import type { ProblemSpec } from '../problem-spec.ts';
import { binaryTask } from '../data/binary-task.ts';
import type { Dataset, LabelledData } from '../data/dataset.ts';
import { loadIdx } from '../data/idx.ts';
import { loadMnist } from '../data/mnist.ts';
import { labelHistograms, splitData } from '../data/splits.ts';
import { BinaryLogistic } from './binary-logistic.ts';
import { DataProblem } from './data-problem.ts';
import { cachedDataset } from './dataset-cache.ts';
import { evaluationSet } from './evaluation-set.ts';
import type { Model } from './model.ts';
import { Mlp } from './mlp.ts';
import { MultinomialLogistic } from './multinomial-logistic.ts';

type SupervisedSpec = Extract<ProblemSpec, { kind: 'logistic-regression' | 'mlp' | 'binary-logistic-regression' }>;

/**
 * Builds a problem on labelled data for `workers` workers. Everything random (the held-out
 * split, the workers' parts, the evaluation subset, the MLP's starting point) draws from its own
 * child of `rng`, the run's `problem` stream, so every thread and run builds the same problem.
 */
export function createDataProblem(spec: SupervisedSpec, workers: number, rng: RandomStream): DataProblem {
  const dataSeed = rng.child(0).int(2 ** 31);
  const dataset = loadDataset(spec, dataSeed);
  let train: LabelledData = dataset.train;
  let test: LabelledData = dataset.test;
  let classes = dataset.classes;
  if (spec.kind === 'binary-logistic-regression') {
    const [positive, negative] = spec.classes;
    train = binaryTask(train, positive, negative);
    test = binaryTask(test, positive, negative);
    classes = 2;
  }
  const split = spec.split ?? { kind: 'iid' };
  const parts = split.kind === 'shared' ? 'shared' : splitData(train, classes, workers, split, rng.child(1));
  const everything = [Int32Array.from({ length: train.count }, (_, k) => k)];
  const model = modelOf(spec, train.features, classes);
  const random = rng.child(3);
  return new DataProblem({
    kind: spec.kind,
    model,
    dataset: dataset.name,
    classes,
    train,
    test,
    parts,
    workers,
    batch: spec.batch ?? 32,
    evaluation: evaluationSet(parts === 'shared' ? everything : parts, spec.evaluation?.samples, rng.child(2)),
    labelHistograms: labelHistograms(train, classes, parts === 'shared' ? everything : parts),
    x0: model.initialPoint(() => random.uniform()),
  });
}

function loadDataset(spec: SupervisedSpec, seed: number): Dataset {
  const { data } = spec;
  return cachedDataset(JSON.stringify([data, seed]), () =>
    data.kind === 'mnist'
      ? loadMnist({ testFraction: data.testFraction, seed })
      : loadIdx({ trainImages: data.trainImages, trainLabels: data.trainLabels, testImages: data.testImages, testLabels: data.testLabels }, { testFraction: data.testFraction, seed }),
  );
}

function modelOf(spec: SupervisedSpec, features: number, classes: number): Model {
  switch (spec.kind) {
    case 'logistic-regression':
      return new MultinomialLogistic(features, classes);
    case 'mlp':
      return new Mlp(features, spec.hidden ?? 128, classes);
    case 'binary-logistic-regression':
      return new BinaryLogistic(features, spec.lambda ?? 0.1);
  }
}
