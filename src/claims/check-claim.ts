import fc from 'fast-check';
import { ScenarioError } from '../input/scenario-error.ts';
import type { ScenarioInput } from '../scenario/scenario-types.ts';
import type { Claim, Verdict } from './claim.ts';
import { FAMILIES, type FamilyId } from './families.ts';

export interface CheckOptions {
  /** The family to check under (default `fixed`, the claim's own). */
  readonly family?: FamilyId;
  /** Scenarios to try (default 20). */
  readonly runs?: number;
  /** fast-check seed (default 1): the same seed tries the same scenarios. */
  readonly seed?: number;
  /** Evaluations allowed while shrinking a counterexample (default: the claim's, else 200). */
  readonly shrinkBudget?: number;
}

/** One cell of the robustness matrix. */
export interface ClaimReport {
  readonly claim: string;
  readonly family: FamilyId;
  readonly status: 'holds' | 'broken';
  /** Scenarios that were tried. */
  readonly cases: number;
  /** The smallest breaking scenario found, ready to save and replay with `roundtable run`. */
  readonly counterexample: ScenarioInput | undefined;
  readonly reason: string | undefined;
  /** What fast-check needs to replay the search: `{ seed, path }`. */
  readonly replay: { readonly seed: number; readonly path: string } | undefined;
  readonly shrinks: number;
}

/**
 * Runs `claim` as a fast-check property over its scenarios, changed by the family. On failure,
 * the counterexample is shrunk (fewer workers, fewer faults, smaller numbers) within a budget of
 * evaluations, so a slow claim still ends; everything is deterministic for a given seed.
 */
export function checkClaim(claim: Claim, options: CheckOptions = {}): ClaimReport {
  const family = options.family ?? 'fixed';
  const budget = options.shrinkBudget ?? claim.shrinkBudget ?? 200;
  let failures = 0;
  let evaluationsAfterFailure = 0;
  const property = fc.property(FAMILIES[family].apply(claim.scenarios), (scenario) => {
    if (failures > 0 && ++evaluationsAfterFailure > budget) return true;
    const verdict = evaluate(claim, scenario);
    if (verdict === undefined) {
      fc.pre(false);
      return true;
    }
    if (!verdict.holds) failures++;
    return verdict.holds;
  });
  const details = fc.check(property, { numRuns: options.runs ?? 20, seed: options.seed ?? 1 });
  if (!details.failed || details.counterexample === null) {
    return { claim: claim.id, family, status: 'holds', cases: details.numRuns, counterexample: undefined, reason: undefined, replay: undefined, shrinks: 0 };
  }
  const counterexample = details.counterexample[0];
  return {
    claim: claim.id,
    family,
    status: 'broken',
    cases: details.numRuns,
    counterexample,
    reason: evaluate(claim, counterexample)?.reason ?? 'the claim failed',
    replay: { seed: details.seed, path: details.counterexamplePath ?? '' },
    shrinks: details.numShrinks,
  };
}

/** The claim's verdict, or undefined when the generated scenario is not a valid one (skipped). */
function evaluate(claim: Claim, scenario: ScenarioInput): Verdict | undefined {
  try {
    return claim.check(scenario);
  } catch (error) {
    if (error instanceof ScenarioError) return undefined;
    throw error;
  }
}
