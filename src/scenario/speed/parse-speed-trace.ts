import { readArray, readNonNegative } from '../../input/fields.ts';
import { ScenarioError } from '../../input/scenario-error.ts';

/** Breakpoints of a speed trace: `speeds[k]` holds from `times[k]` (seconds). */
export interface TraceBreakpoints {
  readonly times: number[];
  readonly speeds: number[];
}

/**
 * Checks one trace point: times start at 0 and strictly increase. `where` names the point
 * (`….points[3][0]` or `….file line 4`) in the error.
 */
function checkTime(time: number, previous: number | undefined, where: string, shown: unknown): void {
  if (previous === undefined && time !== 0) throw new ScenarioError(where, shown, 'time 0 (a trace starts at t = 0)');
  if (previous !== undefined && !(time > previous)) {
    throw new ScenarioError(where, shown, `a time greater than the previous point's (${previous})`);
  }
}

/** `points: [[t, v], ...]` with t_0 = 0, strictly increasing times and speeds ≥ 0. */
export function parseTracePoints(value: unknown, path: string): TraceBreakpoints {
  const list = readArray(value, path, 'a non-empty array of [time, speed] pairs');
  if (list.length === 0) throw new ScenarioError(path, value, 'a non-empty array of [time, speed] pairs');
  const times: number[] = [];
  const speeds: number[] = [];
  list.forEach((entry, i) => {
    const p = `${path}[${i}]`;
    const pair = readArray(entry, p, 'a [time, speed] pair');
    if (pair.length !== 2) throw new ScenarioError(p, entry, 'a [time, speed] pair');
    const time = readNonNegative(pair[0], `${p}[0]`);
    checkTime(time, times[times.length - 1], `${p}[0]`, time);
    times.push(time);
    speeds.push(readNonNegative(pair[1], `${p}[1]`));
  });
  return { times, speeds };
}

/** A CSV field as a finite number, or NaN. */
function csvNumber(field: string): number {
  const text = field.trim();
  return text === '' ? Number.NaN : Number(text);
}

/**
 * A CSV speed trace with a `time,speed` header, one breakpoint per row (blank lines ignored).
 * `path` is the file field's path; bad rows are reported as `PATH line N must be ...`.
 */
export function parseTraceCsv(text: string, path: string, file: string): TraceBreakpoints {
  const lines = text.split(/\r?\n/);
  const times: number[] = [];
  const speeds: number[] = [];
  let header = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${path} line ${i + 1}`;
    const fields = line.split(',');
    if (!header) {
      if (fields.length !== 2 || fields[0].trim().toLowerCase() !== 'time' || fields[1].trim().toLowerCase() !== 'speed') {
        throw new ScenarioError(where, line, 'the header "time,speed"');
      }
      header = true;
      return;
    }
    const time = fields.length === 2 ? csvNumber(fields[0]) : Number.NaN;
    const speed = fields.length === 2 ? csvNumber(fields[1]) : Number.NaN;
    if (!Number.isFinite(time) || !Number.isFinite(speed)) throw new ScenarioError(where, line, 'a row "time,speed" of two numbers');
    if (time < 0) throw new ScenarioError(where, line, 'a row with a time ≥ 0');
    if (speed < 0) throw new ScenarioError(where, line, 'a row with a speed ≥ 0');
    checkTime(time, times[times.length - 1], where, line);
    times.push(time);
    speeds.push(speed);
  });
  if (times.length === 0) throw new ScenarioError(path, file, 'a CSV file with a "time,speed" header and at least one row');
  return { times, speeds };
}
