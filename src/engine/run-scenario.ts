import { defaultRegistry, type MethodRegistry } from '../../actors/method-registry.ts';
import { scenarioAt } from '../scenario/define-scenario.ts';
import { preloadProblemModule } from '../problems/module-problem.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { MethodSpec, Scenario, ScenarioInput } from '../scenario/scenario-types.ts';
import type { RunResult, ScenarioResult } from './result.ts';
import { simulateMethod, simulateMethodAsync, type SimulateOptions } from './simulate-method.ts';
import type { InjectedFailure } from './threads/protocol.ts';
import type { TraceRecord } from './trace.ts';
import { checkThreads, defaultThreads, ShardPool } from './threads/shard-pool.ts';
import { simulateThreaded } from './threads/simulate-threaded.ts';

export interface RunOptions extends SimulateOptions {
  /** Directory files named in the scenario are relative to (the scenario file's). */
  readonly baseDir?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Run only the methods with these ids or labels (default: all). */
  readonly methods?: readonly string[];
  /** Called before each method starts (progress). */
  readonly onMethodStart?: (spec: MethodSpec, index: number, total: number) => void;
  /** Called after each method finishes (progress). */
  readonly onRun?: (label: string, index: number, total: number) => void;
  /** Called after each method with its trace records, when they were kept (`trace`). */
  readonly onTrace?: (spec: MethodSpec, records: readonly TraceRecord[]) => void;
}

export type EngineName = 'inline' | 'threads';

export const ENGINES: readonly EngineName[] = ['inline', 'threads'];

export interface AsyncRunOptions extends RunOptions {
  /** `inline` (default): every actor in this thread; `threads`: worker actors in a Piscina pool. */
  readonly engine?: EngineName;
  /** Threads engine: pool size (default: the cores available). Ignored if `pool` is given. */
  readonly threads?: number;
  /** Threads engine: each pool thread's heap limit in MB (default: its share of half the machine's memory). Ignored if `pool` is given. */
  readonly threadHeapMegabytes?: number;
  /** Threads engine: an open pool to use (and leave open), e.g. shared by many runs in tests. */
  readonly pool?: ShardPool;
  /** Threads engine, tests of its fault handling: make one shard's thread fail mid-run. */
  readonly injectFailure?: InjectedFailure;
}

/** Scenarios that went through {@link prepareScenario}: validated and expanded. */
const prepared = new WeakSet<Scenario>();

/**
 * Validates and expands a scenario from any source (TS module export or parsed JSON), against
 * the built-in methods or the given registry.
 */
export function prepareScenario(definition: unknown, seed?: number, baseDir?: string, registry: MethodRegistry = defaultRegistry): Scenario {
  // A scenario given as a function of its scale runs at the quick one here.
  const input = scenarioAt(definition, 'quick');
  // The seed decides seeded choices made while parsing (uniform τ, fault targets): apply it first.
  const seeded = seed !== undefined && typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, seed } : input;
  const parsed = parseScenario(seeded, registry.catalog, { baseDir });
  return withSeed(parsed, seed);
}

function withSeed(scenario: Scenario, seed: number | undefined): Scenario {
  const result = seed === undefined || seed === scenario.seed ? scenario : { ...scenario, seed };
  prepared.add(result);
  return result;
}

/**
 * Runs every method of a scenario (or the selected ones), each in its own world with the same
 * seed, so they face the same workers, data and noise.
 */
export function run(input: ScenarioInput | Scenario | unknown, options: RunOptions = {}): ScenarioResult {
  const scenario = isPrepared(input) ? withSeed(input, options.seed) : prepareScenario(input, options.seed, options.baseDir, options.registry);
  const selected = selectMethods(scenario, options.methods);
  const runs = selected.map((spec, index) => {
    options.onMethodStart?.(spec, index, selected.length);
    const { result, records } = simulateMethod(scenario, spec, options);
    if (records.length > 0) options.onTrace?.(spec, records);
    options.onRun?.(spec.label, index, selected.length);
    return result;
  });
  return { scenario, seed: scenario.seed, engine: 'inline', runs };
}

/**
 * Runs a scenario as {@link run} does, on either engine. The threads engine gives the same
 * result (trace hashes, iterates, every number but wall time) as the inline one.
 */
export async function runAsync(input: ScenarioInput | Scenario | unknown, options: AsyncRunOptions = {}): Promise<ScenarioResult> {
  const engine = options.engine ?? 'inline';
  if (!ENGINES.includes(engine)) throw new ScenarioError('options.engine', engine, `one of ${ENGINES.join(', ')}`);
  if (!isPrepared(input)) await preloadProblemModule(scenarioAt(input, 'quick'), options.baseDir);
  const scenario = isPrepared(input) ? withSeed(input, options.seed) : prepareScenario(input, options.seed, options.baseDir, options.registry);
  const selected = selectMethods(scenario, options.methods);
  if (engine === 'inline') {
    const runs: RunResult[] = [];
    for (const [index, spec] of selected.entries()) {
      // A stop request ends the method in progress; the methods after it are not run.
      if (options.signal?.aborted === true) break;
      options.onMethodStart?.(spec, index, selected.length);
      const { result, records } = await simulateMethodAsync(scenario, spec, options);
      runs.push(result);
      if (records.length > 0) options.onTrace?.(spec, records);
      options.onRun?.(spec.label, index, selected.length);
    }
    return { scenario, seed: scenario.seed, engine: 'inline', runs };
  }
  const threads = options.pool?.threads ?? checkThreads(options.threads ?? defaultThreads(), 'options.threads');
  const pool = options.pool ?? new ShardPool(threads, { heapMegabytes: options.threadHeapMegabytes });
  const runs: RunResult[] = [];
  let restarts = 0;
  try {
    for (const [index, spec] of selected.entries()) {
      if (options.signal?.aborted === true) break;
      options.onMethodStart?.(spec, index, selected.length);
      const simulation = await simulateThreaded(scenario, spec, { ...options, pool });
      runs.push(simulation.result);
      if (simulation.records.length > 0) options.onTrace?.(spec, simulation.records);
      restarts += simulation.restarts;
      options.onRun?.(spec.label, index, selected.length);
    }
  } finally {
    if (options.pool === undefined) await pool.close();
  }
  return { scenario, seed: scenario.seed, engine: 'threads', threads: { count: threads, restarts }, runs };
}

function selectMethods(scenario: Scenario, wanted: readonly string[] | undefined) {
  if (wanted === undefined || wanted.length === 0) return scenario.methods;
  const chosen = scenario.methods.filter((m) => wanted.includes(m.method) || wanted.includes(m.label));
  const unknown = wanted.filter((w) => !scenario.methods.some((m) => m.method === w || m.label === w));
  if (unknown.length > 0) {
    throw new ScenarioError('options.methods', unknown.join(','), `one of the scenario's methods (${scenario.methods.map((m) => m.label).join(', ')})`);
  }
  return chosen;
}

function isPrepared(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && prepared.has(value as Scenario);
}
