import { expect } from 'vitest';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import type { TracedRun } from './simulate.ts';

/**
 * Laws written once and checked on every traced run of every method they apply to (see
 * test/engine/laws.property.test.ts). Each law reads only the trace and the result.
 */
export interface Law {
  readonly name: string;
  appliesTo(method: string): boolean;
  check(run: TracedRun): void;
}

const all = () => true;
const only = (...ids: string[]) => (method: string) => ids.includes(method);

function ofKind(records: readonly TraceRecord[], kind: number): TraceRecord[] {
  return records.filter((r) => r.kind === kind);
}

/** Applied records grouped by the update they took part in (their `iteration` is k before the step). */
function stepsOf(records: readonly TraceRecord[]): Map<number, TraceRecord[]> {
  const steps = new Map<number, TraceRecord[]>();
  for (const r of ofKind(records, TraceKind.gradApplied)) {
    const list = steps.get(r.iteration) ?? [];
    list.push(r);
    steps.set(r.iteration, list);
  }
  return steps;
}

export const LAWS: readonly Law[] = [
  {
    name: 'every gradient is accounted for: computed = applied + discarded + lost + in flight',
    appliesTo: all,
    check: ({ result, records }) => {
      const g = result.gradients;
      expect(g.inFlight).toBeGreaterThanOrEqual(0);
      expect(g.computed).toBe(g.applied + g.discarded + g.lost + g.inFlight);
      // Each counter agrees with the records written where the event happened.
      expect(ofKind(records, TraceKind.gradComputed).length).toBe(g.computed);
      expect(ofKind(records, TraceKind.gradApplied).length).toBe(g.applied);
      expect(ofKind(records, TraceKind.gradDiscarded).length).toBe(g.discarded);
      expect(ofKind(records, TraceKind.gradLost).length).toBe(g.lost);
    },
  },
  {
    name: 'no gradient is applied twice, and only after it arrived',
    appliesTo: all,
    check: ({ records }) => {
      const arrived = new Set<string>();
      const applied = new Set<string>();
      for (const r of records) {
        const key = `${r.worker}/${r.job}`;
        if (r.kind === TraceKind.gradArrive) arrived.add(key);
        if (r.kind === TraceKind.gradApplied) {
          expect(arrived.has(key), `applied before arriving: ${key}`).toBe(true);
          expect(applied.has(key), `applied twice: ${key}`).toBe(false);
          applied.add(key);
        }
      }
    },
  },
  {
    name: 'staleness is never negative',
    appliesTo: all,
    check: ({ records }) => {
      for (const r of ofKind(records, TraceKind.gradApplied)) expect(r.iteration).toBeGreaterThanOrEqual(r.tag);
    },
  },
  {
    name: 'events pop in non-decreasing (time, seq) order',
    appliesTo: all,
    check: ({ popped }) => {
      for (let i = 1; i < popped.length; i++) {
        const a = popped[i - 1];
        const b = popped[i];
        expect(a.time < b.time || (a.time === b.time && a.seq < b.seq), `event ${i}: (${a.time}, ${a.seq}) then (${b.time}, ${b.seq})`).toBe(true);
      }
    },
  },
  {
    name: 'model updates are numbered 1, 2, 3, ... and counted in the result',
    appliesTo: all,
    check: ({ result, records }) => {
      const steps = ofKind(records, TraceKind.modelStep);
      steps.forEach((r, i) => expect(r.iteration).toBe(i + 1));
      expect(steps.length).toBe(result.iterations);
    },
  },
  {
    name: 'a worker computes one gradient at a time, in the order its jobs arrived',
    appliesTo: all,
    check: ({ records }) => {
      const lastFinish = new Map<number, number>();
      const cancelledAt = new Map(ofKind(records, TraceKind.jobCancelled).map((r) => [`${r.worker}/${r.job}`, r.time]));
      for (const r of ofKind(records, TraceKind.jobStart)) {
        const previous = lastFinish.get(r.worker);
        if (previous !== undefined) expect(r.time, `worker ${r.worker} job ${r.job}`).toBeGreaterThanOrEqual(previous);
        // A cancelled job frees the worker when it is cancelled, possibly before its finish time.
        lastFinish.set(r.worker, Math.min(r.value, cancelledAt.get(`${r.worker}/${r.job}`) ?? Infinity));
      }
    },
  },
  {
    name: 'Hero, Minibatch and Rennala apply only gradients computed at the current iterate',
    appliesTo: only('hero', 'minibatch', 'rennala'),
    check: ({ records }) => {
      for (const r of ofKind(records, TraceKind.gradApplied)) expect(r.tag, `worker ${r.worker} job ${r.job}`).toBe(r.iteration);
    },
  },
  {
    name: 'Malenia weighs every worker 1/n and hears from every worker in every update',
    appliesTo: only('malenia'),
    check: ({ scenario, records }) => {
      const n = scenario.workers.length;
      for (const [, applied] of stepsOf(records)) {
        const perWorker = new Map<number, number>();
        for (const r of applied) perWorker.set(r.worker, (perWorker.get(r.worker) ?? 0) + r.value);
        expect(perWorker.size).toBe(n);
        for (const weight of perWorker.values()) expect(weight).toBeCloseTo(1 / n, 12);
      }
    },
  },
  {
    name: 'Minibatch steps on exactly one gradient from every worker it knows (all of them, without joins)',
    appliesTo: only('minibatch'),
    check: ({ scenario, records }) => {
      const n = scenario.workers.length;
      const joins = scenario.faults.some((f) => f.kind === 'join');
      for (const [, applied] of stepsOf(records)) {
        expect(new Set(applied.map((r) => r.worker)).size).toBe(applied.length);
        if (!joins) expect(applied.length).toBe(n);
      }
    },
  },
  {
    name: 'Rennala steps on exactly S fresh gradients, and discards at most n − 1 per update',
    appliesTo: only('rennala'),
    check: ({ scenario, records }) => {
      const batchSize = scenario.methods[0].params.batchSize as number;
      for (const [, applied] of stepsOf(records)) expect(applied.length).toBe(batchSize);
      const discardsPerIteration = new Map<number, number>();
      for (const r of ofKind(records, TraceKind.gradDiscarded)) discardsPerIteration.set(r.tag, (discardsPerIteration.get(r.tag) ?? 0) + 1);
      for (const count of discardsPerIteration.values()) expect(count).toBeLessThanOrEqual(scenario.workers.length - 1);
    },
  },
  {
    name: 'ASGD makes exactly one update per applied gradient, and discards only what maxDelay forbids',
    appliesTo: only('asgd'),
    check: ({ scenario, result, records }) => {
      const maxDelay = scenario.methods[0].params.maxDelay as number;
      for (const [, applied] of stepsOf(records)) expect(applied.length).toBe(1);
      for (const r of ofKind(records, TraceKind.gradDiscarded)) expect(r.iteration - r.tag).toBeGreaterThan(maxDelay);
      expect(result.gradients.applied).toBe(result.iterations);
    },
  },
];
