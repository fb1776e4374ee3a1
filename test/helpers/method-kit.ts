import type { SupervisedKind } from '../../src/scenario/parse-supervised.ts';
import type fc from 'fast-check';
import type { MethodInput, ProblemInput } from '../../src/scenario/scenario-types.ts';
import type { Law } from './laws.ts';

/**
 * Everything the generic property tests need to know about one method: how to generate its
 * parameters for a world of `workers` workers, the laws of ALGORITHMS.md that are its own, and
 * the worlds it makes sense in.
 */
export interface MethodKit {
  readonly id: string;
  /** Parameters that keep small generated problems stable. */
  params(workers: number): fc.Arbitrary<MethodInput>;
  /** The method's own invariants (the generic laws apply to every method anyway). */
  readonly laws: readonly Law[];
  /** Problem kinds it runs on (default: every kind of PROBLEM_KINDS in arbitraries.ts). */
  readonly problems?: readonly Exclude<ProblemInput['kind'], SupervisedKind | 'module'>[];
  /** False if the method cannot run with joining workers (default true). */
  readonly joins?: boolean;
}
