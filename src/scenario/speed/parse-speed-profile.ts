import type { RandomStream } from '../../random/random-stream.ts';
import { optional, readArray, readBoolean, readNonNegative, readNumber, readObject, readOneOf, readPositive, readString } from '../../input/fields.ts';
import type { Raw } from '../../input/fields.ts';
import { ScenarioError } from '../../input/scenario-error.ts';
import { buildSpeedProfile } from './build-speed-profile.ts';
import type { SpeedProfileSpec } from './build-speed-profile.ts';
import { parseTraceCsv, parseTracePoints } from './parse-speed-trace.ts';
import type { TraceBreakpoints } from './parse-speed-trace.ts';
import type { SpeedProfile } from './speed-profile.ts';

/** What {@link parseSpeedProfile} needs besides the value. */
export interface SpeedParseOptions {
  /**
   * The stream random profiles draw from, lazily and for as long as the profile lives: pass one
   * dedicated to this profile (e.g. the worker's `speed` stream). Factor i of a product gets
   * `rng.child(i)`.
   */
  readonly rng: RandomStream;
  /** Reads a trace file named in the scenario (resolved by the caller) as text. */
  readonly readCsv: (file: string) => string;
}

const KINDS = ['constant', 'trace', 'square', 'sine', 'random-walk', 'markov', 'product'] as const;

/**
 * Validates a speed profile written in a scenario and builds it. Shapes (times in seconds, speeds
 * relative to nominal, unknown keys are errors):
 * `{ kind: 'constant', value }`,
 * `{ kind: 'trace', points: [[t, v], ...] | file: 'speeds.csv', repeat?: period }`,
 * `{ kind: 'square', period, low, high, duty?: 0.5, phase?: 0 }`,
 * `{ kind: 'sine', period, mean, amplitude, phase?: 0 }` (amplitude ≤ mean),
 * `{ kind: 'random-walk', interval, sigma, min, max, start?: 1 }`,
 * `{ kind: 'markov', meanUp, meanDown, up?: 1, down?: 0, startUp?: true }`,
 * `{ kind: 'product', factors: [...] }`.
 */
export function parseSpeedProfile(value: unknown, path: string, options: SpeedParseOptions): SpeedProfile {
  return buildSpeedProfile(readSpeedProfileSpec(value, path, options.readCsv), options.rng);
}

/**
 * The validation half of {@link parseSpeedProfile}: checks `value` (see there for the shapes)
 * and returns it as plain data with defaults filled in and CSV files inlined as points.
 */
export function readSpeedProfileSpec(value: unknown, path: string, readCsv: (file: string) => string): SpeedProfileSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(path, value, `a speed profile object with a kind (${KINDS.join(', ')})`);
  }
  const kind = readOneOf('kind' in value ? value.kind : undefined, `${path}.kind`, KINDS);
  switch (kind) {
    case 'constant': {
      const raw = readObject(value, path, ['kind', 'value']);
      return { kind, value: readNonNegative(raw.value, `${path}.value`) };
    }
    case 'trace':
      return readTrace(readObject(value, path, ['kind', 'points', 'file', 'repeat']), path, readCsv);
    case 'square': {
      const raw = readObject(value, path, ['kind', 'period', 'low', 'high', 'duty', 'phase']);
      return {
        kind,
        period: readPositive(raw.period, `${path}.period`),
        low: readNonNegative(raw.low, `${path}.low`),
        high: readNonNegative(raw.high, `${path}.high`),
        duty: optional(raw.duty, `${path}.duty`, (v, p) => readBetween(v, p, 0, 1, '[0, 1]'), 0.5),
        phase: optional(raw.phase, `${path}.phase`, readNumber, 0),
      };
    }
    case 'sine': {
      const raw = readObject(value, path, ['kind', 'period', 'mean', 'amplitude', 'phase']);
      const period = readPositive(raw.period, `${path}.period`);
      const mean = readPositive(raw.mean, `${path}.mean`);
      const amplitude = readBetween(raw.amplitude, `${path}.amplitude`, 0, mean, `[0, mean] = [0, ${mean}] so the speed stays ≥ 0`);
      return { kind, period, mean, amplitude, phase: optional(raw.phase, `${path}.phase`, readNumber, 0) };
    }
    case 'random-walk': {
      const raw = readObject(value, path, ['kind', 'interval', 'sigma', 'min', 'max', 'start']);
      const interval = readPositive(raw.interval, `${path}.interval`);
      const sigma = readNonNegative(raw.sigma, `${path}.sigma`);
      const min = readNonNegative(raw.min, `${path}.min`);
      const max = readPositive(raw.max, `${path}.max`);
      if (max < min) throw new ScenarioError(`${path}.max`, max, `a number ≥ min (${min})`);
      const range = `[min, max] = [${min}, ${max}]`;
      if (raw.start === undefined && !(min <= 1 && 1 <= max)) {
        throw new ScenarioError(`${path}.start`, undefined, `a number in ${range} (the default 1 is outside it)`);
      }
      const start = optional(raw.start, `${path}.start`, (v, p) => readBetween(v, p, min, max, range), 1);
      return { kind, interval, sigma, min, max, start };
    }
    case 'markov': {
      const raw = readObject(value, path, ['kind', 'meanUp', 'meanDown', 'up', 'down', 'startUp']);
      return {
        kind,
        meanUp: readPositive(raw.meanUp, `${path}.meanUp`),
        meanDown: readPositive(raw.meanDown, `${path}.meanDown`),
        up: optional(raw.up, `${path}.up`, readNonNegative, 1),
        down: optional(raw.down, `${path}.down`, readNonNegative, 0),
        startUp: optional(raw.startUp, `${path}.startUp`, readBoolean, true),
      };
    }
    case 'product': {
      const raw = readObject(value, path, ['kind', 'factors']);
      const list = readArray(raw.factors, `${path}.factors`, 'a non-empty array of speed profiles');
      if (list.length === 0) throw new ScenarioError(`${path}.factors`, raw.factors, 'a non-empty array of speed profiles');
      return { kind, factors: list.map((factor, i) => readSpeedProfileSpec(factor, `${path}.factors[${i}]`, readCsv)) };
    }
  }
}

/** A number in [min, max], described as `range` in the error. */
function readBetween(value: unknown, path: string, min: number, max: number, range: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ScenarioError(path, value, `a number in ${range}`);
  }
  return value;
}

function readTrace(raw: Raw, path: string, readCsv: (file: string) => string): SpeedProfileSpec {
  if (raw.points !== undefined && raw.file !== undefined) {
    throw new ScenarioError(path, raw, 'a trace with either points or file, not both');
  }
  let trace: TraceBreakpoints;
  if (raw.file !== undefined) {
    const filePath = `${path}.file`;
    const file = readString(raw.file, filePath);
    let text: string;
    try {
      text = readCsv(file);
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ScenarioError(filePath, file, 'a readable CSV file', `${filePath} names a file that cannot be read (${JSON.stringify(file)}): ${reason}`);
    }
    trace = parseTraceCsv(text, filePath, file);
  } else if (raw.points !== undefined) {
    trace = parseTracePoints(raw.points, `${path}.points`);
  } else {
    throw new ScenarioError(`${path}.points`, undefined, 'a list of [time, speed] points (or give file)');
  }
  const points = trace.times.map((t, i): [number, number] => [t, trace.speeds[i]]);
  if (raw.repeat === undefined) return { kind: 'trace', points };
  const repeat = readPositive(raw.repeat, `${path}.repeat`);
  const last = trace.times[trace.times.length - 1];
  if (!(repeat > last)) throw new ScenarioError(`${path}.repeat`, repeat, `a period longer than the trace's last time (${last})`);
  return { kind: 'trace', points, repeat };
}
