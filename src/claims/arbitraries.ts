import fc from 'fast-check';
import type { TopologyInput } from '../scenario/parse-topology.ts';
import type { FaultInput } from '../scenario/fault-types.ts';
import type { MethodInput, ProblemInput, ScenarioInput, StopInput, WorkerInput } from '../scenario/scenario-types.ts';

/**
 * fast-check arbitraries of scenarios, with bounds sensible for property tests: a handful of
 * workers, small problems, short budgets. Every value they produce is a valid scenario, and they
 * are built from combinators only, so a failing case shrinks to fewer workers, fewer faults,
 * smaller times.
 */

/** Seconds per gradient as multiples of 1/8 in [1/8, max]: sums are exact in floating point. */
export function tau(max = 4): fc.Arbitrary<number> {
  return fc.integer({ min: 1, max: Math.round(max * 8) }).map((k) => k / 8);
}

/** Virtual times as multiples of 1/4 in [min, max]. */
export function time(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: Math.round(min * 4), max: Math.round(max * 4) }).map((k) => k / 4);
}

export interface ScenarioShape {
  /** Number of workers (default 1 to 5). */
  readonly workers?: { readonly min?: number; readonly max?: number };
  /** Compute times (default {@link tau}()). */
  readonly tau?: fc.Arbitrary<number>;
  /** The problem for a given number of workers (default a worst-case quadratic, d = 4). */
  readonly problem?: (workers: number) => ProblemInput;
  /** The methods to compare (the same list for every case). */
  readonly methods: readonly MethodInput[];
  readonly stop?: StopInput;
  /** Extra faults on top of the shape (families add their own). */
  readonly faults?: readonly FaultInput[];
  /** The graph, for decentralized methods (the same kind for every case). */
  readonly topology?: TopologyInput;
}

/** A worst-case quadratic with light additive noise: homogeneous, known f*, cheap. */
export function worstCase(d = 4, sigma = 0.01): ProblemInput {
  return { kind: 'worst-case-quadratic', d, noise: { kind: 'add', sigma } };
}

/** A separable quadratic with one distinct center per worker (data heterogeneity). */
export function separable(workers: number, d = 2, sigma = 0.01): ProblemInput {
  return {
    kind: 'separable-quadratic',
    centers: Array.from({ length: workers }, (_, i) => Array.from({ length: d }, (_, j) => ((i * 7 + j * 3) % 5) - 2 + i / workers)),
    curvature: Array.from({ length: d }, () => 1),
    noise: { kind: 'gaussian', sigma },
  };
}

/** Scenarios of the given shape: the workers' τ and the seed vary. */
export function scenario(shape: ScenarioShape): fc.Arbitrary<ScenarioInput> {
  const min = shape.workers?.min ?? 1;
  const max = shape.workers?.max ?? 5;
  return fc
    .record({ taus: fc.array(shape.tau ?? tau(), { minLength: min, maxLength: max }), seed: fc.integer({ min: 0, max: 1_000_000 }) })
    .map(({ taus, seed }): ScenarioInput => ({
      name: 'generated',
      seed,
      problem: (shape.problem ?? (() => worstCase()))(taus.length),
      workers: taus.map((t): WorkerInput => ({ tau: t })),
      methods: [...shape.methods],
      ...(shape.faults === undefined || shape.faults.length === 0 ? {} : { faults: [...shape.faults] }),
      ...(shape.topology === undefined ? {} : { topology: shape.topology }),
      stop: shape.stop ?? { time: 200 },
    }));
}
