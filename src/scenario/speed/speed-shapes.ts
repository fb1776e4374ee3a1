import { readArray, readPositive, readString } from '../../input/fields.ts';
import { ScenarioError } from '../../input/scenario-error.ts';
import { fields, shape, shapeUnion, type FieldMap, type InputOf, type Shape, type ShapeUnion, type SpecOf } from '../../input/shape.ts';
import { parseTraceCsv, parseTracePoints, type TraceBreakpoints } from './parse-speed-trace.ts';

/**
 * The speed profiles a scenario may give a worker (`compute.speed`), declared once: their
 * parser, their types and their documentation (docs/scenario.md) follow from these shapes.
 * Speeds are relative to nominal (1 = the worker's 1/τ), times in virtual seconds.
 */

/** What reading a profile needs: a reader of the CSV files a trace may name. */
export interface SpeedReadContext {
  readonly readCsv: (file: string) => string;
}

const constant = shape('constant', 'the same speed at every moment', {
  value: fields.nonNegative('the speed, relative to nominal'),
});

const traceFields = {
  points: fields.custom<[number, number][] | undefined>('[time, speed] pairs, times increasing from 0', (value, path) => (value === undefined ? undefined : toPoints(parseTracePoints(value, path)))).or(undefined, 'none (give file)'),
  file: fields.custom<string | undefined>('a CSV file with a `time,speed` header (inlined as points when the scenario is validated)', (value, path) => readString(value, path)).or(undefined, 'none (give points)'),
  repeat: fields.custom<number | undefined>('a period in seconds after which the trace starts again', readPositive).or(undefined, 'none (the last speed lasts)'),
};
type TraceFields = SpecOf<typeof traceFields>;

const trace = shape(
  'trace',
  'piecewise constant from [time, speed] points starting at 0 (or a CSV file with a time,speed header, relative to the scenario file); `repeat` makes it periodic',
  traceFields,
  { check: (spec, path, raw, context): TraceFields => readTrace(spec, path, raw, context as SpeedReadContext) },
);

const square = shape('square', 'a square wave between `low` and `high`', {
  period: fields.positive('seconds per cycle'),
  low: fields.nonNegative('the speed in the low part'),
  high: fields.nonNegative('the speed in the high part'),
  duty: fields.between('the fraction of each cycle at `high`', 0, 1).or(0.5),
  phase: fields.number('seconds the wave is shifted by').or(0),
});

const sine = shape(
  'sine',
  '`mean` + `amplitude`·sin(2π(t/`period`) + `phase`)',
  {
    period: fields.positive('seconds per cycle'),
    mean: fields.positive('the mean speed'),
    amplitude: fields.nonNegative('the amplitude, at most `mean` so the speed stays ≥ 0'),
    phase: fields.number('radians').or(0),
  },
  {
    check: (spec, path) => {
      if (spec.amplitude > spec.mean) throw new ScenarioError(`${path}.amplitude`, spec.amplitude, `a number in [0, mean] = [0, ${spec.mean}] so the speed stays ≥ 0`);
    },
  },
);

const randomWalk = shape(
  'random-walk',
  'seeded: every `interval` seconds the speed is multiplied by exp(σ·N(0, 1)), kept in [`min`, `max`]',
  {
    interval: fields.positive('seconds between changes'),
    sigma: fields.nonNegative('σ of the log-speed change'),
    min: fields.nonNegative('the lowest speed'),
    max: fields.positive('the highest speed (≥ min)'),
    start: fields.nonNegative('the speed at t = 0, in [min, max]').or(1),
  },
  {
    check: (spec, path, raw) => {
      const { min, max } = spec;
      if (max < min) throw new ScenarioError(`${path}.max`, max, `a number ≥ min (${min})`);
      const range = `[min, max] = [${min}, ${max}]`;
      if (raw.start === undefined && !(min <= 1 && 1 <= max)) throw new ScenarioError(`${path}.start`, undefined, `a number in ${range} (the default 1 is outside it)`);
      if (spec.start < min || spec.start > max) throw new ScenarioError(`${path}.start`, spec.start, `a number in ${range}`);
    },
  },
);

const markov = shape('markov', 'seeded on/off availability: up and down periods of exponential lengths', {
  meanUp: fields.positive('mean seconds of an up period'),
  meanDown: fields.positive('mean seconds of a down period'),
  up: fields.nonNegative('the speed while up').or(1),
  down: fields.nonNegative('the speed while down').or(0),
  startUp: fields.boolean('whether the worker starts up').or(true),
});

const product = shape('product', 'the product of `factors` (any of these profiles)', {
  factors: fields.custom<SpeedProfileSpec[]>('a non-empty list of speed profiles', (value, path, context): SpeedProfileSpec[] => {
    const list = readArray(value, path, 'a non-empty array of speed profiles');
    if (list.length === 0) throw new ScenarioError(path, value, 'a non-empty array of speed profiles');
    return list.map((factor, i) => readProfile(factor, `${path}[${i}]`, context));
  }),
});

/** A nested profile (a product's factor): declared through the union below. */
function readProfile(value: unknown, path: string, context: unknown): SpeedProfileSpec {
  return SPEED_PROFILES.parse(value, path, context) as SpeedProfileSpec;
}

/** Every speed profile kind, in the order the docs list them. */
export const SPEED_PROFILES: ShapeUnion<Shape<string, FieldMap>> = shapeUnion<Shape<string, FieldMap>>('a speed profile', [constant, trace, square, sine, randomWalk, markov, product]);

/**
 * A validated speed profile: defaults filled in and CSV traces inlined as points, so it is
 * plain data that can be stored, hashed or shipped to a thread and built there.
 */
export type SpeedProfileSpec =
  | ({ kind: 'constant' } & SpecOf<typeof constant.fields>)
  | { kind: 'trace'; points: [number, number][]; repeat?: number }
  | ({ kind: 'square' } & SpecOf<typeof square.fields>)
  | ({ kind: 'sine' } & SpecOf<typeof sine.fields>)
  | ({ kind: 'random-walk' } & SpecOf<typeof randomWalk.fields>)
  | ({ kind: 'markov' } & SpecOf<typeof markov.fields>)
  | { kind: 'product'; factors: SpeedProfileSpec[] };

/** A speed profile as users write it. */
export type SpeedProfileInput =
  | ({ kind: 'constant' } & InputOf<typeof constant.fields>)
  /** Piecewise constant from [time, speed] points starting at 0; `repeat` makes it periodic. */
  | { kind: 'trace'; points: [number, number][]; repeat?: number }
  /** The same from a CSV file with a `time,speed` header, relative to the scenario file. */
  | { kind: 'trace'; file: string; repeat?: number }
  | ({ kind: 'square' } & InputOf<typeof square.fields>)
  | ({ kind: 'sine' } & InputOf<typeof sine.fields>)
  | ({ kind: 'random-walk' } & InputOf<typeof randomWalk.fields>)
  | ({ kind: 'markov' } & InputOf<typeof markov.fields>)
  | { kind: 'product'; factors: SpeedProfileInput[] };

function toPoints(trace: TraceBreakpoints): [number, number][] {
  return trace.times.map((t, i): [number, number] => [t, trace.speeds[i]]);
}

/** A trace gives `points` or a `file` (read now and inlined), and a `repeat` longer than it. */
function readTrace(spec: TraceFields, path: string, raw: Record<string, unknown>, context: SpeedReadContext): TraceFields {
  if (raw.points !== undefined && raw.file !== undefined) throw new ScenarioError(path, raw, 'a trace with either points or file, not both');
  let points = spec.points;
  if (spec.file !== undefined) {
    const filePath = `${path}.file`;
    let text: string;
    try {
      text = context.readCsv(spec.file);
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ScenarioError(filePath, spec.file, 'a readable CSV file', `${filePath} names a file that cannot be read (${JSON.stringify(spec.file)}): ${reason}`);
    }
    points = toPoints(parseTraceCsv(text, filePath, spec.file));
  } else if (points === undefined) {
    throw new ScenarioError(`${path}.points`, undefined, 'a list of [time, speed] points (or give file)');
  }
  const last = points[points.length - 1][0];
  if (spec.repeat !== undefined && !(spec.repeat > last)) throw new ScenarioError(`${path}.repeat`, spec.repeat, `a period longer than the trace's last time (${last})`);
  // Validated: the file is inlined as points (and `file` dropped), so the spec is plain data.
  return (spec.repeat === undefined ? { kind: 'trace', points } : { kind: 'trace', points, repeat: spec.repeat }) as unknown as TraceFields;
}

/**
 * Validates a speed profile written in a scenario and returns it as plain data (defaults filled
 * in, CSV files inlined as points). Errors name the field, the value and what was expected.
 */
export function readSpeedProfileSpec(value: unknown, path: string, readCsv: (file: string) => string): SpeedProfileSpec {
  const context: SpeedReadContext = { readCsv };
  return SPEED_PROFILES.parse(value, path, context) as SpeedProfileSpec;
}
