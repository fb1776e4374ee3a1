import type { Claim } from './claim.ts';
import { equalWeights, freshGradients, minibatchNeverStalls } from './builtin/structural.ts';
import { livenessAfterCrash, slowWorkerRobustness } from './builtin/robustness.ts';

/** Every shipped claim, in the order the robustness matrix lists them. */
export const CLAIMS: readonly Claim[] = [freshGradients, equalWeights, slowWorkerRobustness, livenessAfterCrash, minibatchNeverStalls];

export function getClaim(id: string): Claim | undefined {
  return CLAIMS.find((c) => c.id === id);
}
