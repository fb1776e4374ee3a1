import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { TraceKind } from '../../src/engine/trace.ts';
import { dyadicTau } from '../helpers/arbitraries.ts';
import { simulateTraced } from '../helpers/simulate.ts';
import type { ScenarioInput } from '../../src/scenario/scenario-types.ts';

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

/** A free-link scenario with the given compute times and one method; τ are dyadic so sums are exact. */
function timedScenario(taus: number[], method: ScenarioInput['methods'][number], iterations: number): ScenarioInput {
  return {
    name: 'timing',
    problem: { kind: 'worst-case-quadratic', d: 3, noise: { kind: 'add', sigma: 0.1 } },
    workers: taus.map((tau) => ({ tau })),
    methods: [method],
    stop: { iterations, time: 10_000 },
    record: { trace: true },
  };
}

const taus = fc.array(dyadicTau, { minLength: 1, maxLength: 6 });
const iterations = fc.integer({ min: 1, max: 30 });

describe('timing in the fixed computation model with free links', () => {
  test.prop([taus, iterations], { numRuns })('Minibatch iteration k ends at exactly k·max τ', (t, k) => {
    const { records } = simulateTraced(timedScenario(t, { method: 'minibatch', stepSize: 0.1 }, k));
    const steps = records.filter((r) => r.kind === TraceKind.modelStep);
    expect(steps.length).toBe(k);
    steps.forEach((r, i) => expect(r.time).toBe((i + 1) * Math.max(...t)));
  });

  test.prop([taus, iterations], { numRuns })('Hero iteration k ends at exactly k·min τ', (t, k) => {
    const { records } = simulateTraced(timedScenario(t, { method: 'hero', stepSize: 0.1 }, k));
    const steps = records.filter((r) => r.kind === TraceKind.modelStep);
    steps.forEach((r, i) => expect(r.time).toBe((i + 1) * Math.min(...t)));
    const workers = new Set(records.filter((r) => r.kind === TraceKind.gradComputed).map((r) => r.worker));
    expect(workers.size).toBe(1);
  });

  test.prop([taus, fc.integer({ min: 1, max: 200 })], { numRuns })('in ASGD, worker i has delivered ⌊t/τ_i⌋ gradients by time t', (t, k) => {
    const { records } = simulateTraced(timedScenario(t, { method: 'asgd', stepSize: 0.01 }, k));
    const arrivals = records.filter((r) => r.kind === TraceKind.gradArrive);
    const last = arrivals[arrivals.length - 1]?.time ?? 0;
    // Check at every arrival time strictly before the last one (the run may stop mid-instant).
    const delivered = new Array<number>(t.length).fill(0);
    let index = 0;
    for (const time of [...new Set(arrivals.map((r) => r.time))].filter((x) => x < last)) {
      while (index < arrivals.length && arrivals[index].time <= time) delivered[arrivals[index++].worker]++;
      t.forEach((tau, i) => expect(delivered[i], `worker ${i} at t=${time}`).toBe(Math.floor(time / tau)));
    }
  });

  test.prop([taus, fc.integer({ min: 1, max: 100 })], { numRuns })('in ASGD, a delay equals the arrivals from other workers during the computation', (t, k) => {
    const { records } = simulateTraced(timedScenario(t, { method: 'asgd', stepSize: 0.01 }, k));
    const applied = records.filter((r) => r.kind === TraceKind.gradApplied);
    const starts = new Map(records.filter((r) => r.kind === TraceKind.jobStart).map((r) => [`${r.worker}/${r.job}`, r.time]));
    for (const r of applied) {
      const start = starts.get(`${r.worker}/${r.job}`)!;
      // Updates strictly after the job started and before this one (one update per arrival).
      const between = applied.filter((o) => o !== r && o.iteration < r.iteration && o.time >= start && !(o.time === start && o.iteration < r.tag)).length;
      expect(r.iteration - r.tag).toBe(between);
    }
  });
});
