import fc from 'fast-check';
import { expect } from 'vitest';
import { TraceKind } from '../../../src/engine/trace.ts';
import { ofKind, stepsOf, type Law } from '../laws.ts';
import type { MethodKit } from '../method-kit.ts';

const stepSize = fc.constantFrom(0.05, 0.1, 0.2);

/** Hero, Minibatch and Rennala apply only gradients computed at the current iterate. */
export const freshOnly: Law = {
  name: 'applies only gradients computed at the current iterate',
  check: ({ records }) => {
    for (const r of ofKind(records, TraceKind.gradApplied)) expect(r.tag, `worker ${r.worker} job ${r.job}`).toBe(r.iteration);
  },
};

export const heroKit: MethodKit = {
  id: 'hero',
  params: () => stepSize.map((s) => ({ method: 'hero', stepSize: s })),
  laws: [
    freshOnly,
    {
      name: 'only one worker ever computes',
      check: ({ records }) => expect(new Set(ofKind(records, TraceKind.gradComputed).map((r) => r.worker)).size).toBeLessThanOrEqual(1),
    },
  ],
};

export const minibatchKit: MethodKit = {
  id: 'minibatch',
  params: () => stepSize.map((s) => ({ method: 'minibatch', stepSize: s })),
  laws: [
    freshOnly,
    {
      name: 'steps on exactly one gradient from every worker it knows (all of them, without joins)',
      check: ({ scenario, records }) => {
        const n = scenario.workers.length;
        const joins = scenario.faults.some((f) => f.kind === 'join');
        for (const [, applied] of stepsOf(records)) {
          expect(new Set(applied.map((r) => r.worker)).size).toBe(applied.length);
          if (!joins) expect(applied.length).toBe(n);
        }
      },
    },
  ],
};

export const asgdKit: MethodKit = {
  id: 'asgd',
  params: (workers) =>
    fc
      .record({ stepSize: fc.constantFrom(0.01, 0.02), maxDelay: fc.option(fc.integer({ min: 0, max: 2 * workers }), { nil: undefined }) })
      .map(({ stepSize: s, maxDelay }) => ({ method: 'asgd', stepSize: s, ...(maxDelay === undefined ? {} : { maxDelay }) })),
  laws: [
    {
      name: 'makes exactly one update per applied gradient, and discards only what maxDelay forbids',
      check: ({ scenario, result, records }) => {
        const maxDelay = scenario.methods[0].params.maxDelay as number;
        for (const [, applied] of stepsOf(records)) expect(applied.length).toBe(1);
        for (const r of ofKind(records, TraceKind.gradDiscarded)) expect(r.iteration - r.tag).toBeGreaterThan(maxDelay);
        expect(result.gradients.applied).toBe(result.iterations);
      },
    },
  ],
};

export const rennalaKit: MethodKit = {
  id: 'rennala',
  params: (workers) =>
    fc
      .record({ stepSize, batchSize: fc.integer({ min: 1, max: 2 * workers }), staleWork: fc.constantFrom('discard', 'cancel') })
      .map((p) => ({ method: 'rennala', ...p })),
  laws: [
    freshOnly,
    {
      name: 'steps on exactly S fresh gradients, and discards at most n − 1 per update',
      check: ({ scenario, records }) => {
        const batchSize = scenario.methods[0].params.batchSize as number;
        for (const [, applied] of stepsOf(records)) expect(applied.reduce((sum, r) => sum + r.count, 0)).toBe(batchSize);
        const discardsPerIteration = new Map<number, number>();
        for (const r of ofKind(records, TraceKind.gradDiscarded)) discardsPerIteration.set(r.tag, (discardsPerIteration.get(r.tag) ?? 0) + 1);
        for (const count of discardsPerIteration.values()) expect(count).toBeLessThanOrEqual(scenario.workers.length - 1);
      },
    },
  ],
};

export const maleniaKit: MethodKit = {
  id: 'malenia',
  params: (workers) =>
    fc
      .record({ stepSize, batchSize: fc.integer({ min: workers, max: 3 * workers }), staleWork: fc.constantFrom('discard', 'cancel') })
      .map((p) => ({ method: 'malenia', ...p })),
  laws: [
    {
      name: 'weighs every worker 1/n and hears from every worker in every update',
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
  ],
};
