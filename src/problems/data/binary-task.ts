import { ScenarioError } from '../../input/scenario-error.ts';
import type { LabelledData } from './dataset.ts';
import { selectRows } from './select-rows.ts';

/**
 * A two-class task for binary logistic regression: keeps only the examples labelled `positive`
 * or `negative` (in their original order) and relabels them 1 and 0. The classes must be
 * distinct integers in 0..(largest label in `data`); anything else is a {@link ScenarioError}.
 */
export function binaryTask(data: LabelledData, positive: number, negative: number): LabelledData {
  let largest = 0;
  for (let i = 0; i < data.count; i++) largest = Math.max(largest, data.y[i]);
  const range = `an integer class in 0..${largest} (the labels present in the data)`;
  if (!isClass(positive, largest)) throw new ScenarioError('binaryTask.positive', positive, range);
  if (!isClass(negative, largest)) throw new ScenarioError('binaryTask.negative', negative, range);
  if (positive === negative) throw new ScenarioError('binaryTask.negative', negative, `a class different from positive (${positive})`);

  const rows: number[] = [];
  for (let i = 0; i < data.count; i++) {
    if (data.y[i] === positive || data.y[i] === negative) rows.push(i);
  }
  const task = selectRows(data, rows);
  for (let i = 0; i < task.count; i++) task.y[i] = task.y[i] === positive ? 1 : 0;
  return task;
}

function isClass(value: number, largest: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= largest;
}
