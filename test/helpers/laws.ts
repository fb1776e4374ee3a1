import { expect } from 'vitest';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import type { TracedRun } from './simulate.ts';

/**
 * Laws written once and checked on every traced run of every method they apply to (see
 * test/engine/laws.property.test.ts). Each law reads only the trace and the result. The laws
 * below hold for every method; each method's own are in its kit (test/helpers/kits/).
 */
export interface Law {
  readonly name: string;
  check(run: TracedRun): void;
}

/** Records of one kind, in trace order. */
export function ofKind(records: readonly TraceRecord[], kind: number): TraceRecord[] {
  return records.filter((r) => r.kind === kind);
}

/** Applied records grouped by the update they took part in (their `iteration` is k before the step). */
export function stepsOf(records: readonly TraceRecord[]): Map<number, TraceRecord[]> {
  const steps = new Map<number, TraceRecord[]>();
  for (const r of ofKind(records, TraceKind.gradApplied)) {
    const list = steps.get(r.iteration) ?? [];
    list.push(r);
    steps.set(r.iteration, list);
  }
  return steps;
}

/** Laws every method keeps. */
export const GENERIC_LAWS: readonly Law[] = [
  {
    name: 'every gradient is accounted for: computed = applied + discarded + lost + in flight',
    check: ({ result, records }) => {
      const g = result.gradients;
      expect(g.inFlight).toBeGreaterThanOrEqual(0);
      expect(g.computed).toBe(g.applied + g.discarded + g.lost + g.inFlight);
      // Each counter agrees with the records written where the event happened.
      const total = (kind: number) => ofKind(records, kind).reduce((sum, r) => sum + r.count, 0);
      expect(total(TraceKind.gradComputed)).toBe(g.computed);
      expect(total(TraceKind.gradApplied)).toBe(g.applied);
      expect(total(TraceKind.gradDiscarded)).toBe(g.discarded);
      expect(total(TraceKind.gradLost)).toBe(g.lost);
    },
  },
  {
    name: 'no gradient is applied twice, and nothing is applied before it arrived',
    check: ({ records }) => {
      // A job's gradients travel in its first message (count > 0); further compressed copies
      // of the same sum (count 0) may each be applied once, as many as arrived.
      const arrived = new Map<string, number>();
      const arrivedParts = new Set<string>();
      const applied = new Map<string, number>();
      const appliedGradients = new Set<string>();
      for (const r of records) {
        const key = `${r.worker}/${r.job}`;
        if (r.kind === TraceKind.gradArrive) {
          // An arrival record's value is the copy number: duplicates never reach the method.
          const part = `${key}#${r.value}`;
          expect(arrivedParts.has(part), `copy ${r.value} of ${key} arrived twice`).toBe(false);
          arrivedParts.add(part);
          arrived.set(key, (arrived.get(key) ?? 0) + 1);
        }
        if (r.kind !== TraceKind.gradApplied) continue;
        const uses = (applied.get(key) ?? 0) + 1;
        applied.set(key, uses);
        expect(uses, `applied more messages of ${key} than arrived`).toBeLessThanOrEqual(arrived.get(key) ?? 0);
        if (r.count > 0) {
          expect(appliedGradients.has(key), `gradients of ${key} applied twice`).toBe(false);
          appliedGradients.add(key);
        }
      }
    },
  },
  {
    name: 'staleness is never negative',
    check: ({ records }) => {
      for (const r of ofKind(records, TraceKind.gradApplied)) expect(r.iteration).toBeGreaterThanOrEqual(r.tag);
    },
  },
  {
    name: 'events pop in non-decreasing (time, seq) order',
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
    check: ({ result, records }) => {
      const steps = ofKind(records, TraceKind.modelStep);
      steps.forEach((r, i) => expect(r.iteration).toBe(i + 1));
      expect(steps.length).toBe(result.iterations);
    },
  },
  {
    name: 'a worker computes one gradient at a time, in the order its jobs arrived',
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
    name: 'the staleness histogram counts every applied gradient once, at its staleness',
    check: ({ result, records }) => {
      const expected = new Map<number, number>();
      for (const r of ofKind(records, TraceKind.gradApplied)) expected.set(r.iteration - r.tag, (expected.get(r.iteration - r.tag) ?? 0) + r.count);
      const histogram = result.staleness.histogram.filter(([, count]) => count > 0);
      expect(new Map(histogram)).toEqual(new Map([...expected].filter(([, count]) => count > 0)));
      const keys = result.staleness.histogram.map(([s]) => s);
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    },
  },
  {
    name: 'the activity timeline adds up: computing spans match each worker’s busy time and never overlap',
    check: ({ result }) => {
      const activity = result.activity;
      if (activity === undefined || activity.truncated) return;
      const { worker, state, from, to } = activity.spans;
      const busy = new Float64Array(result.workers.length);
      const computing = result.workers.map(() => [] as [number, number][]);
      for (let k = 0; k < worker.length; k++) {
        expect(from[k]).toBeGreaterThanOrEqual(0);
        expect(to[k]).toBeGreaterThan(from[k]);
        expect(to[k]).toBeLessThanOrEqual(result.virtualTime);
        if (state[k] !== 0) continue;
        busy[worker[k]] += to[k] - from[k];
        computing[worker[k]].push([from[k], to[k]]);
      }
      const close = (a: number, b: number, tolerance: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(b)));
      result.workers.forEach((w, i) => close(busy[i], w.busySeconds, 1e-9));
      for (const spans of computing) {
        spans.sort((a, b) => a[0] - b[0]);
        for (let k = 1; k < spans.length; k++) expect(spans[k][0]).toBeGreaterThanOrEqual(spans[k - 1][1]);
      }
      // The heatmap holds the same busy time (its fractions are rounded to 4 decimals).
      activity.utilization.forEach((row, w) => {
        const seconds = row.reduce((sum, u, b) => sum + u * Math.min(activity.binWidth, result.virtualTime - b * activity.binWidth), 0);
        expect(Math.abs(seconds - result.workers[w].busySeconds)).toBeLessThanOrEqual(5e-5 * result.virtualTime + 1e-9);
      });
    },
  },
];
