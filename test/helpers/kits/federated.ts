import fc from 'fast-check';
import { expect } from 'vitest';
import type { StalenessWeight } from '../../../actors/methods/fedbuff.ts';
import { TraceKind, type TraceRecord } from '../../../src/engine/trace.ts';
import type { Scenario } from '../../../src/scenario/scenario-types.ts';
import { ofKind, stepsOf, type Law } from '../laws.ts';
import type { MethodKit } from '../method-kit.ts';
import type { TracedRun } from '../simulate.ts';

// ----- reading the trace --------------------------------------------------------------------------

const jobKey = (r: TraceRecord) => `${r.worker}/${r.job}`;

/** A job's computation: [start, end), end = when it finished or was abandoned (Infinity: still running). */
export interface JobSpan {
  readonly worker: number;
  readonly job: number;
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

export function jobSpans(records: readonly TraceRecord[]): JobSpan[] {
  const ends = new Map<string, number>();
  for (const r of records) {
    if ((r.kind === TraceKind.gradComputed || r.kind === TraceKind.jobCancelled) && !ends.has(jobKey(r))) ends.set(jobKey(r), r.time);
  }
  return ofKind(records, TraceKind.jobStart).map((r) => ({ worker: r.worker, job: r.job, tag: r.tag, start: r.time, end: ends.get(jobKey(r)) ?? Infinity }));
}

/** The largest number of spans computing at once (a span ending at t does not overlap one starting at t). */
export function maxOverlap(spans: readonly JobSpan[]): number {
  const edges: [number, number][] = [];
  for (const s of spans) {
    if (!(s.end > s.start)) continue;
    edges.push([s.start, 1], [s.end, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, change] of edges) {
    now += change;
    most = Math.max(most, now);
  }
  return most;
}

/**
 * Whether a message the server sends can land later than at once: downlinks cost time, or a
 * fault can delay, drop or hold messages to workers.
 */
export function downlinkMayLag(scenario: Scenario): boolean {
  const costly = scenario.workers.some((w) => w.downlink.latency > 0 || w.downlink.perFloat > 0);
  return costly || scenario.faults.some((f) => f.kind === 'partition' || ((f.kind === 'delay' || f.kind === 'loss') && f.direction !== 'up'));
}

/** The fields that are set (an absent parameter takes the method's default). */
function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}

// ----- FedBuff ------------------------------------------------------------------------------------

/** s(τ) written out from ALGORITHMS §5.7, independently of the method. */
export function referenceWeight(rule: StalenessWeight, tau: number): number {
  if (rule.kind === 'constant') return 1;
  if (rule.kind === 'threshold') return tau <= rule.cutoff ? 1 : rule.value;
  return Math.pow(1 + tau, -rule.exponent);
}

const stalenessArb: fc.Arbitrary<StalenessWeight> = fc.oneof(
  fc.constant({ kind: 'constant' as const }),
  fc.record({ cutoff: fc.integer({ min: 0, max: 3 }), value: fc.constantFrom(0, 0.25, 0.5, 1) }).map((r) => ({ kind: 'threshold' as const, ...r })),
  fc.constantFrom(0, 0.5, 1).map((exponent) => ({ kind: 'polynomial' as const, exponent })),
);

const fedbuffParams = (run: TracedRun) => run.scenario.methods[0].params as { bufferSize: number; concurrency: number; staleness: StalenessWeight };

export const fedbuffKit: MethodKit = {
  id: 'fedbuff',
  params: (workers) =>
    fc
      .record({
        stepSize: fc.constantFrom(0.5, 1),
        localStepSize: fc.constantFrom(0.02, 0.05),
        localSteps: fc.integer({ min: 1, max: 3 }),
        bufferSize: fc.integer({ min: 1, max: 2 * workers }),
        concurrency: fc.option(fc.integer({ min: 1, max: workers }), { nil: undefined }),
        staleness: fc.option(stalenessArb, { nil: undefined }),
        timeoutFactor: fc.option(fc.constantFrom(1.5, 4, 20), { nil: undefined }),
      })
      .map((p) => ({ method: 'fedbuff', ...definedOnly(p) })),
  laws: [
    {
      name: 'updates only when the buffer holds K deltas: every update applies exactly K of them',
      check: (run) => {
        const { bufferSize } = fedbuffParams(run);
        const steps = stepsOf(run.records);
        for (const [, applied] of steps) expect(applied.length).toBe(bufferSize);
        expect(steps.size).toBe(run.result.iterations);
      },
    },
    {
      name: 'weighs each delta s(τ)/K with s(τ) ≤ 1, non-increasing in the staleness τ',
      check: (run) => {
        const { bufferSize, staleness } = fedbuffParams(run);
        const byTau = new Map<number, number[]>();
        for (const r of ofKind(run.records, TraceKind.gradApplied)) {
          const tau = r.iteration - r.tag;
          const s = r.value * bufferSize;
          expect(s).toBeLessThanOrEqual(1 + 1e-15);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeCloseTo(referenceWeight(staleness, tau), 14);
          byTau.set(tau, [...(byTau.get(tau) ?? []), s]);
        }
        const taus = [...byTau.keys()].sort((a, b) => a - b);
        for (let i = 1; i < taus.length; i++) expect(Math.max(...byTau.get(taus[i])!)).toBeLessThanOrEqual(Math.min(...byTau.get(taus[i - 1])!));
        // The rule itself, beyond the staleness values this run happened to see.
        for (let tau = 1; tau < 40; tau++) expect(referenceWeight(staleness, tau)).toBeLessThanOrEqual(referenceWeight(staleness, tau - 1));
      },
    },
    {
      name: 'never has more than C clients training (exact unless a downlink can delay or drop a cancel; always for jobs whose delta is applied)',
      check: (run) => {
        const { concurrency } = fedbuffParams(run);
        const spans = jobSpans(run.records);
        const applied = new Set(ofKind(run.records, TraceKind.gradApplied).map(jobKey));
        expect(maxOverlap(spans.filter((s) => applied.has(`${s.worker}/${s.job}`)))).toBeLessThanOrEqual(concurrency);
        if (!downlinkMayLag(run.scenario)) expect(maxOverlap(spans)).toBeLessThanOrEqual(concurrency);
      },
    },
  ],
};

// ----- Freya PAGE ---------------------------------------------------------------------------------

interface FreyaShape {
  readonly m: number;
  readonly batchSize: number;
  readonly probability: number;
  /** Sizes of the full-gradient groups, ascending. */
  readonly groupSizes: readonly number[];
}

function freyaShape(run: TracedRun): FreyaShape {
  const problem = run.scenario.problem;
  if (problem.kind !== 'finite-sum-quadratic') throw new Error(`freya-page ran on ${problem.kind}`);
  const m = problem.components;
  const p = run.scenario.methods[0].params as { batchSize: number; probability: number; groupSize: number };
  const groupSizes: number[] = [];
  for (let start = 0; start < m; start += p.groupSize) groupSizes.push(Math.min(p.groupSize, m - start));
  return { m, batchSize: p.batchSize, probability: p.probability, groupSizes: groupSizes.sort((a, b) => a - b) };
}

/** One group per applied message, the groups partitioning [m]: each index used exactly once, weight |group|/m. */
function isFullGradient(applied: readonly TraceRecord[], shape: FreyaShape): boolean {
  const counts = applied.map((r) => r.count).sort((a, b) => a - b);
  return counts.length === shape.groupSizes.length && counts.every((c, i) => c === shape.groupSizes[i]) && applied.every((r) => r.value === r.count / shape.m);
}

/** S differences (two gradient evaluations each), weight 1/S. */
function isDifferencePhase(applied: readonly TraceRecord[], shape: FreyaShape): boolean {
  return applied.length === shape.batchSize && applied.every((r) => r.count === 2 && r.value === 1 / shape.batchSize);
}

export const freyaPageKit: MethodKit = {
  id: 'freya-page',
  problems: ['finite-sum-quadratic'],
  params: () =>
    fc
      .record({
        stepSize: fc.constantFrom(0.05, 0.1, 0.2),
        batchSize: fc.option(fc.constantFrom(1, 2, 5), { nil: undefined }),
        probability: fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }),
        groupSize: fc.option(fc.constantFrom(1, 2, 3, 5), { nil: undefined }),
      })
      .map((p) => ({ method: 'freya-page', ...definedOnly(p) })),
  laws: [
    {
      // The trace does not name indices: one message per group of the partition with its size and
      // weight is what it can show (the scripted-server test in test/actors checks the indices).
      name: 'steps on fresh work only: a full gradient (one result per group of the partition of [m], weight |group|/m; always first) or exactly S differences (weight 1/S)',
      check: (run) => {
        const shape = freyaShape(run);
        for (const [iteration, applied] of stepsOf(run.records)) {
          for (const r of applied) expect(r.tag, `worker ${r.worker} job ${r.job}`).toBe(r.iteration);
          const full = isFullGradient(applied, shape);
          expect(full || isDifferencePhase(applied, shape), `update ${iteration + 1}: ${JSON.stringify(applied.map((r) => [r.count, r.value]))}`).toBe(true);
          if (iteration === 0) expect(full).toBe(true);
        }
      },
    },
    {
      name: 'draws the phase kind with probability p: p = 1 gives only full gradients, p = 0 only differences after the first',
      check: (run) => {
        const shape = freyaShape(run);
        if (shape.probability !== 0 && shape.probability !== 1) return;
        for (const [iteration, applied] of stepsOf(run.records)) {
          if (shape.probability === 1 || iteration === 0) expect(isFullGradient(applied, shape)).toBe(true);
          else expect(isDifferencePhase(applied, shape)).toBe(true);
        }
      },
    },
    {
      name: 'cancels all in-flight work when a phase ends (on time when the downlink delivers at once: free, no delay, loss or partition)',
      check: (run) => {
        if (downlinkMayLag(run.scenario)) return;
        const endOf = new Map(ofKind(run.records, TraceKind.modelStep).map((r) => [r.iteration - 1, r.time]));
        for (const span of jobSpans(run.records)) {
          const phaseEnd = endOf.get(span.tag);
          if (phaseEnd === undefined) continue;
          expect(span.end, `worker ${span.worker} job ${span.job} of phase ${span.tag} (ended at t=${phaseEnd})`).toBeLessThanOrEqual(phaseEnd);
        }
      },
    },
  ],
};
