import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import type { FaultInput } from '../../src/scenario/fault-types.ts';
import type { MethodInput, ScenarioInput, WorkerInput } from '../../src/scenario/scenario-types.ts';
import { buildSpeedProfile } from '../../src/scenario/speed/build-speed-profile.ts';
import { RandomStream } from '../../src/random/random-stream.ts';
import { dyadicTau } from '../helpers/arbitraries.ts';
import { simulateTraced } from '../helpers/simulate.ts';

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);
/** Multiples of 1/4: fault windows and job times add up exactly. */
const quarter = (min: number, max: number) => fc.integer({ min: min * 4, max: max * 4 }).map((k) => k / 4);

function scenario(workers: WorkerInput[], method: MethodInput, faults: FaultInput[], stop: ScenarioInput['stop'] = { time: 60 }): ScenarioInput {
  return {
    name: 'fault',
    seed: 5,
    problem: { kind: 'worst-case-quadratic', d: 3, noise: { kind: 'add', sigma: 0.1 } },
    workers,
    methods: [method],
    faults,
    stop,
    record: { trace: true },
  };
}

const of = (records: readonly TraceRecord[], kind: number, worker?: number) =>
  records.filter((r) => r.kind === kind && (worker === undefined || r.worker === worker));

const ASGD: MethodInput = { method: 'asgd', stepSize: 0.01 };

describe('crash', () => {
  it('a crashed worker delivers nothing until it recovers, and loses the job in progress', () => {
    fc.assert(
      fc.property(fc.array(dyadicTau, { minLength: 2, maxLength: 4 }), quarter(0, 20), fc.option(quarter(1, 20), { nil: undefined }), (taus, at, recoverAfter) => {
        const faults: FaultInput[] = [{ kind: 'crash', at, workers: [0], ...(recoverAfter === undefined ? {} : { recoverAfter }) }];
        const { records } = simulateTraced(scenario(taus.map((tau) => ({ tau })), ASGD, faults));
        const back = recoverAfter === undefined ? Infinity : at + recoverAfter;
        for (const r of of(records, TraceKind.gradComputed, 0)) expect(r.time < at || r.time > back, `computed at ${r.time}`).toBe(true);
        for (const r of of(records, TraceKind.gradArrive, 0)) expect(r.time < at || r.time > back, `arrived at ${r.time}`).toBe(true);
        // The job running at the crash is cancelled at the crash; one due at the very instant of
        // the crash is lost too (the crash was scheduled first, and equal times run in that order).
        const running = of(records, TraceKind.jobStart, 0).filter((r) => r.time <= at && r.value >= at);
        const cancelled = of(records, TraceKind.jobCancelled, 0).filter((r) => r.time === at);
        expect(cancelled.map((r) => r.job)).toEqual(running.map((r) => r.job));
      }),
      { numRuns },
    );
  });
});

describe('pause', () => {
  it('a paused worker finishes its job exactly the pause length later', () => {
    fc.assert(
      fc.property(dyadicTau, quarter(0, 10), quarter(0.25, 10), (tau, from, length) => {
        const { records } = simulateTraced(scenario([{ tau }], { method: 'hero', stepSize: 0.1 }, [{ kind: 'pause', from, to: from + length, workers: [0] }]));
        for (const job of of(records, TraceKind.jobStart, 0)) {
          const start = job.time;
          const expected = start >= from + length || start + tau <= from ? start + tau : start < from ? start + tau + length : from + length + tau;
          expect(job.value, `job started at ${start}`).toBe(expected);
        }
      }),
      { numRuns },
    );
  });
});

describe('straggle', () => {
  it('a straggle factor k stretches the part of a job inside the window k-fold', () => {
    fc.assert(
      fc.property(dyadicTau, quarter(0, 10), quarter(0.25, 10), fc.constantFrom(2, 4, 8), (tau, from, length, k) => {
        const to = from + length;
        const { records } = simulateTraced(scenario([{ tau }], { method: 'hero', stepSize: 0.1 }, [{ kind: 'straggle', factor: k, from, to, workers: [0] }]));
        for (const job of of(records, TraceKind.jobStart, 0)) {
          // Work done at speed 1 outside the window and 1/k inside; solve ∫ s = τ piece by piece.
          let t = job.time;
          let work = tau;
          if (t < from) {
            const step = Math.min(work, from - t);
            t += step;
            work -= step;
          }
          if (work > 0 && t < to) {
            const step = Math.min(work, (to - t) / k);
            t += step * k;
            work -= step;
          }
          t += work;
          expect(job.value).toBeCloseTo(t, 12);
        }
      }),
      { numRuns },
    );
  });
});

describe('universal computation model', () => {
  it('completion times match a numerical integration of the speed', () => {
    fc.assert(
      fc.property(dyadicTau, fc.double({ min: 0.5, max: 5, noNaN: true }), fc.double({ min: 0, max: 0.9, noNaN: true }), (tau, period, relative) => {
        const speed = { kind: 'sine' as const, period, mean: 1, amplitude: relative, phase: 0 };
        const { records } = simulateTraced(scenario([{ tau, compute: { speed } }], { method: 'hero', stepSize: 0.1 }, [], { time: 20 }));
        const profile = buildSpeedProfile(speed, new RandomStream(0));
        for (const job of of(records, TraceKind.jobStart, 0)) {
          // Midpoint rule with a fine step, then one linear correction: independent of the engine.
          const h = 1e-4;
          let t = job.time;
          let done = 0;
          while (done + profile.speedAt(t + h / 2) * h < tau) {
            done += profile.speedAt(t + h / 2) * h;
            t += h;
          }
          t += (tau - done) / profile.speedAt(t + h / 2);
          expect(job.value).toBeCloseTo(t, 6);
        }
      }),
      { numRuns: Math.ceil(numRuns / 4) },
    );
  });
});

describe('partition', () => {
  it('a hold partition delivers what it held at the heal, in order', () => {
    fc.assert(
      fc.property(fc.array(dyadicTau, { minLength: 1, maxLength: 3 }), quarter(0, 10), quarter(0.25, 10), (taus, from, length) => {
        const to = from + length;
        const { records } = simulateTraced(scenario(taus.map((tau) => ({ tau })), ASGD, [{ kind: 'partition', from, to, mode: 'hold', workers: [0] }]));
        const held = of(records, TraceKind.gradComputed, 0).filter((r) => r.time >= from && r.time < to);
        const arrivals = new Map(of(records, TraceKind.gradArrive, 0).map((r) => [r.job, r]));
        for (const r of held) {
          const arrival = arrivals.get(r.job);
          if (arrival !== undefined) expect(arrival.time, `job ${r.job}`).toBe(to);
        }
        const order = of(records, TraceKind.gradArrive, 0).map((r) => r.job);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      { numRuns },
    );
  });

  it('a drop partition loses what is sent inside it, and nothing else', () => {
    const { records, result } = simulateTraced(scenario([{ tau: 1 }, { tau: 2 }], ASGD, [{ kind: 'partition', from: 3, to: 7, mode: 'drop', workers: [0] }], { time: 20 }));
    expect(of(records, TraceKind.gradLost, 0).map((r) => r.time)).toEqual([3]);
    expect(result.gradients.lost).toBe(1);
  });
});

describe('loss', () => {
  it('with p = 0 changes nothing at all', () => {
    fc.assert(
      fc.property(fc.array(dyadicTau, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), (taus, seed) => {
        const base = { ...scenario(taus.map((tau) => ({ tau, latency: 0.25 })), { method: 'rennala', stepSize: 0.1, batchSize: 2 }, []), seed };
        const withLoss = { ...base, faults: [{ kind: 'loss' as const, p: 0, workers: taus.map((_, i) => i), direction: 'both' as const }] };
        expect(simulateTraced(withLoss).result.traceHash).toBe(simulateTraced(base).result.traceHash);
      }),
      { numRuns },
    );
  });

  it('with p = 1 delivers nothing sent in its window', () => {
    const { records } = simulateTraced(scenario([{ tau: 1 }, { tau: 1.5 }], ASGD, [{ kind: 'loss', p: 1, from: 2, to: 6, workers: [1] }], { time: 20 }));
    expect(of(records, TraceKind.gradArrive, 1).filter((r) => r.time >= 2 && r.time < 6)).toEqual([]);
    expect(of(records, TraceKind.gradLost, 1).length).toBeGreaterThan(0);
  });
});

describe('duplicate', () => {
  it('delivers copies that are counted and never applied twice', () => {
    const { result, records } = simulateTraced(scenario([{ tau: 1 }, { tau: 1.5 }], ASGD, [{ kind: 'duplicate', p: 1, workers: [0, 1], direction: 'both' }], { time: 10 }));
    expect(result.gradients.duplicates).toBeGreaterThan(0);
    expect(of(records, TraceKind.duplicate).length).toBe(result.gradients.duplicates);
    const applied = of(records, TraceKind.gradApplied).map((r) => `${r.worker}/${r.job}`);
    expect(new Set(applied).size).toBe(applied.length);
  });
});

describe('join', () => {
  it('a joining worker computes nothing before it appears, then takes part', () => {
    const { records } = simulateTraced(scenario([{ tau: 1 }, { tau: 1 }], ASGD, [{ kind: 'join', at: 5, workers: [1] }], { time: 10 }));
    const starts = of(records, TraceKind.jobStart, 1).map((r) => r.time);
    expect(starts[0]).toBe(5);
    expect(starts.length).toBeGreaterThan(1);
  });
});

describe('stalls', () => {
  it('Minibatch stalls on a worker that crashed for good, and says which and when', () => {
    const { result } = simulateTraced(scenario([{ tau: 1 }, { tau: 2 }, { tau: 3 }], { method: 'minibatch', stepSize: 0.1 }, [{ kind: 'crash', at: 7.5, workers: [2] }], { time: 1000 }));
    expect(result.stopReason).toBe('stalled');
    expect(result.stall?.workers).toEqual([2]);
    expect(result.stall?.waitingFor).toContain('worker 2 (crashed at t=7.5 for good)');
    expect(result.stall?.since).toBe(6);
  });

  it('Rennala and ASGD keep going past a dead worker', () => {
    for (const method of [ASGD, { method: 'rennala', stepSize: 0.1, batchSize: 2 }] as MethodInput[]) {
      const { result } = simulateTraced(scenario([{ tau: 1 }, { tau: 2 }, { tau: 3 }], method, [{ kind: 'crash', at: 7.5, workers: [2] }], { time: 100 }));
      expect(result.stopReason).toBe('time');
    }
  });

  it('a recovery that comes within the budget unblocks Minibatch', () => {
    const { result } = simulateTraced(scenario([{ tau: 1 }, { tau: 2 }], { method: 'minibatch', stepSize: 0.1 }, [{ kind: 'crash', at: 3, recoverAfter: 10, workers: [1] }], { time: 40 }));
    expect(result.stopReason).toBe('time');
    expect(result.iterations).toBeGreaterThan(10);
  });

  it('Malenia stalls when a worker’s gradient is lost, though the others keep computing', () => {
    const { result } = simulateTraced(
      scenario([{ tau: 1 }, { tau: 2 }], { method: 'malenia', stepSize: 0.1, batchSize: 2 }, [{ kind: 'loss', p: 1, from: 3, to: 5, workers: [1] }], { time: 10_000 }),
    );
    expect(result.stopReason).toBe('stalled');
    expect(result.stall?.waitingFor).toMatch(/worker 1 \(idle; its gradient of job \d+ at t=4 was lost\)/);
    expect(result.virtualTime).toBeLessThan(10_000);
  });
});
