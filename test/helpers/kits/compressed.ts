import fc from 'fast-check';
import { expect } from 'vitest';
import type { MindFlayerParams } from '../../../actors/methods/mindflayer.ts';
import type { ShadowheartParams } from '../../../actors/methods/shadowheart.ts';
import type { CompressorSpec } from '../../../src/compress/compressor.ts';
import { createCompressor } from '../../../src/compress/create-compressor.ts';
import { TraceKind, type TraceRecord } from '../../../src/engine/trace.ts';
import { dimensionOf } from '../../../src/scenario/parse-problem.ts';
import type { Scenario, ScenarioInput } from '../../../src/scenario/scenario-types.ts';
import { shadowheartPlan, type ShadowheartPlan } from '../../../src/theory/equilibrium-time.ts';
import { GENERIC_LAWS, ofKind, stepsOf, type Law } from '../laws.ts';
import type { MethodKit } from '../method-kit.ts';
import { freshOnly } from './baselines.ts';

/**
 * Kits of the communication-aware and timed-attempt methods: Shadowheart SGD (ALGORITHMS §4.1),
 * the paper's "QSGD" (compressed Minibatch SGD) and MindFlayer SGD (§5.6).
 *
 * A kit can only choose method parameters; the links come from the shared scenario arbitrary.
 * {@link withPerFloatUplinks} gives every worker an uplink cost per float, so that what a
 * compressor saves changes the timing (use it around `scenarioArb`).
 */

/** Relative slack for sums of times that are not all dyadic (t*, accumulated budgets). */
const TIME_SLACK = 1e-9;

const stepSize = fc.constantFrom(0.02, 0.05, 0.1);

/** Compressors valid at every dimension d ≥ 1 (RandK's K = 1 ≤ d). */
const compressorArb: fc.Arbitrary<CompressorSpec> = fc.constantFrom<CompressorSpec>(
  { kind: 'rand-k', k: 1 },
  { kind: 'natural' },
  { kind: 'qsgd', levels: 1 },
  { kind: 'qsgd', levels: 4 },
  { kind: 'identity' },
);

/** Seconds per float, dyadic so that message times stay exact: 1/64 to 1/2. */
const perFloatArb = fc.constantFrom(1 / 64, 1 / 16, 1 / 4, 1 / 2);

/** Gives every worker of the generated scenarios an uplink cost per float (kept: the latency). */
export function withPerFloatUplinks(scenarios: fc.Arbitrary<ScenarioInput>): fc.Arbitrary<ScenarioInput> {
  return scenarios.chain((input) => {
    const workers = input.workers;
    if (!Array.isArray(workers)) return fc.constant(input);
    return fc.array(perFloatArb, { minLength: workers.length, maxLength: workers.length }).map((costs) => ({
      ...input,
      workers: workers.map((w, i) => ({ ...w, perFloat: costs[i] })),
    }));
  });
}

/** Gives every worker random extra compute time per gradient (exponential or Pareto), for MindFlayer's attempts. */
export function withComputeNoise(scenarios: fc.Arbitrary<ScenarioInput>): fc.Arbitrary<ScenarioInput> {
  const noise = fc.constantFrom(
    { kind: 'exponential' as const, mean: 0.5 },
    { kind: 'pareto' as const, scale: 0.25, shape: 1.5 },
  );
  return scenarios.chain((input) => {
    const workers = input.workers;
    if (!Array.isArray(workers)) return fc.constant(input);
    return noise.map((extra) => ({ ...input, workers: workers.map((w) => ({ ...w, compute: { noise: extra } })) }));
  });
}

/** Workers absent at the start (they join later). */
function joinersOf(scenario: Scenario): Set<number> {
  const joiners = new Set<number>();
  for (const fault of scenario.faults) if (fault.kind === 'join') for (const w of fault.workers) joiners.add(w);
  return joiners;
}

/** Groups records by `${worker}/${job}`. */
function byJob(records: readonly TraceRecord[], kind: number): Map<string, TraceRecord[]> {
  const out = new Map<string, TraceRecord[]>();
  for (const r of ofKind(records, kind)) {
    const key = `${r.worker}/${r.job}`;
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

// ----- Shadowheart --------------------------------------------------------------------------------

function shadowheartParams(scenario: Scenario): ShadowheartParams {
  return scenario.methods[0].params as unknown as ShadowheartParams;
}

/** Shadowheart's plan over the member set `members`, recomputed from the scenario alone. */
export function planOf(scenario: Scenario, members: readonly boolean[]): ShadowheartPlan {
  const p = shadowheartParams(scenario);
  const d = dimensionOf(scenario.problem);
  const compressor = createCompressor(p.compressor);
  const floats = compressor.floats(d);
  const workers = scenario.workers.map((w, i) =>
    members[i]
      ? { hSeconds: w.compute.tau, tauSeconds: w.uplink.latency + floats * w.uplink.perFloat }
      : { hSeconds: Number.POSITIVE_INFINITY, tauSeconds: Number.POSITIVE_INFINITY },
  );
  return shadowheartPlan(compressor.omega(d), p.noiseRatio, workers, { maxMessages: p.maxMessages, maxBatch: p.maxBatch });
}

/** The plans the server may be following: one per set of workers it may know (present at start, plus any joiners). */
function candidatePlans(scenario: Scenario): ShadowheartPlan[] {
  const n = scenario.workers.length;
  const joiners = [...joinersOf(scenario)];
  const plans: ShadowheartPlan[] = [];
  for (let mask = 0; mask < 1 << joiners.length; mask++) {
    const members = Array.from({ length: n }, (_, w) => !joiners.includes(w) || (mask & (1 << joiners.indexOf(w))) !== 0);
    plans.push(planOf(scenario, members));
  }
  return plans;
}

/** Why the applied records of one step do not follow `plan`, or undefined if they do. */
function stepMismatch(plan: ShadowheartPlan, applied: readonly TraceRecord[]): string | undefined {
  const perWorker = new Map<number, TraceRecord[]>();
  for (const r of applied) perWorker.set(r.worker, [...(perWorker.get(r.worker) ?? []), r]);
  let total = 0;
  for (let w = 0; w < plan.active.length; w++) {
    if (!plan.active[w]) {
      if (perWorker.has(w)) return `inactive worker ${w} was applied`;
      continue;
    }
    total += plan.messageCounts[w];
    const mine = perWorker.get(w) ?? [];
    if (mine.length !== plan.messageCounts[w]) return `worker ${w}: ${mine.length} copies applied, m = ${plan.messageCounts[w]}`;
    if (new Set(mine.map((r) => r.job)).size !== 1) return `worker ${w}: copies of several jobs`;
    const gradients = mine.reduce((sum, r) => sum + r.count, 0);
    if (gradients !== 0 && gradients !== plan.batchSizes[w]) return `worker ${w}: ${gradients} gradients, b = ${plan.batchSizes[w]}`;
    const weight = plan.weights[w] / plan.normalizer;
    for (const r of mine) if (Math.abs(r.value - weight) > 1e-12 * weight) return `worker ${w}: weight ${r.value}, expected ${weight}`;
  }
  return applied.length === total ? undefined : `${applied.length} messages applied, Σ m_i = ${total}`;
}

export const shadowheartKit: MethodKit = {
  id: 'shadowheart',
  params: () =>
    fc
      .record({
        stepSize,
        compressor: compressorArb,
        noiseRatio: fc.constantFrom(0, 0.5, 2, 10),
        maxMessages: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        maxBatch: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      })
      .map(({ maxMessages, maxBatch, ...rest }) => ({
        method: 'shadowheart',
        ...rest,
        ...(maxMessages === undefined ? {} : { maxMessages }),
        ...(maxBatch === undefined ? {} : { maxBatch }),
      })),
  laws: [
    freshOnly,
    {
      name: 'each update applies exactly m_i copies of one job from every active worker (Σ m_i messages), weighted w_i/Σ w m b',
      check: ({ scenario, records }) => {
        const plans = candidatePlans(scenario);
        for (const [k, applied] of stepsOf(records)) {
          const reasons = plans.map((plan) => stepMismatch(plan, applied));
          expect(reasons.some((r) => r === undefined), `update ${k}: ${reasons.join('; ')}`).toBe(true);
        }
      },
    },
    {
      name: 'active workers compute exactly b_i gradients and send at most m_i distinct copies per job; inactive workers get no job',
      check: ({ scenario, records }) => {
        const plans = candidatePlans(scenario);
        const computed = byJob(records, TraceKind.gradComputed);
        const sent = new Map<string, TraceRecord[]>();
        for (const kind of [TraceKind.gradArrive, TraceKind.gradLost]) for (const [key, list] of byJob(records, kind)) sent.set(key, [...(sent.get(key) ?? []), ...list]);
        for (const start of ofKind(records, TraceKind.jobStart)) {
          const key = `${start.worker}/${start.job}`;
          const gradients = computed.get(key)?.[0]?.count;
          const parts = (sent.get(key) ?? []).map((r) => r.value);
          const fits = plans.some(
            (plan) =>
              plan.active[start.worker] &&
              (gradients === undefined || gradients === plan.batchSizes[start.worker]) &&
              parts.every((part) => part < plan.messageCounts[start.worker]),
          );
          expect(fits, `job ${key}: ${gradients} gradients, copies ${parts.join(',')}`).toBe(true);
          expect(new Set(parts).size, `job ${key}: a copy sent twice`).toBe(parts.length);
        }
      },
    },
    {
      name: 'without faults (fixed compute, free downlink), a round lasts max_i (b_i h_i + m_i τ_i) ≤ 2t*',
      check: ({ scenario, records }) => {
        if (scenario.faults.length > 0) return;
        if (scenario.workers.some((w) => w.compute.noise !== undefined || w.compute.speed !== undefined || w.downlink.latency > 0 || w.downlink.perFloat > 0)) return;
        const plan = planOf(scenario, scenario.workers.map(() => true));
        const d = dimensionOf(scenario.problem);
        const floats = createCompressor(shadowheartParams(scenario).compressor).floats(d);
        let round = 0;
        plan.active.forEach((isActive, w) => {
          if (!isActive) return;
          const { uplink, compute } = scenario.workers[w];
          round = Math.max(round, plan.batchSizes[w] * compute.tau + plan.messageCounts[w] * (uplink.latency + floats * uplink.perFloat));
        });
        expect(round).toBeLessThanOrEqual(2 * plan.equilibriumSeconds * (1 + TIME_SLACK));
        let previous = 0;
        for (const step of ofKind(records, TraceKind.modelStep)) {
          expect(Math.abs(step.time - previous - round), `update ${step.iteration} at t=${step.time}`).toBeLessThanOrEqual(TIME_SLACK * round);
          previous = step.time;
        }
      },
    },
  ],
};

// ----- QSGD (compressed Minibatch) ---------------------------------------------------------------

export const qsgdMinibatchKit: MethodKit = {
  id: 'qsgd-minibatch',
  params: () =>
    fc
      .record({ stepSize, compressor: fc.option(compressorArb, { nil: undefined }) })
      .map(({ stepSize: s, compressor }) => ({ method: 'qsgd-minibatch', stepSize: s, ...(compressor === undefined ? {} : { compressor }) })),
  laws: [
    freshOnly,
    {
      name: 'steps on exactly one compressed gradient from every worker it knows (all of them, without joins), each weighted 1/count',
      check: ({ scenario, records }) => {
        const n = scenario.workers.length;
        const joins = joinersOf(scenario).size > 0;
        for (const [k, applied] of stepsOf(records)) {
          expect(new Set(applied.map((r) => r.worker)).size, `update ${k}`).toBe(applied.length);
          if (!joins) expect(applied.length, `update ${k}`).toBe(n);
          for (const r of applied) expect(r.value).toBeCloseTo(1 / applied.length, 14);
        }
      },
    },
    {
      name: 'every job computes one gradient and sends one message',
      check: ({ records }) => {
        for (const r of ofKind(records, TraceKind.gradComputed)) expect(r.count, `job ${r.worker}/${r.job}`).toBe(1);
        for (const r of [...ofKind(records, TraceKind.gradArrive), ...ofKind(records, TraceKind.gradLost)]) expect(r.value, `job ${r.worker}/${r.job}`).toBe(0);
      },
    },
  ],
};

// ----- MindFlayer ---------------------------------------------------------------------------------

function mindflayerParams(scenario: Scenario): MindFlayerParams {
  return scenario.methods[0].params as unknown as MindFlayerParams;
}

/** A worker's compute is the fixed model (no random extra time, no speed profile or speed fault). */
function fixedCompute(scenario: Scenario, w: number): boolean {
  const { noise, speed } = scenario.workers[w].compute;
  const slowed = scenario.faults.some((f) => (f.kind === 'straggle' || f.kind === 'pause') && f.workers.includes(w));
  return noise === undefined && speed === undefined && !slowed;
}

/** Budgets as dyadic seconds in [1/8, 6]: compared with τ ∈ [1/8, 4], some attempts fail, most succeed. */
const budgetArb = fc.integer({ min: 1, max: 48 }).map((k) => k / 8);

export const mindflayerKit: MethodKit = {
  id: 'mindflayer',
  params: (workers) =>
    fc
      .record({
        stepSize,
        budget: fc.oneof(budgetArb, fc.array(budgetArb, { minLength: workers, maxLength: workers })),
        attempts: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: workers, maxLength: workers })),
        normalize: fc.option(fc.constantFrom('realized' as const, 'expected' as const), { nil: undefined }),
      })
      .map(({ normalize, ...rest }) => ({ method: 'mindflayer', ...rest, ...(normalize === undefined ? {} : { normalize }) })),
  laws: [
    freshOnly,
    {
      name: 'never lets an attempt outlive its budget: a job with c successes lasts between (B_i − c)·t_i and B_i·t_i',
      check: ({ scenario, records }) => {
        const { budget, attempts } = mindflayerParams(scenario);
        const computed = byJob(records, TraceKind.gradComputed);
        for (const start of ofKind(records, TraceKind.jobStart)) {
          const w = start.worker;
          const duration = start.value - start.time;
          const limit = attempts[w] * budget[w];
          expect(duration, `job ${w}/${start.job}`).toBeLessThanOrEqual(limit * (1 + TIME_SLACK));
          const successes = computed.get(`${w}/${start.job}`)?.[0]?.count;
          if (successes === undefined) continue;
          expect(successes).toBeLessThanOrEqual(attempts[w]);
          expect(duration, `job ${w}/${start.job}`).toBeGreaterThanOrEqual((attempts[w] - successes) * budget[w] * (1 - TIME_SLACK));
        }
      },
    },
    {
      name: 'with fixed compute, every job runs exactly B_i attempts: all succeed in B_i·τ_i if τ_i ≤ t_i, else all fail in B_i·t_i',
      check: ({ scenario, records }) => {
        const { budget, attempts } = mindflayerParams(scenario);
        const computed = byJob(records, TraceKind.gradComputed);
        for (const start of ofKind(records, TraceKind.jobStart)) {
          const w = start.worker;
          if (!fixedCompute(scenario, w)) continue;
          const tau = scenario.workers[w].compute.tau;
          const succeeds = tau <= budget[w];
          expect(start.value - start.time, `job ${w}/${start.job}`).toBeCloseTo(attempts[w] * (succeeds ? tau : budget[w]), 9);
          const successes = computed.get(`${w}/${start.job}`)?.[0]?.count;
          if (successes !== undefined) expect(successes, `job ${w}/${start.job}`).toBe(succeeds ? attempts[w] : 0);
        }
      },
    },
    {
      name: 'steps on one message from every worker it knows (all of them, without joins), weighted count/N',
      check: ({ scenario, records }) => {
        const n = scenario.workers.length;
        const joins = joinersOf(scenario).size > 0;
        const { normalize } = mindflayerParams(scenario);
        for (const [k, applied] of stepsOf(records)) {
          expect(new Set(applied.map((r) => r.worker)).size, `update ${k}`).toBe(applied.length);
          if (!joins) expect(applied.length, `update ${k}`).toBe(n);
          const successes = applied.reduce((sum, r) => sum + r.count, 0);
          expect(successes, `update ${k} has no success`).toBeGreaterThan(0);
          if (normalize === 'realized') for (const r of applied) expect(r.value).toBeCloseTo(r.count / successes, 14);
        }
      },
    },
    {
      name: 'without faults, `expected` divides by Σ_i p̂_i B_i with p̂_i = successes/attempts seen so far',
      check: ({ scenario, records }) => {
        const { normalize, attempts } = mindflayerParams(scenario);
        if (normalize !== 'expected' || scenario.faults.length > 0) return;
        const n = scenario.workers.length;
        const successes = new Float64Array(n);
        const tried = new Float64Array(n);
        for (const r of records) {
          if (r.kind === TraceKind.gradArrive) {
            successes[r.worker] += r.count;
            tried[r.worker] += attempts[r.worker];
          }
          if (r.kind === TraceKind.gradApplied) {
            let expected = 0;
            for (let w = 0; w < n; w++) expected += (successes[w] / tried[w]) * attempts[w];
            expect(r.value, `update ${r.iteration + 1}, worker ${r.worker}`).toBeCloseTo(r.count / expected, 12);
          }
        }
      },
    },
    {
      name: 'without faults, a round lasts at most max_i (downlink_i + B_i·t_i + uplink_i), i.e. max_i B_i·t_i on free links',
      check: ({ scenario, records }) => {
        if (scenario.faults.length > 0) return;
        const { budget, attempts } = mindflayerParams(scenario);
        const n = scenario.workers.length;
        const d = dimensionOf(scenario.problem);
        let bound = 0;
        scenario.workers.forEach(({ uplink, downlink }, w) => {
          bound = Math.max(bound, downlink.latency + d * downlink.perFloat + attempts[w] * budget[w] + uplink.latency + d * uplink.perFloat);
        });
        // Without faults every worker gets one job per round, so job r of each worker is round r.
        const ends = new Map<number, number[]>();
        for (const r of ofKind(records, TraceKind.gradArrive)) ends.set(r.job, [...(ends.get(r.job) ?? []), r.time]);
        let roundStart = 0;
        for (let round = 0; ends.get(round)?.length === n; round++) {
          const end = Math.max(...ends.get(round)!);
          expect(end - roundStart, `round ${round}`).toBeLessThanOrEqual(bound * (1 + TIME_SLACK));
          roundStart = end;
        }
      },
    },
  ],
};

/** The kits of this file. */
export const COMPRESSED_KITS: readonly MethodKit[] = [shadowheartKit, qsgdMinibatchKit, mindflayerKit];
