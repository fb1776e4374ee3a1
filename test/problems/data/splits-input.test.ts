import { describe, expect, it } from 'vitest';
import { parseSplitSpec, splitData, type SplitSpec } from '../../../src/problems/data/splits.ts';
import { RandomStream } from '../../../src/random/random-stream.ts';
import { ScenarioError } from '../../../src/input/scenario-error.ts';
import { labelsOnly } from './data-arbitraries.ts';

/** The ScenarioError `run` raises. */
function errorOf(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseSplitSpec', () => {
  it('defaults to iid when the field is missing', () => {
    expect(parseSplitSpec(undefined, 'scenario.problem.split')).toEqual({ kind: 'iid' });
  });

  it('accepts every kind with valid parameters', () => {
    expect(parseSplitSpec({ kind: 'iid' }, 'split')).toEqual({ kind: 'iid' });
    expect(parseSplitSpec({ kind: 'label-sorted', classesPerWorker: 2 }, 'split')).toEqual({ kind: 'label-sorted', classesPerWorker: 2 });
    expect(parseSplitSpec({ kind: 'dirichlet', alpha: 0.1 }, 'split')).toEqual({ kind: 'dirichlet', alpha: 0.1 });
  });

  it.each([
    ['a string', 'iid', 'scenario.problem.split'],
    ['an unknown kind', { kind: 'sorted' }, 'scenario.problem.split.kind'],
    ['a zero classesPerWorker', { kind: 'label-sorted', classesPerWorker: 0 }, 'scenario.problem.split.classesPerWorker'],
    ['a fractional classesPerWorker', { kind: 'label-sorted', classesPerWorker: 1.5 }, 'scenario.problem.split.classesPerWorker'],
    ['a missing classesPerWorker', { kind: 'label-sorted' }, 'scenario.problem.split.classesPerWorker'],
    ['a zero alpha', { kind: 'dirichlet', alpha: 0 }, 'scenario.problem.split.alpha'],
    ['a negative alpha', { kind: 'dirichlet', alpha: -1 }, 'scenario.problem.split.alpha'],
    ['an infinite alpha', { kind: 'dirichlet', alpha: Infinity }, 'scenario.problem.split.alpha'],
    ['a NaN alpha', { kind: 'dirichlet', alpha: Number.NaN }, 'scenario.problem.split.alpha'],
    ['an unknown key', { kind: 'iid', alpha: 1 }, 'scenario.problem.split.alpha'],
  ])('rejects %s, naming the field', (_, value, path) => {
    const error = errorOf(() => parseSplitSpec(value, 'scenario.problem.split'));
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });
});

describe('splitData input checks', () => {
  const data = labelsOnly([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
  const rng = () => RandomStream.named(1, 'split');

  it.each<[string, number, SplitSpec, string, string]>([
    ['no workers', 0, { kind: 'iid' }, 'split.workers', 'got 0'],
    ['more workers than examples', 11, { kind: 'iid' }, 'split.workers', 'got 11'],
    ['more classes per worker than classes', 2, { kind: 'label-sorted', classesPerWorker: 4 }, 'split.classesPerWorker', 'in [1, 3]'],
    ['more shards than examples', 4, { kind: 'label-sorted', classesPerWorker: 3 }, 'split.classesPerWorker', 'at most 2'],
    ['a non-positive alpha', 2, { kind: 'dirichlet', alpha: 0 }, 'split.alpha', 'got 0'],
  ])('rejects %s', (_, workers, spec, path, detail) => {
    const error = errorOf(() => splitData(data, 3, workers, spec, rng()));
    expect(error.path).toBe(path);
    expect(error.message).toContain(detail);
  });

  it('allows one worker per example', () => {
    expect(splitData(data, 3, 10, { kind: 'iid' }, rng()).every((part) => part.length === 1)).toBe(true);
  });
});
