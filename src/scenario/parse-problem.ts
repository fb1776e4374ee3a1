import { optional, readBoolean, readInRange, readInteger, readNonNegative, readNumberList, readObject, readOneOf, readPositive, readArray, type Raw } from './fields.ts';
import { dataShape } from '../problems/data/data-shape.ts';
import { parseSupervised, SUPERVISED_KINDS, supervisedDimension } from './parse-supervised.ts';
import { ScenarioError } from './scenario-error.ts';
import type { ProblemSpec } from './scenario-types.ts';

const PROBLEM_KINDS = ['worst-case-quadratic', 'heterogeneous-quadratic', 'finite-sum-quadratic', 'separable-quadratic', ...SUPERVISED_KINDS] as const;

/**
 * Validates `scenario.problem`; `workerCount` is needed by problems with one function per
 * worker, `baseDir` by those that read files (relative to the scenario file).
 */
export function parseProblem(value: unknown, path: string, workerCount: number, baseDir?: string): ProblemSpec {
  const kind = readOneOf(readObject(value, path, ['kind', ...ALL_PROBLEM_KEYS]).kind, `${path}.kind`, PROBLEM_KINDS);
  switch (kind) {
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

const ALL_PROBLEM_KEYS = [
  ...['d', 'noise', 'scale', 'mu', 'lambda', 's', 'interpolation', 'centers', 'curvature', 'x0', 'components', 'curvatureSpread'],
  ...['data', 'split', 'batch', 'evaluation', 'hidden', 'classes'],
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
    default:
      return problem.d;
  }
}

/** "mlp on mnist, d = 101770", "worst-case-quadratic, d = 100": a problem in a few words. */
export function describeProblem(problem: ProblemSpec, separator = ', '): string {
  const on = 'data' in problem ? ` on ${problem.data.kind === 'mnist' ? 'mnist' : 'idx data'}` : '';
  return `${problem.kind}${on}${separator}d = ${dimensionOf(problem)}`;
}

/** m for a finite-sum problem, else undefined. */
export function componentsOf(problem: ProblemSpec): number | undefined {
  return problem.kind === 'finite-sum-quadratic' ? problem.components : undefined;
}
