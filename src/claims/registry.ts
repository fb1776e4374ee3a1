import type { Claim } from './claim.ts';
import { shadowheartRegimes } from './builtin/communication.ts';
import { graphAggregation } from './builtin/decentralized.ts';
import { heterogeneityFixedPoints } from './builtin/heterogeneity.ts';
import { rennalaOptimalShape } from './builtin/optimality.ts';
import { livenessAfterCrash, slowWorkerRobustness } from './builtin/robustness.ts';
import { delayBounds, equalWeights, freshGradients, minibatchNeverStalls } from './builtin/structural.ts';

/** Every shipped claim, in the order the robustness matrix lists them (ALGORITHMS-derived first). */
export const CLAIMS: readonly Claim[] = [
  freshGradients,
  equalWeights,
  delayBounds,
  slowWorkerRobustness,
  heterogeneityFixedPoints,
  rennalaOptimalShape,
  shadowheartRegimes,
  graphAggregation,
  livenessAfterCrash,
  minibatchNeverStalls,
];

export function getClaim(id: string): Claim | undefined {
  return CLAIMS.find((c) => c.id === id);
}
