import fc from 'fast-check';
import { expect } from 'vitest';
import { TraceKind, type TraceRecord } from '../../../src/engine/trace.ts';
import type { Scenario } from '../../../src/scenario/scenario-types.ts';
import { ofKind, stepsOf, type Law } from '../laws.ts';
import type { MethodKit } from '../method-kit.ts';

/**
 * Kits of the ASGD family: Rescaled ASGD (§5.4), delay-adaptive ASGD (§2.4), AsGrad (§5.5) and
 * Minibatch SGD with backup workers (a §2.2 variant). Every law holds under the generic fault
 * mix unless its name says which faults it assumes; such a law checks `scenario.faults` and
 * checks nothing otherwise.
 */

const paramsOf = (scenario: Scenario): Record<string, unknown> => scenario.methods[0].params as Record<string, unknown>;
const hasFault = (scenario: Scenario, kind: string): boolean => scenario.faults.some((f) => f.kind === kind);

/** Per update k + 1 (the modelStep record's iteration), the step size and the one gradient applied. */
function singleSteps(records: readonly TraceRecord[]): { step: TraceRecord; applied: TraceRecord }[] {
  const steps = stepsOf(records);
  return ofKind(records, TraceKind.modelStep).map((step) => {
    const applied = steps.get(step.iteration - 1) ?? [];
    expect(applied.length, `update ${step.iteration}`).toBe(1);
    return { step, applied: applied[0] };
  });
}

/** ASGD-like methods: one gradient per update, every arrival applied, nothing discarded. */
export const oneUpdatePerArrival: Law = {
  name: 'makes exactly one update per arriving gradient and discards nothing',
  check: ({ result, records }) => {
    for (const [, applied] of stepsOf(records)) expect(applied.length).toBe(1);
    expect(result.gradients.applied).toBe(result.iterations);
    expect(result.gradients.discarded).toBe(0);
    expect(ofKind(records, TraceKind.gradApplied).length).toBe(ofKind(records, TraceKind.gradArrive).length);
  },
};

const relativelyClose = (actual: number, expected: number, what: string): void => {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
};

/** τ̄ of the given τ_i (those > 0 only), as the method's `normalizer` defines it. */
function normalize(taus: readonly number[], normalizer: string): number {
  const known = taus.filter((t) => t > 0);
  if (known.length === 0) return 0;
  if (normalizer === 'max') return Math.max(...known);
  if (normalizer === 'harmonic') return known.length / known.reduce((s, t) => s + 1 / t, 0);
  return known.reduce((s, t) => s + t, 0) / known.length;
}

export const rescaledAsgdKit: MethodKit = {
  id: 'rescaled-asgd',
  params: () =>
    fc
      .record({ stepSize: fc.constantFrom(0.005, 0.01), tau: fc.constantFrom('known', 'estimated', 'cycle'), normalizer: fc.constantFrom('mean', 'max', 'harmonic') })
      .map((p) => ({ method: 'rescaled-asgd', ...p })),
  laws: [
    oneUpdatePerArrival,
    {
      name: 'steps by γ·τ_i/τ̄ for a gradient of worker i (τ_i nominal, or the running mean of its durations or of its cycles so far)',
      check: ({ scenario, records }) => {
        const { stepSize, tau, normalizer } = paramsOf(scenario) as { stepSize: number; tau: string; normalizer: string };
        // A cycle runs from one arrival of the worker's gradient (or t = 0) to the next, unless a
        // fault (a hello, a lost message) reassigns the worker in between: checked without faults.
        if (tau === 'cycle' && scenario.faults.length > 0) return;
        const lastArrival = new Array<number>(scenario.workers.length).fill(0);
        const n = scenario.workers.length;
        // Recomputed from the trace, not from the method: durations are jobStart's (finish − start).
        const durations = new Map(ofKind(records, TraceKind.jobStart).map((r) => [`${r.worker}/${r.job}`, r.value - r.time]));
        const taus = tau === 'known' ? scenario.workers.map((w) => w.compute.tau) : new Array<number>(n).fill(0);
        const sums = new Array<number>(n).fill(0);
        const counts = new Array<number>(n).fill(0);
        let sender = -1;
        for (const r of records) {
          if (r.kind === TraceKind.gradArrive) {
            sender = r.worker;
            if (tau !== 'known') {
              sums[r.worker] += tau === 'cycle' ? r.time - lastArrival[r.worker] : durations.get(`${r.worker}/${r.job}`)!;
              counts[r.worker]++;
              taus[r.worker] = sums[r.worker] / counts[r.worker];
              lastArrival[r.worker] = r.time;
            }
          } else if (r.kind === TraceKind.modelStep) {
            const bar = normalize(taus, normalizer);
            relativelyClose(r.value, stepSize * (taus[sender] / bar), `update ${r.iteration} (worker ${sender})`);
          }
        }
      },
    },
  ],
};

export const delayAdaptiveAsgdKit: MethodKit = {
  id: 'delay-adaptive-asgd',
  params: () => fc.constantFrom(0.01, 0.02, 0.05).map((s) => ({ method: 'delay-adaptive-asgd', stepSize: s })),
  laws: [
    oneUpdatePerArrival,
    {
      name: 'steps by γ_k ≤ γ with γ_k·max(n, δ_k) = nγ, and by exactly γ while δ_k ≤ n',
      check: ({ scenario, records }) => {
        const gamma = paramsOf(scenario).stepSize as number;
        const n = scenario.workers.length;
        for (const { step, applied } of singleSteps(records)) {
          const delay = applied.iteration - applied.tag;
          expect(step.value).toBeLessThanOrEqual(gamma);
          relativelyClose(step.value * Math.max(n, delay), n * gamma, `update ${step.iteration}, delay ${delay}`);
          if (delay <= n) expect(step.value).toBe(gamma);
        }
      },
    },
  ],
};

/**
 * Jobs in the system after each reaction of the server, read from the trace: +1 when a job
 * starts (the worker got it), −1 when its result reaches the server, is lost, or the job is
 * cancelled. `check` sees the count just before each arrival, and at the end.
 */
function jobsInSystem(records: readonly TraceRecord[], check: (count: number, r: TraceRecord | undefined) => void): void {
  let count = 0;
  for (const r of records) {
    if (r.kind === TraceKind.gradArrive) check(count, r);
    if (r.kind === TraceKind.jobStart) count++;
    else if (r.kind === TraceKind.gradArrive || r.kind === TraceKind.gradLost || r.kind === TraceKind.jobCancelled) count--;
  }
  check(count, undefined);
}

export const asgradKit: MethodKit = {
  id: 'asgrad',
  params: () =>
    fc
      .record({ stepSize: fc.constantFrom(0.01, 0.02), assignment: fc.constantFrom('pure', 'random', 'shuffle') })
      .map((p) => ({ method: 'asgrad', ...p })),
  laws: [
    oneUpdatePerArrival,
    {
      name: 'keeps n jobs in the system: exactly n started at every arrival without faults and with free downlinks, never more than n without crashes',
      check: ({ scenario, records }) => {
        if (hasFault(scenario, 'crash')) return;
        const n = scenario.workers.length;
        // A job on a costly downlink is in the system but not started yet: the trace sees fewer.
        const freeDownlinks = scenario.workers.every((w) => w.downlink.latency === 0 && w.downlink.perFloat === 0);
        const exact = scenario.faults.length === 0 && freeDownlinks;
        jobsInSystem(records, (count, r) => {
          const where = r === undefined ? 'at the end' : `before the arrival of worker ${r.worker} job ${r.job} at t=${r.time}`;
          if (exact && r !== undefined) expect(count, where).toBe(n);
          else expect(count, where).toBeLessThanOrEqual(n);
        });
      },
    },
    {
      name: 'shuffle: each worker gets exactly one new job in every window of n updates aligned to the reshuffle (without faults)',
      check: ({ scenario, result, records }) => {
        if (paramsOf(scenario).assignment !== 'shuffle' || scenario.faults.length > 0) return;
        const n = scenario.workers.length;
        const windows = new Map<number, number[]>();
        for (const r of ofKind(records, TraceKind.jobStart)) {
          if (r.tag === 0) continue;
          const w = Math.floor((r.tag - 1) / n);
          windows.set(w, [...(windows.get(w) ?? []), r.worker]);
        }
        // A job reaches its worker one downlink transfer after the update that issued it: a
        // window is complete once its last job had the time to arrive before the run ended.
        const d = result.final.x?.length ?? 0;
        const transfer = Math.max(...scenario.workers.map((w) => w.downlink.latency + d * w.downlink.perFloat));
        const stepTimes = new Map(ofKind(records, TraceKind.modelStep).map((r) => [r.iteration, r.time]));
        for (const [w, workers] of windows) {
          expect(new Set(workers).size, `window ${w}: ${workers}`).toBe(workers.length);
          const last = (w + 1) * n;
          const arrived = last <= result.iterations && (transfer === 0 || stepTimes.get(last)! + transfer < result.virtualTime);
          if (arrived) expect(workers.length, `window ${w}`).toBe(n);
        }
      },
    },
    {
      name: 'pure: the job issued after update k goes to the worker whose gradient made it (without crashes or joins)',
      check: ({ scenario, records }) => {
        if (paramsOf(scenario).assignment !== 'pure' || hasFault(scenario, 'crash') || hasFault(scenario, 'join')) return;
        const senders = new Map(ofKind(records, TraceKind.gradApplied).map((r) => [r.iteration + 1, r.worker]));
        for (const r of ofKind(records, TraceKind.jobStart)) if (r.tag > 0) expect(r.worker, `job ${r.job} tag ${r.tag}`).toBe(senders.get(r.tag));
      },
    },
  ],
};

export const minibatchBackupKit: MethodKit = {
  id: 'minibatch-backup',
  params: (workers) =>
    fc
      .record({ stepSize: fc.constantFrom(0.05, 0.1, 0.2), backups: fc.integer({ min: 0, max: workers - 1 }), staleWork: fc.constantFrom('discard', 'cancel') })
      .map((p) => ({ method: 'minibatch-backup', ...p })),
  laws: [
    {
      name: 'each update uses n − b gradients (1 to n − b with joins) from distinct workers, all at the current iterate, weighted equally',
      check: ({ scenario, records }) => {
        const quorum = scenario.workers.length - (paramsOf(scenario).backups as number);
        const joins = hasFault(scenario, 'join');
        for (const [k, applied] of stepsOf(records)) {
          expect(new Set(applied.map((r) => r.worker)).size, `update ${k + 1}`).toBe(applied.length);
          for (const r of applied) {
            expect(r.tag, `update ${k + 1}, worker ${r.worker}`).toBe(k);
            expect(r.value).toBeCloseTo(1 / applied.length, 12);
          }
          if (joins) expect(applied.length).toBeLessThanOrEqual(quorum);
          else expect(applied.length, `update ${k + 1}`).toBe(quorum);
        }
      },
    },
    {
      name: 'discards at most b gradients computed at each round’s iterate (without crashes)',
      check: ({ scenario, records }) => {
        if (hasFault(scenario, 'crash')) return;
        const backups = paramsOf(scenario).backups as number;
        const perRound = new Map<number, number>();
        for (const r of ofKind(records, TraceKind.gradDiscarded)) perRound.set(r.tag, (perRound.get(r.tag) ?? 0) + r.count);
        for (const [k, count] of perRound) expect(count, `round ${k}`).toBeLessThanOrEqual(backups);
      },
    },
  ],
};
