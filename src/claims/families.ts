import fc from 'fast-check';
import type { DistributionSpec } from '../random/distributions.ts';
import type { FaultInput } from '../scenario/fault-types.ts';
import type { ScenarioInput, SpeedProfileInput, WorkerInput } from '../scenario/scenario-types.ts';
import { time } from './arbitraries.ts';

/**
 * A scenario family: a way of breaking (or keeping) the fixed computation model the papers'
 * proofs assume. `apply` turns an arbitrary of scenarios into one with the family's
 * ingredients added; the ingredients are generated independently of the base scenario (worker
 * picks are indices taken modulo the worker count) so that failures shrink well.
 */
export interface ScenarioFamily {
  readonly id: FamilyId;
  readonly description: string;
  apply(base: fc.Arbitrary<ScenarioInput>): fc.Arbitrary<ScenarioInput>;
}

export const FAMILY_IDS = ['fixed', 'random-compute', 'time-varying', 'stragglers', 'pauses', 'crashes', 'delays', 'loss'] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

/** Fault windows start within the first 60 s and last up to 60 s. */
const window = fc.record({ from: time(0, 60), length: time(0.25, 60) }).map(({ from, length }) => ({ from, to: from + length }));
/** A worker pick, resolved modulo the scenario's worker count. */
const workerPick = fc.nat({ max: 63 });

function withFaults(base: fc.Arbitrary<ScenarioInput>, faults: fc.Arbitrary<readonly ((workers: number) => FaultInput)[]>): fc.Arbitrary<ScenarioInput> {
  return fc.tuple(base, faults).map(([scenario, makers]) => {
    const workers = Array.isArray(scenario.workers) ? scenario.workers.length : scenario.workers.count;
    return { ...scenario, faults: [...(scenario.faults ?? []), ...makers.map((make) => make(workers))] };
  });
}

function mapWorkers(base: fc.Arbitrary<ScenarioInput>, extra: fc.Arbitrary<(tau: number) => Partial<WorkerInput>>): fc.Arbitrary<ScenarioInput> {
  return fc.tuple(base, extra).map(([scenario, change]) => {
    if (!Array.isArray(scenario.workers)) return scenario;
    return { ...scenario, workers: scenario.workers.map((w) => ({ ...w, ...change(w.tau) })) };
  });
}

const noise: fc.Arbitrary<DistributionSpec> = fc.oneof(
  time(0.25, 4).map((mean): DistributionSpec => ({ kind: 'exponential', mean })),
  fc.record({ scale: time(0.25, 2), shape: fc.constantFrom(1.2, 1.5, 2, 3) }).map(({ scale, shape }): DistributionSpec => ({ kind: 'pareto', scale, shape })),
  time(0.25, 4).map((scale): DistributionSpec => ({ kind: 'half-normal', scale })),
);

const speed: fc.Arbitrary<SpeedProfileInput> = fc.oneof(
  fc.record({ meanUp: time(1, 60), meanDown: time(0.25, 30) }).map(({ meanUp, meanDown }): SpeedProfileInput => ({ kind: 'markov', meanUp, meanDown })),
  fc.record({ period: time(1, 60), amplitude: fc.constantFrom(0.25, 0.5, 0.9) }).map(({ period, amplitude }): SpeedProfileInput => ({ kind: 'sine', period, mean: 1, amplitude })),
  fc.record({ interval: time(1, 20), sigma: fc.constantFrom(0.25, 0.5, 1) }).map(({ interval, sigma }): SpeedProfileInput => ({ kind: 'random-walk', interval, sigma, min: 0.05, max: 4 })),
);

const some = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 3 });

/** Every family, by id. */
export const FAMILIES: Readonly<Record<FamilyId, ScenarioFamily>> = {
  fixed: { id: 'fixed', description: 'the fixed computation model: constant τ_i, free links, no faults', apply: (base) => base },
  'random-compute': {
    id: 'random-compute',
    description: 'every gradient takes τ_i plus a random draw (exponential, Pareto or half-normal)',
    apply: (base) => mapWorkers(base, noise.map((n) => () => ({ compute: { noise: n } }))),
  },
  'time-varying': {
    id: 'time-varying',
    description: 'speeds vary in time (Markov on/off, sine, random walk), the universal computation model',
    apply: (base) => mapWorkers(base, speed.map((s) => () => ({ compute: { speed: s } }))),
  },
  stragglers: {
    id: 'stragglers',
    description: 'some workers slow down by a factor for a while',
    apply: (base) =>
      withFaults(base, some(fc.record({ w: workerPick, window, factor: fc.constantFrom(2, 10, 100) })).map((list) =>
        list.map(({ w, window: win, factor }) => (n: number): FaultInput => ({ kind: 'straggle', workers: [w % n], factor, ...win })),
      )),
  },
  pauses: {
    id: 'pauses',
    description: 'some workers stop for a while, keeping their work',
    apply: (base) => withFaults(base, some(fc.record({ w: workerPick, window })).map((list) => list.map(({ w, window: win }) => (n: number): FaultInput => ({ kind: 'pause', workers: [w % n], ...win })))),
  },
  crashes: {
    id: 'crashes',
    description: 'some workers crash, losing their work; some come back',
    apply: (base) =>
      withFaults(base, some(fc.record({ w: workerPick, at: time(0, 60), recoverAfter: fc.option(time(0.25, 60), { nil: undefined }) })).map((list) =>
        list.map(({ w, at, recoverAfter }) => (n: number): FaultInput => ({ kind: 'crash', workers: [w % n], at, ...(recoverAfter === undefined ? {} : { recoverAfter }) })),
      )),
  },
  delays: {
    id: 'delays',
    description: 'messages are late by a random extra delay',
    apply: (base) =>
      withFaults(base, some(fc.record({ w: workerPick, window, mean: time(0.25, 10) })).map((list) =>
        list.map(({ w, window: win, mean }) => (n: number): FaultInput => ({ kind: 'delay', workers: [w % n], extra: { kind: 'exponential', mean }, direction: 'both', ...win })),
      )),
  },
  loss: {
    id: 'loss',
    description: 'messages are lost with some probability',
    apply: (base) =>
      withFaults(base, some(fc.record({ w: workerPick, window, p: fc.constantFrom(0.05, 0.2, 0.5) })).map((list) =>
        list.map(({ w, window: win, p }) => (n: number): FaultInput => ({ kind: 'loss', workers: [w % n], p, direction: 'both', ...win })),
      )),
  },
};
