import type { FiniteSumQuadraticSpec } from './finite-sum-quadratic.ts';
import type { HeterogeneousQuadraticSpec } from './heterogeneous-quadratic.ts';
import type { ModuleProblemSpec } from './module-problem.ts';
import type { SeparableQuadraticSpec } from './separable-quadratic.ts';
import type { SupervisedInput } from './supervised/supervised-spec.ts';
import type { WorstCaseQuadraticSpec } from './worst-case-quadratic.ts';

export type { DataInput, SplitInput, SupervisedInput } from './supervised/supervised-spec.ts';
export type { FiniteSumQuadraticSpec, HeterogeneousQuadraticSpec, ModuleProblemSpec, SeparableQuadraticSpec, WorstCaseQuadraticSpec };

/**
 * `scenario.problem`, as users write it and as validation expands it (defaults filled in,
 * derived sizes such as `d` recorded): one shape per problem kind, each declared beside its
 * problem.
 */
export type ProblemSpec =
  | WorstCaseQuadraticSpec
  | HeterogeneousQuadraticSpec
  | FiniteSumQuadraticSpec
  | SeparableQuadraticSpec
  | ModuleProblemSpec
  | (SupervisedInput & {
      /** Multinomial logistic regression, d = (features + 1)·classes (7850 on MNIST). */
      kind: 'logistic-regression';
    })
  | (SupervisedInput & {
      /** Two-layer perceptron features–hidden–classes, ReLU, softmax cross-entropy. */
      kind: 'mlp';
      /** Hidden units. Default 128. */
      hidden?: number;
    })
  | (SupervisedInput & {
      /** Binary logistic regression, one class against another, with λ Σ x_j²/(1 + x_j²). */
      kind: 'binary-logistic-regression';
      /** [positive, negative] labels, e.g. [1, 7]. */
      classes: [number, number];
      /** λ of the nonconvex regularizer. Default 0.1. */
      lambda?: number;
    });

/** What users write: the same shapes (validation fills in the rest). */
export type ProblemInput = ProblemSpec;
