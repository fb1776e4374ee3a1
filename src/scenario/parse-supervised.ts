import { resolve } from 'node:path';
import { dataShape } from '../problems/data/data-shape.ts';
import { parseSplitSpec } from '../problems/data/splits.ts';
import { optional, readInRange, readInteger, readObject, readOneOf, readString, type Raw } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { DataInput, ProblemSpec, SplitInput } from './scenario-types.ts';

export const SUPERVISED_KINDS = ['logistic-regression', 'mlp', 'binary-logistic-regression'] as const;
export type SupervisedKind = (typeof SUPERVISED_KINDS)[number];

const SHARED_KEYS = ['kind', 'data', 'split', 'batch', 'evaluation'];

/** Validates a problem on labelled data (`kind` already checked), defaults filled, file paths made absolute. */
export function parseSupervised(kind: SupervisedKind, value: unknown, path: string, baseDir: string | undefined): ProblemSpec {
  const extra = kind === 'mlp' ? ['hidden'] : kind === 'binary-logistic-regression' ? ['classes', 'lambda'] : [];
  const raw = readObject(value, path, [...SHARED_KEYS, ...extra]);
  if (raw.data === undefined) throw new ScenarioError(`${path}.data`, undefined, "a dataset, e.g. { kind: 'mnist' }");
  const data = parseData(raw.data, `${path}.data`, baseDir);
  const shape = dataShape(data, `${path}.data`);
  const common = {
    data,
    split: parseSplit(raw.split, `${path}.split`),
    batch: optional(raw.batch, `${path}.batch`, (v, p) => readInteger(v, p, 1, 100_000), 32),
    evaluation: parseEvaluation(raw.evaluation, `${path}.evaluation`),
  };
  const spec = ((): Extract<ProblemSpec, { kind: SupervisedKind }> => {
    switch (kind) {
      case 'logistic-regression':
        return { kind, ...common };
      case 'mlp':
        return { kind, ...common, hidden: optional(raw.hidden, `${path}.hidden`, (v, p) => readInteger(v, p, 1, 100_000), 128) };
      case 'binary-logistic-regression':
        return {
          kind,
          ...common,
          classes: readClassPair(raw.classes, `${path}.classes`, shape.classes),
          lambda: optional(raw.lambda, `${path}.lambda`, (v, p) => readInRange(v, p, 0, 1e6), 0.1),
        };
    }
  })();
  return { ...spec, d: supervisedDimension(spec, shape) };
}

function parseData(value: unknown, path: string, baseDir: string | undefined): DataInput {
  const kind = readOneOf(readObject(value, path, ['kind', 'testFraction', 'trainImages', 'trainLabels', 'testImages', 'testLabels']).kind, `${path}.kind`, ['mnist', 'idx'] as const);
  const readFraction = (raw: Raw) =>
    optional(
      raw.testFraction,
      `${path}.testFraction`,
      (v, p) => {
        const fraction = readInRange(v, p, 0, 1);
        if (fraction === 1) throw new ScenarioError(p, v, 'a fraction in [0, 1) (some examples must remain for training)');
        return fraction;
      },
      0.2,
    );
  if (kind === 'mnist') {
    const raw = readObject(value, path, ['kind', 'testFraction']);
    return { kind, testFraction: readFraction(raw) };
  }
  const raw = readObject(value, path, ['kind', 'trainImages', 'trainLabels', 'testImages', 'testLabels', 'testFraction']);
  const file = (key: string, required: boolean): string | undefined => {
    if (raw[key] === undefined) {
      if (required) throw new ScenarioError(`${path}.${key}`, undefined, 'the path of an IDX file');
      return undefined;
    }
    return resolve(baseDir ?? process.cwd(), readString(raw[key], `${path}.${key}`));
  };
  const testImages = file('testImages', false);
  const testLabels = file('testLabels', false);
  if ((testImages === undefined) !== (testLabels === undefined)) {
    throw new ScenarioError(`${path}.${testImages === undefined ? 'testImages' : 'testLabels'}`, undefined, 'given together with the other test file');
  }
  return {
    kind,
    trainImages: file('trainImages', true)!,
    trainLabels: file('trainLabels', true)!,
    ...(testImages === undefined ? {} : { testImages, testLabels }),
    testFraction: readFraction(raw),
  };
}

function parseSplit(value: unknown, path: string): SplitInput {
  if (value !== undefined && typeof value === 'object' && value !== null && (value as Raw).kind === 'shared') {
    readObject(value, path, ['kind']);
    return { kind: 'shared' };
  }
  return parseSplitSpec(value, path);
}

function parseEvaluation(value: unknown, path: string): { samples?: number } {
  if (value === undefined) return {};
  const raw = readObject(value, path, ['samples']);
  return raw.samples === undefined ? {} : { samples: readInteger(raw.samples, `${path}.samples`, 1, 100_000_000) };
}

function readClassPair(value: unknown, path: string, classes: number): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw new ScenarioError(path, value, 'two labels [positive, negative], e.g. [1, 7]');
  const [positive, negative] = value.map((v, i) => readInteger(v, `${path}[${i}]`, 0, classes - 1));
  if (positive === negative) throw new ScenarioError(path, value, 'two different labels');
  return [positive, negative];
}

/** d of a model on data of the given shape. */
export function supervisedDimension(spec: Extract<ProblemSpec, { kind: SupervisedKind }>, shape: { features: number; classes: number }): number {
  const { features, classes } = shape;
  switch (spec.kind) {
    case 'logistic-regression':
      return (features + 1) * classes;
    case 'mlp': {
      const hidden = spec.hidden ?? 128;
      return hidden * features + hidden + classes * hidden + classes;
    }
    case 'binary-logistic-regression':
      return features;
  }
}
