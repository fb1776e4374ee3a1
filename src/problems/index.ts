export { createProblem } from './create-problem.ts';
export { gradNormSq, localIndex } from './problem.ts';
export { WorstCaseQuadratic } from './worst-case-quadratic.ts';
export { HeterogeneousQuadratic } from './heterogeneous-quadratic.ts';
export { SeparableQuadratic } from './separable-quadratic.ts';
export type { Problem } from './problem.ts';
export type { WorstCaseNoise, WorstCaseQuadraticOptions } from './worst-case-quadratic.ts';
export type { HeterogeneousQuadraticOptions } from './heterogeneous-quadratic.ts';
export type { SeparableQuadraticOptions } from './separable-quadratic.ts';
