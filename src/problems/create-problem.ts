import type { RandomStream } from '../random/random-stream.ts';
import type { ProblemSpec } from './problem-spec.ts';
import { FiniteSumQuadratic } from './finite-sum-quadratic.ts';
import { HeterogeneousQuadratic } from './heterogeneous-quadratic.ts';
import type { Problem } from './problem.ts';
import { SeparableQuadratic } from './separable-quadratic.ts';
import { createDataProblem } from './supervised/create-data-problem.ts';
import { WorstCaseQuadratic } from './worst-case-quadratic.ts';
import { createModuleProblem } from './module-problem.ts';

/**
 * Builds the problem a scenario describes, for `workers` workers. Random problem data (the
 * heterogeneous generator) draws from `rng`, the run's `problem` stream.
 */
export function createProblem(spec: ProblemSpec, workers: number, rng: RandomStream): Problem {
  switch (spec.kind) {
    case 'worst-case-quadratic':
      return new WorstCaseQuadratic({ d: spec.d, noise: spec.noise, scale: spec.scale, mu: spec.mu });
    case 'heterogeneous-quadratic':
      return new HeterogeneousQuadratic(
        { d: spec.d, workers, lambda: spec.lambda, s: spec.s, sigma: spec.noise.sigma, interpolation: spec.interpolation },
        rng,
      );
    case 'finite-sum-quadratic':
      return new FiniteSumQuadratic(
        { d: spec.d, components: spec.components, noise: spec.noise.sigma, scale: spec.scale, mu: spec.mu, curvatureSpread: spec.curvatureSpread },
        rng,
      );
    case 'separable-quadratic':
      return new SeparableQuadratic({ centers: spec.centers, curvature: spec.curvature, sigma: spec.noise.sigma, x0: spec.x0 });
    case 'logistic-regression':
    case 'mlp':
    case 'binary-logistic-regression':
      return createDataProblem(spec, workers, rng);
    case 'module':
      return createModuleProblem(spec.module, spec.options, workers, rng);
  }
}
