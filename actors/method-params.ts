import { optional, readInteger, readOneOf, readPositive, type Raw } from '../src/input/fields.ts';
import type { MethodParseContext } from '../src/scenario/method-catalog.ts';
import { ScenarioError } from '../src/input/scenario-error.ts';

/**
 * Parameter readers shared by the methods. Every method takes `stepSize` (γ, required); the
 * registry has already checked that only the names a method documents are present.
 */

export function readStepSize(raw: Raw, path: string): number {
  return readPositive(raw.stepSize, `${path}.stepSize`);
}

/** What a method does with work started at a model that is no longer current. */
export type StaleWork = 'discard' | 'cancel';

export function readStaleWork(raw: Raw, path: string, fallback: StaleWork): StaleWork {
  return optional(raw.staleWork, `${path}.staleWork`, (v, p) => readOneOf(v, p, ['discard', 'cancel'] as const), fallback);
}

/**
 * A batch size: the given one, or the theory's max(⌈σ²/ε⌉, floor) when the problem states σ²
 * and the scenario has a ‖∇f‖² target ε (ALGORITHMS §3.1, §3.2).
 */
export function readBatchSize(raw: Raw, path: string, context: MethodParseContext, floor: number, name = 'batchSize'): number {
  if (raw[name] !== undefined) return readInteger(raw[name], `${path}.${name}`, 1);
  const { noiseVariance, target } = context;
  if (noiseVariance === undefined || target === undefined || target === 0) {
    throw new ScenarioError(`${path}.${name}`, undefined,
      `a positive integer (no default: the default max(⌈σ²/ε⌉, ${floor}) needs a problem with a stated noise variance and a stop.gradNormSq target)`);
  }
  return Math.max(Math.ceil(noiseVariance / target), floor);
}
