import type { Problem } from '../problems/problem.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { choosePivot } from '../graph/routing.ts';
import type { MethodBound } from '../theory/method-bounds.ts';

/** The theory's time to ε for a run, beside the measured one. */
export interface TheoryPrediction {
  /** The bound, e.g. `τ_n(1 + s/n)`, with its confidence tag. */
  readonly formula: string;
  /**
   * formula × LΔ/ε in virtual seconds (constants dropped, as in the papers' tables), or null when
   * the scenario is outside the bound's assumptions (then `note` says why).
   */
  readonly seconds: number | null;
  /** Measured time to ε / predicted seconds: the hidden constant, for this run. */
  readonly ratio: number | null;
  readonly note: string | null;
}

/**
 * The prediction of a method's time complexity (its `bound`) for this scenario, when the paper proves one
 * (ALGORITHMS §7.1) and the scenario meets its assumptions: the fixed computation model (no
 * random durations, no speed profiles, no faults), free links for compute-only bounds (only
 * per-float costs for communication bounds), homogeneous data where the bound needs it, and a
 * known σ², L, Δ and ‖∇f‖² target. Returns null for a method without a bound.
 */
export function predictTime(scenario: Scenario, bound: MethodBound | undefined, problem: Problem, timeToTarget: number | null): TheoryPrediction | null {
  if (bound === undefined) return null;
  const formula = `${bound.formula} ${bound.status}`;
  const outside = (note: string): TheoryPrediction => ({ formula, seconds: null, ratio: null, note });
  if (scenario.faults.length > 0) return outside('faults break the fixed computation model');
  if (scenario.workers.some((w) => w.compute.noise !== undefined || w.compute.speed !== undefined)) {
    return outside('random or time-varying compute times break the fixed computation model');
  }
  if (bound.communication === 'graph') return predictOnGraph(scenario, bound, formula, problem, timeToTarget, outside);
  const links = scenario.workers.flatMap((w) => [w.uplink, w.downlink]);
  if (links.some((l) => l.latency > 0)) return outside('link latency is outside the model');
  if (bound.communication === 'free' && links.some((l) => l.perFloat > 0)) return outside('the bound assumes free communication');
  if (scenario.workers.some((w) => w.downlink.perFloat > 0)) return outside('the bound assumes a free broadcast');
  if (bound.data === 'homogeneous' && problem.localFunctions > 1) return outside('the bound is for homogeneous data');
  return evaluate(scenario, bound, formula, problem, timeToTarget, outside, undefined);
}

/** A decentralized bound: the route times come from the scenario's topology, not the workers' links. */
function predictOnGraph(
  scenario: Scenario,
  bound: MethodBound,
  formula: string,
  problem: Problem,
  timeToTarget: number | null,
  outside: (note: string) => TheoryPrediction,
): TheoryPrediction {
  if (scenario.topology === undefined) return outside('needs a topology');
  const { diameterTime } = choosePivot(scenario.topology, problem.dimension);
  if (!Number.isFinite(diameterTime)) return outside('the graph is not connected');
  return evaluate(scenario, bound, formula, problem, timeToTarget, outside, diameterTime);
}

function evaluate(
  scenario: Scenario,
  bound: MethodBound,
  formula: string,
  problem: Problem,
  timeToTarget: number | null,
  outside: (note: string) => TheoryPrediction,
  longestRoute: number | undefined,
): TheoryPrediction {
  const epsilon = scenario.stop.gradNormSq;
  if (epsilon === undefined || epsilon === 0) return outside('needs a ‖∇f‖² target ε');
  const { noiseVariance, smoothness, optimalLoss } = problem;
  if (noiseVariance === undefined || smoothness === undefined || optimalLoss === undefined) return outside('needs known σ², L and f*');
  const delta = problem.loss(problem.initialPoint()) - optimalLoss;
  const units = bound.evaluate({
    h: scenario.workers.map((w) => w.compute.tau),
    c: scenario.workers.map((w) => w.uplink.perFloat),
    d: problem.dimension,
    s: noiseVariance / epsilon,
    longestRoute,
  });
  const seconds = (units * smoothness * delta) / epsilon;
  return { formula, seconds, ratio: timeToTarget === null ? null : timeToTarget / seconds, note: null };
}
