import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScenarioResult } from '../engine/result.ts';
import { ENGINES, prepareScenario, runAsync, type EngineName } from '../engine/run-scenario.ts';
import { isValidThreads, THREADS_EXPECTED } from '../engine/threads/shard-pool.ts';
import { OutputDir } from '../report/export/output-dir.ts';
import { formatResults } from '../report/results-table.ts';
import { RESULTS_FORMAT } from '../report/saved-results.ts';
import { SCENARIO_SCALES, type ScenarioScale } from '../scenario/define-scenario.ts';
import { loadScenarioFile } from '../scenario/load-scenario.ts';
import { ScenarioError } from '../scenario/scenario-error.ts';
import { UsageError } from './cli-error.ts';
import { toJson } from './json-output.ts';
import { ProgressLine, type ProgressSink } from './progress.ts';
import { VERSION } from './version.ts';

export const RUN_USAGE = `usage: roundtable run FILE [--json] [--out DIR] [--seed N] [--method ID]... [--engine inline|threads [--threads N]]

Runs every method of a scenario file (.ts module, .json or .yaml) and prints a table.
  --json             print the full result as JSON instead
  --out DIR          also write DIR/results.json, curves.csv, report.html (and trace.jsonl
                     with --trace); open report.html in a browser
  --scale SCALE      quick (default) or full: the papers' full size, for scenario modules
                     that come in both (e.g. scenarios/ringleader-mnist.ts)
  --quiet            no progress line (there is none anyway when stderr is not a terminal)
  --seed N           override the scenario's seed (a non-negative integer)
  --method ID        run only this method (id or label); repeat for several
  --trace            keep full trace records (slower; hashes are always computed)
  --engine ENGINE    inline (default): every actor in this thread; threads: the worker actors
                     in a pool of threads, computing gradients in parallel (same results)
  --threads N        threads engine: pool size (default: the cores available)
  --dispatch MODE    compiled (default) or xstate: run every transition through XState`;

/** `roundtable run`: returns the process exit code. `progress` is where a progress line may go (a terminal), if anywhere. */
export async function runCommand(args: readonly string[], out: (text: string) => void, progress?: ProgressSink): Promise<number> {
  const { values, positionals } = parseFlags(args);
  if (values.help === true) {
    out(RUN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one scenario file\n${RUN_USAGE}`);
  const file = positionals[0];
  const seed = values.seed === undefined ? undefined : readSeedFlag(values.seed);
  const dispatch = values.dispatch === undefined ? undefined : readDispatch(values.dispatch);
  const engine = values.engine === undefined ? 'inline' : readEngine(values.engine);
  if (values.threads !== undefined && engine !== 'threads') throw new UsageError(`--threads needs --engine threads\n${RUN_USAGE}`);
  const threads = values.threads === undefined ? undefined : readThreadsFlag(values.threads);
  const output = values.out === undefined ? undefined : new OutputDir(values.out);
  const baseDir = dirname(resolve(file));
  const scale = values.scale === undefined ? undefined : readScale(values.scale);
  const scenario = prepareScenario(await loadScenarioFile(file, { scale }), seed, baseDir);
  const line = progress === undefined || values.quiet === true ? undefined : new ProgressLine(progress, scenario);
  let result: ScenarioResult;
  try {
    result = await runAsync(scenario, {
      methods: values.method,
      trace: values.trace,
      dispatch,
      baseDir,
      engine,
      threads,
      // The timeline costs memory in proportion to the run: recorded only for the report.
      activity: output !== undefined,
      onMethodStart: line === undefined ? undefined : (spec, index, total) => line.methodStarted(spec, index, total),
      onProgress: line === undefined ? undefined : (time, events) => line.update(time, events),
      onTrace: output === undefined ? undefined : (spec, records) => output.appendTrace(spec.label, records),
    });
  } finally {
    line?.done();
  }
  if (output !== undefined) {
    output.writeResults({ ...result, format: RESULTS_FORMAT, command: reproducingCommand(file, scenario.seed, values), createdBy: `roundtable ${VERSION}` });
  }
  out(values.json === true ? toJson(result) : formatResults(result));
  if (output !== undefined && values.json !== true) out(`\nwrote ${output.file('report')} (and results.json, curves.csv${values.trace === true ? ', trace.jsonl' : ''})`);
  return 0;
}

/** The command line that runs the same thing again (the seed made explicit). */
function reproducingCommand(file: string, seed: number, values: ReturnType<typeof parseFlags>['values']): string {
  const args = ['roundtable', 'run', file, '--seed', String(seed)];
  for (const method of values.method ?? []) args.push('--method', method);
  if (values.engine !== undefined) args.push('--engine', values.engine);
  if (values.threads !== undefined) args.push('--threads', values.threads);
  if (values.dispatch !== undefined) args.push('--dispatch', values.dispatch);
  if (values.scale !== undefined) args.push('--scale', values.scale);
  if (values.trace === true) args.push('--trace');
  if (values.out !== undefined) args.push('--out', values.out);
  return args.map(shellQuote).join(' ');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        seed: { type: 'string' },
        method: { type: 'string', multiple: true },
        trace: { type: 'boolean' },
        dispatch: { type: 'string' },
        engine: { type: 'string' },
        threads: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        scale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${RUN_USAGE}`);
  }
}

function readSeedFlag(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new ScenarioError('--seed', text, 'a non-negative integer');
  return value;
}

function readDispatch(text: string): 'compiled' | 'xstate' {
  if (text !== 'compiled' && text !== 'xstate') throw new ScenarioError('--dispatch', text, '"compiled" or "xstate"');
  return text;
}

function readEngine(text: string): EngineName {
  const engine = ENGINES.find((e) => e === text);
  if (engine === undefined) throw new ScenarioError('--engine', text, ENGINES.map((e) => `"${e}"`).join(' or '));
  return engine;
}

function readThreadsFlag(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isValidThreads(value)) throw new ScenarioError('--threads', text, THREADS_EXPECTED);
  return value;
}

function readScale(text: string): ScenarioScale {
  const scale = SCENARIO_SCALES.find((s) => s === text);
  if (scale === undefined) throw new ScenarioError('--scale', text, SCENARIO_SCALES.map((s) => `"${s}"`).join(' or '));
  return scale;
}
