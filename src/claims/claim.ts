import type fc from 'fast-check';
import type { ScenarioInput } from '../scenario/scenario-types.ts';

/** The outcome of checking a claim on one scenario. */
export interface Verdict {
  readonly holds: boolean;
  /** Why it holds or, more usefully, why not: numbers a reader can check. */
  readonly reason: string;
}

/**
 * A claim from a paper, as data: it is stated for a family of scenarios (usually the fixed
 * computation model) and checked by running them. `check` may derive further scenarios from
 * the one it is given (for example, the same world with a slower worker).
 */
export interface Claim {
  /** Short id, e.g. `rennala-fresh-gradients`. */
  readonly id: string;
  /** One sentence. */
  readonly statement: string;
  /** Paper and section (ALGORITHMS.md). */
  readonly source: string;
  /** Scenarios within the claim's own assumptions. */
  readonly scenarios: fc.Arbitrary<ScenarioInput>;
  /** Runs what is needed and says whether the claim holds for `scenario`. */
  check(scenario: ScenarioInput): Verdict;
  /** A claim the paper does not make, shipped to show the falsifier at work (never fails CI). */
  readonly strawman?: boolean;
  /** Evaluations allowed when shrinking a counterexample (default 200); small for costly claims. */
  readonly shrinkBudget?: number;
}

export const holds = (reason: string): Verdict => ({ holds: true, reason });
export const broken = (reason: string): Verdict => ({ holds: false, reason });
