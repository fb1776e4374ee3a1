import { describe, expect, it } from 'vitest';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import type { MethodInput, ScenarioInput } from '../../src/scenario/scenario-types.ts';
import { simulateTraced } from '../helpers/simulate.ts';

function world(taus: number[], method: MethodInput, stop: ScenarioInput['stop'], sigma = 0): ScenarioInput {
  return {
    name: 'example',
    problem: { kind: 'worst-case-quadratic', d: 4, noise: { kind: 'add', sigma } },
    workers: taus.map((tau) => ({ tau })),
    methods: [method],
    stop,
    record: { trace: true },
  };
}

const of = (records: readonly TraceRecord[], kind: number) => records.filter((r) => r.kind === kind);
const stepTimes = (records: readonly TraceRecord[]) => of(records, TraceKind.modelStep).map((r) => r.time);

describe('Hero SGD', () => {
  it('uses only the nominally fastest worker', () => {
    const { records } = simulateTraced(world([3, 2, 1, 2], { method: 'hero', stepSize: 0.1 }, { iterations: 5 }));
    expect(new Set(of(records, TraceKind.gradComputed).map((r) => r.worker))).toEqual(new Set([2]));
    expect(stepTimes(records)).toEqual([1, 2, 3, 4, 5]);
  });

  it('uses the worker named by the worker parameter', () => {
    const { records } = simulateTraced(world([3, 2, 1], { method: 'hero', stepSize: 0.1, worker: 0 }, { iterations: 2 }));
    expect(stepTimes(records)).toEqual([3, 6]);
  });
});

describe('Minibatch SGD', () => {
  it('steps when the slowest worker delivers, on the average of one gradient per worker', () => {
    const { records, result } = simulateTraced(world([1, 2, 4], { method: 'minibatch', stepSize: 0.1 }, { iterations: 3 }));
    expect(stepTimes(records)).toEqual([4, 8, 12]);
    for (const r of of(records, TraceKind.gradApplied)) expect(r.value).toBeCloseTo(1 / 3, 15);
    expect(result.gradients.discarded).toBe(0);
    // Fast workers idle while waiting: utilization (1 + 2 + 4)/(3·4).
    expect(result.utilization).toBeCloseTo(7 / 12, 12);
  });
});

describe('Asynchronous SGD', () => {
  it('applies every arrival at once; a slow worker’s gradient carries the updates made meanwhile', () => {
    const { records } = simulateTraced(world([1, 3], { method: 'asgd', stepSize: 0.01 }, { iterations: 4 }));
    const applied = of(records, TraceKind.gradApplied).map((r) => ({ worker: r.worker, t: r.time, staleness: r.iteration - r.tag }));
    // t=1: w0; t=2: w0; t=3: w1's job (scheduled at t=0, so before w0's third) then w0's.
    expect(applied).toEqual([
      { worker: 0, t: 1, staleness: 0 },
      { worker: 0, t: 2, staleness: 0 },
      { worker: 1, t: 3, staleness: 2 },
      { worker: 0, t: 3, staleness: 1 },
    ]);
  });

  it('discards what is staler than maxDelay and restarts the sender', () => {
    const { records } = simulateTraced(world([1, 3], { method: 'asgd', stepSize: 0.01, maxDelay: 1 }, { time: 3 }));
    const discarded = of(records, TraceKind.gradDiscarded);
    expect(discarded.map((r) => [r.worker, r.time])).toEqual([[1, 3]]);
  });
});

describe('Rennala SGD', () => {
  it('steps on S fresh gradients and discards gradients computed at an older iterate', () => {
    const { records } = simulateTraced(world([1, 1.5], { method: 'rennala', stepSize: 0.1, batchSize: 2 }, { iterations: 2 }));
    // t=1 w0 (fresh), t=1.5 w1 completes the batch → step 1; t=2 w0's job was at x⁰: discarded.
    expect(stepTimes(records)[0]).toBe(1.5);
    const discarded = of(records, TraceKind.gradDiscarded).map((r) => [r.worker, r.time, r.tag]);
    expect(discarded[0]).toEqual([0, 2, 0]);
  });

  it('with equal τ, S = n and cancelled stale work, follows Minibatch step for step', () => {
    const taus = [2, 2, 2];
    const rennala = simulateTraced(world(taus, { method: 'rennala', stepSize: 0.1, batchSize: 3, staleWork: 'cancel' }, { iterations: 6 }));
    const minibatch = simulateTraced(world(taus, { method: 'minibatch', stepSize: 0.1 }, { iterations: 6 }));
    expect(stepTimes(rennala.records)).toEqual(stepTimes(minibatch.records));
    expect(rennala.result.final.x).toEqual(minibatch.result.final.x);
  });

  it('with S = 1, applies the first fresh gradient', () => {
    const { records } = simulateTraced(world([1, 3], { method: 'rennala', stepSize: 0.1, batchSize: 1 }, { iterations: 5 }));
    for (const r of of(records, TraceKind.gradApplied)) expect(r.tag).toBe(r.iteration);
    expect(stepTimes(records)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('Malenia SGD', () => {
  it('waits for every worker, then steps once the harmonic mean of the counts exceeds S/n', () => {
    // B after each arrival: t=1 (1,0), t=2 (2,0), t=3 w1 first (2,1): H = 2/(1/2 + 1) = 4/3 > S/n = 1.
    const { records } = simulateTraced(world([1, 3], { method: 'malenia', stepSize: 0.1, batchSize: 2 }, { iterations: 1 }));
    expect(stepTimes(records)).toEqual([3]);
    const applied = of(records, TraceKind.gradApplied);
    expect(applied.filter((r) => r.worker === 0).map((r) => r.value)).toEqual([0.25, 0.25]);
    expect(applied.filter((r) => r.worker === 1).map((r) => r.value)).toEqual([0.5]);
  });

  it('discards work computed at the old iterate after a step', () => {
    const { result } = simulateTraced(world([1, 3], { method: 'malenia', stepSize: 0.1, batchSize: 2 }, { time: 3.5 }));
    // w0's third gradient (started at t=2, at x⁰) arrives right after the step at t=3.
    expect(result.gradients.discarded).toBe(1);
  });
});
