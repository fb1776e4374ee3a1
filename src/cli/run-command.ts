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
import { ScenarioError } from '../input/scenario-error.ts';
import { UsageError } from './cli-error.ts';
import { toJson } from './json-output.ts';
import { ProgressLine, type ProgressSink } from './progress.ts';
import { VERSION } from './version.ts';
import { Watchdog } from './watchdog.ts';
import { StopRequest, wallClockSignal } from '../engine/stop-request.ts';

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
  --thread-heap MB   threads engine: each pool thread's heap limit (default: its share of half
                     the machine's memory)
  --max-wall SECONDS stop after this much wall-clock time with the partial results (exit
                     status 124); a run stuck inside one event is killed 2 s later (137)
  --check-ownership  check every buffer's ownership as the run goes (slower; a debugging aid)
  --dispatch MODE    compiled (default) or xstate: run every transition through XState

Ctrl-C stops the run at the next event and prints the partial results (exit status 130).`;

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
  const maxWall = values['max-wall'] === undefined ? undefined : readMaxWall(values['max-wall']);
  const stopping = new StopControl(maxWall);
  let result: ScenarioResult;
  try {
    result = await runAsync(scenario, {
      methods: values.method,
      trace: values.trace,
      dispatch,
      baseDir,
      engine,
      threads,
      threadHeapMegabytes: values['thread-heap'] === undefined ? undefined : readThreadHeap(values['thread-heap']),
      checkOwnership: values['check-ownership'],
      signal: stopping.signal,
      // The timeline costs memory in proportion to the run: recorded only for the report.
      activity: output !== undefined,
      onMethodStart: (spec, index, total) => {
        stopping.watchdog?.method(spec.label);
        line?.methodStarted(spec, index, total);
      },
      onProgress: (time, events) => {
        stopping.watchdog?.progress(time, events);
        line?.update(time, events);
      },
      onRun: (label) => stopping.watchdog?.finished(label),
      onTrace: output === undefined ? undefined : (spec, records) => output.appendTrace(spec.label, records),
    });
  } finally {
    line?.done();
    await stopping.dispose();
  }
  if (output !== undefined) {
    output.writeResults({ ...result, format: RESULTS_FORMAT, command: reproducingCommand(file, scenario.seed, values), createdBy: `roundtable ${VERSION}` });
  }
  out(values.json === true ? toJson(result) : formatResults(result));
  const skipped = scenario.methods.filter((m) => (values.method === undefined || values.method.length === 0 || values.method.includes(m.label) || values.method.includes(m.method)) && !result.runs.some((r) => r.label === m.label));
  if (skipped.length > 0 && values.json !== true) out(`not run (the run was stopped): ${skipped.map((m) => m.label).join(', ')}`);
  if (output !== undefined && values.json !== true) out(`\nwrote ${output.file('report')} (and results.json, curves.csv${values.trace === true ? ', trace.jsonl' : ''})`);
  if (result.runs.some((r) => r.stopReason === 'interrupted')) return 130;
  if (result.runs.some((r) => r.stopReason === 'wall')) return 124;
  return 0;
}

/**
 * What can stop a run from outside: Ctrl-C (once: stop at the next event with the partial
 * results; twice: exit at once) and `--max-wall` (the run's own check at the limit, and a
 * watchdog thread for a run stuck inside one event).
 */
class StopControl {
  private readonly interrupt = new AbortController();
  private readonly wall: { signal: AbortSignal; dispose: () => void } | undefined;
  readonly watchdog: Watchdog | undefined;
  private interrupted = false;
  /** The handlers in place before the run (the command's own "exit at once"), put back after it. */
  private readonly previous: ((...args: unknown[]) => void)[];
  private readonly onSigint = () => {
    if (this.interrupted) process.exit(130);
    this.interrupted = true;
    this.interrupt.abort(new StopRequest('interrupted', 'interrupted (Ctrl-C)'));
  };

  constructor(maxWallSeconds: number | undefined) {
    this.previous = process.listeners('SIGINT') as ((...args: unknown[]) => void)[];
    process.removeAllListeners('SIGINT');
    process.on('SIGINT', this.onSigint);
    this.wall = maxWallSeconds === undefined ? undefined : wallClockSignal(maxWallSeconds, this.interrupt.signal);
    this.watchdog = maxWallSeconds === undefined ? undefined : new Watchdog(maxWallSeconds);
  }

  get signal(): AbortSignal {
    return this.wall?.signal ?? this.interrupt.signal;
  }

  async dispose(): Promise<void> {
    process.off('SIGINT', this.onSigint);
    for (const handler of this.previous) process.on('SIGINT', handler);
    this.wall?.dispose();
    await this.watchdog?.done();
  }
}

function readThreadHeap(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 16 || value > 1_048_576) throw new ScenarioError('--thread-heap', text, 'a whole number of megabytes between 16 and 1048576');
  return value;
}

function readMaxWall(text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || !Number.isFinite(value)) throw new ScenarioError('--max-wall', text, 'a positive number of seconds');
  return value;
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
        'max-wall': { type: 'string' },
        'check-ownership': { type: 'boolean' },
        'thread-heap': { type: 'string' },
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
