import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINES, runAsync, type EngineName } from '../engine/run-scenario.ts';
import { isValidThreads, THREADS_EXPECTED } from '../engine/threads/shard-pool.ts';
import { formatResults } from '../report/results-table.ts';
import { loadScenarioFile } from '../scenario/load-scenario.ts';
import { ScenarioError } from '../scenario/scenario-error.ts';
import { UsageError } from './cli-error.ts';
import { toJson } from './json-output.ts';

export const RUN_USAGE = `usage: roundtable run FILE [--json] [--seed N] [--method ID]... [--engine inline|threads [--threads N]]

Runs every method of a scenario file (.ts module, .json or .yaml) and prints a table.
  --json             print the full result as JSON instead
  --seed N           override the scenario's seed (a non-negative integer)
  --method ID        run only this method (id or label); repeat for several
  --trace            keep full trace records (slower; hashes are always computed)
  --engine ENGINE    inline (default): every actor in this thread; threads: the worker actors
                     in a pool of threads, computing gradients in parallel (same results)
  --threads N        threads engine: pool size (default: the cores available)
  --dispatch MODE    compiled (default) or xstate: run every transition through XState`;

/** `roundtable run`: returns the process exit code. */
export async function runCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
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
  const input = await loadScenarioFile(file);
  const result = await runAsync(input, { seed, methods: values.method, trace: values.trace, dispatch, baseDir: dirname(resolve(file)), engine, threads });
  out(values.json === true ? toJson(result) : formatResults(result));
  return 0;
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
