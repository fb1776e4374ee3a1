import fc from 'fast-check';
import type { FaultInput } from '../../src/scenario/fault-types.ts';
import type { ProblemInput, ScenarioInput } from '../../src/scenario/scenario-types.ts';
import type { SupervisedKind } from '../../src/scenario/parse-supervised.ts';
import { KITS } from './kits/index.ts';
import type { MethodKit } from './method-kit.ts';

/**
 * Compute times as multiples of 1/8: sums of these are exact in floating point, so timing laws
 * ("iteration k ends at exactly k·max τ") can be checked with ===.
 */
export const dyadicTau = fc.integer({ min: 1, max: 32 }).map((k) => k / 8);

/** Times as multiples of 1/4 in [0, 40]: fault windows land exactly on event times. */
const dyadicTime = fc.integer({ min: 0, max: 160 }).map((k) => k / 4);

/** One fault of any kind hitting some of `workers` workers, with a window inside the first 40 s. */
export function faultArb(workers: number): fc.Arbitrary<FaultInput> {
  const target = fc.oneof(
    fc.uniqueArray(fc.integer({ min: 0, max: workers - 1 }), { minLength: 1, maxLength: workers }).map((ids) => ({ workers: ids })),
    fc.integer({ min: 1, max: workers }).map((k) => ({ slowest: k })),
    fc.integer({ min: 1, max: workers }).map((k) => ({ fastest: k })),
    fc.constantFrom(0.25, 0.5, 1).map((fraction) => ({ fraction })),
  );
  const window = fc.tuple(dyadicTime, fc.integer({ min: 1, max: 80 })).map(([from, length]) => ({ from, to: from + length / 4 }));
  const direction = fc.constantFrom('up' as const, 'down' as const, 'both' as const);
  const kind: fc.Arbitrary<FaultInput> = fc.oneof(
    fc.record({ window, extra: fc.constantFrom({ kind: 'constant' as const, value: 0.5 }, { kind: 'exponential' as const, mean: 0.25 }), direction }).map(
      ({ window: w, extra, direction: d }) => ({ kind: 'delay' as const, ...w, extra, direction: d }),
    ),
    fc.record({ window, factor: fc.constantFrom(2, 4, 10) }).map(({ window: w, factor }) => ({ kind: 'straggle' as const, ...w, factor })),
    window.map((w) => ({ kind: 'pause' as const, ...w })),
    fc.record({ at: dyadicTime, recoverAfter: fc.option(fc.integer({ min: 1, max: 40 }).map((k) => k / 4), { nil: undefined }) }).map(({ at, recoverAfter }) => ({
      kind: 'crash' as const,
      at,
      ...(recoverAfter === undefined ? {} : { recoverAfter }),
    })),
    dyadicTime.map((at) => ({ kind: 'join' as const, at })),
    fc.record({ window, p: fc.constantFrom(0, 0.3, 1), direction }).map(({ window: w, p, direction: d }) => ({ kind: 'loss' as const, ...w, p, direction: d })),
    fc.record({ window, p: fc.constantFrom(0.5, 1), direction }).map(({ window: w, p, direction: d }) => ({ kind: 'duplicate' as const, ...w, p, direction: d })),
    fc.record({ window, mode: fc.constantFrom('drop' as const, 'hold' as const) }).map(({ window: w, mode }) => ({ kind: 'partition' as const, ...w, mode })),
  );
  return fc.tuple(kind, target).map(([fault, t]) => ({ ...fault, ...t }) as FaultInput);
}

export interface ScenarioArbOptions {
  /** The methods to draw from (default: every kit). */
  readonly kits?: readonly MethodKit[];
  readonly maxWorkers?: number;
  /**
   * Give links a cost (otherwise they are free): every uplink a latency and maybe a per-float
   * cost, and the downlink (the model broadcast) maybe a latency and a per-float cost of its own.
   */
  readonly latency?: boolean;
  /** Add up to this many faults of any kind. */
  readonly maxFaults?: number;
}

/** Every problem kind generated scenarios use (the supervised ones need data and are tested apart). */
export const PROBLEM_KINDS = ['separable-quadratic', 'worst-case-quadratic', 'heterogeneous-quadratic', 'finite-sum-quadratic'] as const;

/** Link costs of generated scenarios: dyadic, so event times stay exact sums. */
const linkCosts = fc.record({
  latency: fc.constantFrom(0.125, 0.25, 1),
  perFloat: fc.constantFrom(0, 0, 1 / 64),
  downLatency: fc.constantFrom(0, 0.125, 0.5),
  downPerFloat: fc.constantFrom(0, 0, 1 / 32),
});

const freeLinks = fc.constant({ latency: 0, perFloat: 0, downLatency: 0, downPerFloat: 0 });

/** A small problem of the given kind for `workers` workers. */
function problemOf(kind: Exclude<ProblemInput['kind'], SupervisedKind | 'module'>, workers: number, d: number, sigma: number): ProblemInput {
  switch (kind) {
    case 'separable-quadratic':
      return {
        kind,
        centers: Array.from({ length: workers }, (_, i) => Array.from({ length: d }, (_, j) => ((i * 7 + j * 3) % 5) - 2)),
        curvature: Array.from({ length: d }, (_, j) => 1 + j / 4),
        noise: { kind: 'gaussian', sigma },
      };
    case 'worst-case-quadratic':
      return { kind, d: d + 1, noise: { kind: 'add', sigma } };
    case 'finite-sum-quadratic':
      return { kind, d: d + 1, components: 4 + 3 * d, noise: { kind: 'gaussian', sigma: sigma + 0.1 } };
    case 'heterogeneous-quadratic':
      return { kind, d: d + 1, noise: { kind: 'gaussian', sigma } };
  }
}

/** Small scenarios with one method: a few workers, dyadic τ, a tiny problem, a short budget. */
export function scenarioArb(options: ScenarioArbOptions = {}): fc.Arbitrary<ScenarioInput> {
  const kits = options.kits ?? KITS;
  return fc
    .record({
      taus: fc.array(dyadicTau, { minLength: 1, maxLength: options.maxWorkers ?? 5 }),
      kit: fc.constantFrom(...kits),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      problemPick: fc.nat(),
      sigma: fc.constantFrom(0, 0.1, 0.5),
      d: fc.integer({ min: 1, max: 4 }),
      links: options.latency === true ? linkCosts : freeLinks,
      iterations: fc.integer({ min: 1, max: 40 }),
      time: fc.integer({ min: 1, max: 60 }),
    })
    .chain((r) =>
      fc.tuple(r.kit.params(r.taus.length), fc.array(faultArb(r.taus.length), { maxLength: options.maxFaults ?? 0 })).map(([method, generated]): ScenarioInput => {
        const kinds = r.kit.problems ?? PROBLEM_KINDS;
        const faults = r.kit.joins === false ? generated.filter((f) => f.kind !== 'join') : generated;
        return {
        name: 'generated',
        seed: r.seed,
        problem: problemOf(kinds[r.problemPick % kinds.length], r.taus.length, r.d, r.sigma),
        workers: r.taus.map((tau) => ({
          tau,
          latency: r.links.latency,
          perFloat: r.links.perFloat,
          ...(r.links.downLatency > 0 || r.links.downPerFloat > 0 ? { downlink: { latency: r.links.downLatency, perFloat: r.links.downPerFloat } } : {}),
        })),
        methods: [method],
        ...(faults.length > 0 ? { faults } : {}),
        stop: { iterations: r.iterations, time: r.time },
        record: { trace: true },
        };
      }),
    );
}
