import { describe, expect, it } from 'vitest';
import { binaryTask } from '../../../src/problems/data/binary-task.ts';
import type { LabelledData } from '../../../src/problems/data/dataset.ts';
import { ScenarioError } from '../../../src/input/scenario-error.ts';

/** Five examples of two features; example i has features (i, 10·i). */
const DATA: LabelledData = {
  count: 5,
  features: 2,
  x: Float64Array.from([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]),
  y: Uint8Array.from([3, 1, 7, 1, 3]),
};

describe('binaryTask', () => {
  it('keeps the two classes in order, labelling positive 1 and negative 0', () => {
    const task = binaryTask(DATA, 1, 3);
    expect(task.count).toBe(4);
    expect(task.features).toBe(2);
    expect(Array.from(task.y)).toEqual([0, 1, 1, 0]);
    expect(Array.from(task.x)).toEqual([0, 0, 1, 10, 3, 30, 4, 40]);
  });

  it('copies, leaving the source untouched', () => {
    const task = binaryTask(DATA, 7, 3);
    task.x.fill(-1);
    expect(DATA.x[4]).toBe(2);
    expect(Array.from(DATA.y)).toEqual([3, 1, 7, 1, 3]);
  });

  it.each([
    [8, 1, 'binaryTask.positive'],
    [-1, 1, 'binaryTask.positive'],
    [1.5, 1, 'binaryTask.positive'],
    [1, 9, 'binaryTask.negative'],
    [3, 3, 'binaryTask.negative'],
  ])('rejects positive %s and negative %s, naming %s', (positive, negative, path) => {
    expect(() => binaryTask(DATA, positive, negative)).toThrow(ScenarioError);
    expect(() => binaryTask(DATA, positive, negative)).toThrow(path);
  });
});
