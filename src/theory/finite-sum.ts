import { collectionTime } from './fixed-model.ts';

/**
 * Freya PAGE on a finite sum of m components (ALGORITHMS §4.2, §7.1) [R, unverified]:
 * t(m) + (LΔ/ε)·t(√m) seconds with t(S) = min_j (Σ_{i≤j} 1/τ_(i))⁻¹(S + j) — one full gradient
 * up front, then LΔ/ε iterations each collecting about √m gradient differences.
 * Returned in seconds for the given LΔ/ε (`iterations`), since the two terms scale differently.
 */
export function freyaPageSeconds(taus: readonly number[], components: number, iterations: number): number {
  return collectionTime(taus, components) + iterations * collectionTime(taus, Math.sqrt(components));
}
