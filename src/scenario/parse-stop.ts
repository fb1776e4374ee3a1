import { optional, readInteger, readNonNegative, readObject, readPositive, readBoolean } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { RecordSpec, StopSpec } from './scenario-types.ts';

const DEFAULT_EVENT_CAP = 50_000_000;

/** Validates `scenario.stop`: targets, budgets (at least one, so every run is bounded) and caps. */
export function parseStop(value: unknown, path: string): StopSpec {
  const raw = readObject(value, path, ['gradNormSq', 'lossGap', 'time', 'iterations', 'gradients', 'checkEvery', 'events']);
  const stop: StopSpec = {
    gradNormSq: optional(raw.gradNormSq, `${path}.gradNormSq`, readNonNegative, undefined),
    lossGap: optional(raw.lossGap, `${path}.lossGap`, readNonNegative, undefined),
    time: optional(raw.time, `${path}.time`, readPositive, Infinity),
    iterations: optional(raw.iterations, `${path}.iterations`, (v, p) => readInteger(v, p, 1), Infinity),
    gradients: optional(raw.gradients, `${path}.gradients`, (v, p) => readInteger(v, p, 1), Infinity),
    checkEvery: optional(raw.checkEvery, `${path}.checkEvery`, (v, p) => readInteger(v, p, 1), 1),
    events: optional(raw.events, `${path}.events`, (v, p) => readInteger(v, p, 1), DEFAULT_EVENT_CAP),
  };
  if (stop.time === Infinity && stop.iterations === Infinity && stop.gradients === Infinity) {
    throw new ScenarioError(path, value, 'an object with at least one budget (time, iterations or gradients) so the run is bounded');
  }
  return stop;
}

/** Validates `scenario.record`. */
export function parseRecord(value: unknown, path: string, stop: StopSpec): RecordSpec {
  const raw = value === undefined ? {} : readObject(value, path, ['every', 'trace']);
  // A budget so small that a 200th of it underflows (5e-324) gets no time grid.
  const grid = stop.time / 200;
  const fallbackEvery = Number.isFinite(stop.time) && grid > 0 ? grid : undefined;
  return {
    every: optional(raw.every, `${path}.every`, readPositive, fallbackEvery),
    trace: optional(raw.trace, `${path}.trace`, readBoolean, false),
  };
}
