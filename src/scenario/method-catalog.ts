import type { Raw } from '../input/fields.ts';
import type { WorkerSpec } from './scenario-types.ts';
import type { Topology } from '../graph/topology.ts';

/** What a method's parameter parser may know about the scenario when it fills in defaults. */
export interface MethodParseContext {
  readonly workerCount: number;
  readonly dimension: number;
  /** σ² of one stochastic gradient, when the problem's noise model states it. */
  readonly noiseVariance: number | undefined;
  /** The ‖∇f‖² target, when the scenario has one (ε in the theory's σ²/ε). */
  readonly target: number | undefined;
  /** m, when the problem is a finite sum (Freya PAGE needs one). */
  readonly components: number | undefined;
  /** The workers, spelled out (nominal τ, links): what a method may know in advance. */
  readonly workers: readonly WorkerSpec[];
  /** The scenario's graph, if it has one (decentralized methods need it). */
  readonly topology?: Topology;
}

/**
 * The methods a scenario may name. The scenario layer validates everything except method
 * parameters, which belong to the methods themselves (actors/); the engine passes the catalog in.
 */
export interface MethodCatalog {
  /** Every known method id. */
  ids(): readonly string[];
  /** Validates the parameters of method `id` found at `path`; throws a ScenarioError if bad. */
  parseParams(id: string, raw: Raw, path: string, context: MethodParseContext): Record<string, unknown>;
}
