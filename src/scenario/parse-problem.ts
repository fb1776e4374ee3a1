import { isAbsolute, resolve } from 'node:path';
import { optional, readBoolean, readInRange, readInteger, readNonNegative, readNumber, readNumberList, readObject, readOneOf, readPositive, readArray, readString, type Raw } from '../input/fields.ts';
import { createModuleProblem } from '../problems/module-problem.ts';
import { RandomStream } from '../random/random-stream.ts';
import { dataShape } from '../problems/data/data-shape.ts';
import { parseSupervised, SUPERVISED_KINDS, supervisedDimension } from './parse-supervised.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { ProblemSpec } from './scenario-types.ts';

const PROBLEM_KINDS = ['worst-case-quadratic', 'heterogeneous-quadratic', 'finite-sum-quadratic', 'separable-quadratic', ...SUPERVISED_KINDS, 'module'] as const;

/**
 * Validates `scenario.problem`; `workerCount` is needed by problems with one function per
 * worker, `baseDir` by those that read files (relative to the scenario file).
 */
export function parseProblem(value: unknown, path: string, workerCount: number, baseDir?: string, seed = 1): ProblemSpec {
  const kind = readOneOf(readObject(value, path, ['kind', ...ALL_PROBLEM_KEYS]).kind, `${path}.kind`, PROBLEM_KINDS);
  switch (kind) {
    case 'module':
      return parseModuleProblem(value, path, workerCount, baseDir, seed);
    case 'logistic-regression':
    case 'mlp':
    case 'binary-logistic-regression':
      return parseSupervised(kind, value, path, baseDir);
    case 'worst-case-quadratic': {
      const raw = readObject(value, path, ['kind', 'd', 'noise', 'scale', 'mu']);
      const noisePath = `${path}.noise`;
      const noiseKind = readOneOf(readObject(raw.noise, noisePath, ['kind', 'sigma', 'p']).kind, `${noisePath}.kind`, ['add', 'zero-last'] as const);
      const noise =
        noiseKind === 'add'
          ? { kind: 'add' as const, sigma: readNonNegative(readObject(raw.noise, noisePath, ['kind', 'sigma']).sigma, `${noisePath}.sigma`) }
          : { kind: 'zero-last' as const, p: readInRange(readObject(raw.noise, noisePath, ['kind', 'p']).p, `${noisePath}.p`, 0, 1, true) };
      return {
        kind,
        d: readInteger(raw.d, `${path}.d`, 1, 10_000_000),
        noise,
        scale: optional(raw.scale, `${path}.scale`, readPositive, 1),
        ...(raw.mu === undefined ? {} : { mu: readPositive(raw.mu, `${path}.mu`) }),
      };
    }
    case 'heterogeneous-quadratic': {
      const raw = readObject(value, path, ['kind', 'd', 'noise', 'lambda', 's', 'interpolation']);
      return {
        kind,
        d: readInteger(raw.d, `${path}.d`, 1, 10_000_000),
        noise: readGaussianNoise(raw.noise, `${path}.noise`),
        lambda: optional(raw.lambda, `${path}.lambda`, readPositive, 1e-3),
        s: optional(raw.s, `${path}.s`, readNonNegative, 3),
        interpolation: optional(raw.interpolation, `${path}.interpolation`, readBoolean, false),
      };
    }
    case 'finite-sum-quadratic': {
      const raw = readObject(value, path, ['kind', 'd', 'components', 'noise', 'scale', 'mu', 'curvatureSpread']);
      const d = readInteger(raw.d, `${path}.d`, 1, 1_000_000);
      const components = readInteger(raw.components, `${path}.components`, 1, 10_000_000);
      if (d * components > 50_000_000) {
        throw new ScenarioError(`${path}.components`, components, `at most ${Math.floor(50_000_000 / d)} components at d = ${d} (the data takes 8·m·d bytes)`);
      }
      return {
        kind,
        d,
        components,
        noise: readGaussianNoise(raw.noise, `${path}.noise`),
        scale: optional(raw.scale, `${path}.scale`, readPositive, 1),
        ...(raw.mu === undefined ? {} : { mu: readPositive(raw.mu, `${path}.mu`) }),
        curvatureSpread: optional(raw.curvatureSpread, `${path}.curvatureSpread`, (v, p) => readInRange(v, p, 0, 1), 0),
      };
    }
    case 'separable-quadratic': {
      const raw = readObject(value, path, ['kind', 'centers', 'curvature', 'noise', 'x0']);
      const curvature = readNumberList(raw.curvature, `${path}.curvature`, readPositive);
      const d = curvature.length;
      const centers = readArray(raw.centers, `${path}.centers`, 'an array of centers, one per worker').map((row, i) => {
        const center = readNumberList(row, `${path}.centers[${i}]`);
        if (center.length !== d) throw new ScenarioError(`${path}.centers[${i}]`, row, `a list of ${d} numbers (one per coordinate, as in curvature)`);
        return center;
      });
      if (centers.length !== workerCount) {
        throw new ScenarioError(`${path}.centers`, raw.centers, `one center per worker (${workerCount} workers)`);
      }
      const x0 = raw.x0 === undefined ? undefined : readNumberList(raw.x0, `${path}.x0`);
      if (x0 !== undefined && x0.length !== d) throw new ScenarioError(`${path}.x0`, raw.x0, `a list of ${d} numbers`);
      return { kind, centers, curvature, noise: readGaussianNoise(raw.noise, `${path}.noise`), ...(x0 === undefined ? {} : { x0 }) };
    }
  }
}

/**
 * `{ kind: 'module', module, options }`: the module path is resolved against the scenario's
 * directory, and the problem is built once here (the module must be loaded) to check it and
 * learn its dimension and stated noise.
 */
function parseModuleProblem(value: unknown, path: string, workerCount: number, baseDir: string | undefined, seed: number): ProblemSpec {
  const raw = readObject(value, path, ['kind', 'module', 'options', 'd', 'noiseVariance']);
  const module = readString(raw.module, `${path}.module`);
  const absolute = isAbsolute(module) ? module : resolve(baseDir ?? process.cwd(), module);
  const options = raw.options === undefined ? undefined : readPlainData(raw.options, `${path}.options`);
  const problem = createModuleProblem(absolute, options, workerCount, RandomStream.named(seed, 'problem'), `${path}.module`);
  return {
    kind: 'module',
    module: absolute,
    ...(options === undefined ? {} : { options }),
    d: problem.dimension,
    ...(problem.noiseVariance === undefined ? {} : { noiseVariance: problem.noiseVariance }),
  };
}

/** JSON-like data (it is echoed in results and sent to every thread): no functions, no cycles, finite numbers. */
function readPlainData(value: unknown, path: string, depth = 0): unknown {
  if (depth > 64) throw new ScenarioError(path, value, 'plain data nested at most 64 deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return readNumber(value, path);
  if (Array.isArray(value)) return readArray(value, path).map((entry, i) => readPlainData(entry, `${path}[${i}]`, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = readPlainData(entry, `${path}.${key}`, depth + 1);
    return out;
  }
  throw new ScenarioError(path, value, 'plain data (numbers, strings, booleans, null, arrays and plain objects)');
}

const ALL_PROBLEM_KEYS = [
  ...['d', 'noise', 'scale', 'mu', 'lambda', 's', 'interpolation', 'centers', 'curvature', 'x0', 'components', 'curvatureSpread'],
  ...['data', 'split', 'batch', 'evaluation', 'hidden', 'classes'],
  ...['module', 'options', 'noiseVariance'],
];

function readGaussianNoise(value: unknown, path: string): { kind: 'gaussian'; sigma: number } {
  const raw: Raw = readObject(value, path, ['kind', 'sigma']);
  readOneOf(raw.kind, `${path}.kind`, ['gaussian'] as const);
  return { kind: 'gaussian', sigma: readNonNegative(raw.sigma, `${path}.sigma`) };
}

/** σ², the variance bound of one stochastic gradient, when the noise model states it. */
export function noiseVarianceOf(problem: ProblemSpec): number | undefined {
  switch (problem.kind) {
    case 'worst-case-quadratic':
      return problem.noise.kind === 'add' ? problem.d * problem.noise.sigma ** 2 : undefined;
    case 'heterogeneous-quadratic':
      return problem.d * problem.noise.sigma ** 2;
    case 'finite-sum-quadratic':
      // The exact variance depends on the drawn data; it is known once the problem is built.
      return undefined;
    case 'separable-quadratic':
      return problem.curvature.length * problem.noise.sigma ** 2;
    case 'module':
      return problem.noiseVariance;
    default:
      // Minibatch noise of real data: no stated bound.
      return undefined;
  }
}

/** The dimension d of a problem spec. */
export function dimensionOf(problem: ProblemSpec): number {
  switch (problem.kind) {
    case 'separable-quadratic':
      return problem.curvature.length;
    case 'logistic-regression':
    case 'mlp':
    case 'binary-logistic-regression':
      return problem.d ?? supervisedDimension(problem, dataShape(problem.data, 'scenario.problem.data'));
    case 'module':
      // Filled in by validation.
      return problem.d ?? 0;
    default:
      return problem.d;
  }
}

/** "mlp on mnist, d = 101770", "worst-case-quadratic, d = 100": a problem in a few words. */
export function describeProblem(problem: ProblemSpec, separator = ', '): string {
  if (problem.kind === 'module') return `${problem.module.split('/').pop()}${separator}d = ${dimensionOf(problem)}`;
  const on = 'data' in problem ? ` on ${problem.data.kind === 'mnist' ? 'mnist' : 'idx data'}` : '';
  return `${problem.kind}${on}${separator}d = ${dimensionOf(problem)}`;
}

/** m for a finite-sum problem, else undefined. */
export function componentsOf(problem: ProblemSpec): number | undefined {
  return problem.kind === 'finite-sum-quadratic' ? problem.components : undefined;
}
