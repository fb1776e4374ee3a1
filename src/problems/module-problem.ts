import { isAbsolute, resolve } from 'node:path';
import type { RandomStream } from '../random/random-stream.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { loadUserModule } from '../input/load-module.ts';
import type { FiniteSum, Problem } from './problem.ts';

/** `problem: { kind: 'module', module, options }`: a problem of the user's own. */
export interface ModuleProblemSpec {
  /**
   * A problem of your own: a module (TypeScript or JavaScript, relative to the scenario file)
   * whose default export is `defineProblem({ create({ workers, options, rng }) {...} })`.
   */
  kind: 'module';
  module: string;
  /** Plain data handed to the module's `create` (JSON-like: it travels to every thread). */
  options?: unknown;
  /** Filled in by validation (not an input): d of the module's problem. */
  readonly d?: number;
  /** Filled in by validation (not an input): the σ² the module's problem states, if any. */
  readonly noiseVariance?: number;
}

/** What a problem module's `create` is given. */
export interface ProblemContext {
  /** Number of workers n (a heterogeneous problem has one local function per worker). */
  readonly workers: number;
  /** The scenario's `problem.options`, as written (plain data). */
  readonly options: unknown;
  /** The run's `problem` random stream: draw random problem data from it, never from Math.random. */
  readonly rng: RandomStream;
}

/**
 * A problem a user writes: everything of {@link Problem} but its `kind`. Each method is called
 * with the engine's buffers (`out` is written, never allocated); `stochasticGradient` draws its
 * noise from `rng` only, so that runs are reproducible and both engines agree.
 */
export type UserProblem = Omit<Problem, 'kind' | 'data'>;

/**
 * The default export of a problem module (`problem: { kind: 'module', module: './my-problem.ts' }`):
 * `export default defineProblem({ create({ workers, options, rng }) { return {...}; } })`.
 * The module is loaded in every thread that computes gradients, so `create` must build the
 * same problem from the same context wherever it runs.
 */
export interface ProblemModule {
  /** Builds the problem for a run. */
  create(context: ProblemContext): UserProblem;
}

/** Declares a problem module (a typed identity: the default export of the module). */
export function defineProblem(module: ProblemModule): ProblemModule {
  return module;
}

/** Problem modules loaded in this thread, by absolute path. */
const loaded = new Map<string, ProblemModule>();

/**
 * Loads the problem module at `path` (absolute), once per thread. Needed before a scenario
 * that names it is validated or run: `loadScenarioFile`, `runAsync` and the threads engine's
 * shards call it; library users who call the synchronous `run` call it themselves.
 */
export async function loadProblemModule(path: string, shown = path): Promise<void> {
  if (loaded.has(path)) return;
  let module: { default?: unknown };
  try {
    module = (await loadUserModule(path)) as { default?: unknown };
  } catch (error) {
    throw new ScenarioError('scenario.problem.module', shown, 'a module that loads', `scenario.problem.module: cannot load ${shown}: ${(error as Error).message}`);
  }
  let exported = module.default;
  // Compiled to CommonJS outside an ESM package, the default export arrives one level deeper.
  if (typeof exported === 'object' && exported !== null && !('create' in exported) && 'default' in exported) exported = (exported as { default: unknown }).default;
  if (typeof exported !== 'object' || exported === null || typeof (exported as ProblemModule).create !== 'function') {
    throw new ScenarioError('scenario.problem.module', shown, 'a module whose default export is defineProblem({ create(context) { ... } })');
  }
  loaded.set(path, exported as ProblemModule);
}

/**
 * Loads the problem module a raw (not yet validated) scenario names, if any, resolved against
 * `baseDir`: what validation needs before it can build the problem. Anything malformed is left
 * for validation to report.
 */
export async function preloadProblemModule(scenario: unknown, baseDir: string | undefined): Promise<void> {
  if (typeof scenario !== 'object' || scenario === null) return;
  const problem = (scenario as { problem?: unknown }).problem;
  if (typeof problem !== 'object' || problem === null) return;
  const { kind, module } = problem as { kind?: unknown; module?: unknown };
  if (kind !== 'module' || typeof module !== 'string' || module.length === 0) return;
  await loadProblemModule(isAbsolute(module) ? module : resolve(baseDir ?? process.cwd(), module), module);
}

/** The loaded module at `path`; a clear error if it was not loaded first. */
function moduleAt(path: string, field: string): ProblemModule {
  const module = loaded.get(path);
  if (module === undefined) {
    throw new ScenarioError(field, path, 'a loaded problem module',
      `${field}: ${path} is not loaded yet: load the scenario with loadScenarioFile or runAsync, or call await loadProblemModule(path) before run()`);
  }
  return module;
}

const FUNCTIONS = ['initialPoint', 'loss', 'gradient', 'stochasticGradient'] as const;

/**
 * Builds a user's problem and checks its shape (a positive integer dimension, 1 or n local
 * functions, the four functions): every mistake is reported as the module's, at
 * `scenario.problem`, never as an internal error later.
 */
export function createModuleProblem(path: string, options: unknown, workers: number, rng: RandomStream, field = 'scenario.problem.module'): Problem {
  let user: UserProblem;
  try {
    user = moduleAt(path, field).create({ workers, options, rng });
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new ScenarioError(field, path, 'a module whose create() returns a problem', `${field}: ${path}: create() threw: ${(error as Error).message}`);
  }
  const bad = (what: string): never => {
    throw new ScenarioError(field, path, what, `${field}: ${path}: create() returned a problem whose ${what}`);
  };
  if (typeof user !== 'object' || user === null) bad('value is not an object');
  if (!Number.isSafeInteger(user.dimension) || user.dimension < 1) bad(`dimension is not a positive integer (got ${String(user.dimension)})`);
  if (user.localFunctions !== 1 && user.localFunctions !== workers) bad(`localFunctions is neither 1 nor the number of workers ${workers} (got ${String(user.localFunctions)})`);
  for (const name of FUNCTIONS) if (typeof user[name] !== 'function') bad(`${name} is not a function`);
  return new ModuleProblem(user);
}

/** A user's problem as the engine sees it: its own functions, bound once. */
class ModuleProblem implements Problem {
  readonly kind = 'module';
  readonly dimension: number;
  readonly localFunctions: number;
  readonly optimalLoss: number | undefined;
  readonly smoothness: number | undefined;
  readonly noiseVariance: number | undefined;
  readonly finiteSum: FiniteSum | undefined;
  readonly initialPoint: () => Float64Array;
  readonly loss: (x: Float64Array) => number;
  readonly gradient: (x: Float64Array, out: Float64Array) => void;
  readonly stochasticGradient: (worker: number, x: Float64Array, rng: RandomStream, out: Float64Array) => void;

  constructor(user: UserProblem) {
    this.dimension = user.dimension;
    this.localFunctions = user.localFunctions;
    this.optimalLoss = finiteOrUndefined(user.optimalLoss);
    this.smoothness = finiteOrUndefined(user.smoothness);
    this.noiseVariance = finiteOrUndefined(user.noiseVariance);
    this.finiteSum = user.finiteSum;
    const d = user.dimension;
    this.initialPoint = () => {
      const x = user.initialPoint();
      if (!(x instanceof Float64Array) || x.length !== d) throw new Error(`initialPoint() must return a Float64Array of length ${d}`);
      return x;
    };
    this.loss = user.loss.bind(user);
    this.gradient = user.gradient.bind(user);
    this.stochasticGradient = user.stochasticGradient.bind(user);
  }
}

function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
