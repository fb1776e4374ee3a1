import { fc, test } from '@fast-check/vitest';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { GradientMessage, GradientRef } from '../../actors/messages.ts';
import { createRegistry, METHODS } from '../../actors/method-registry.ts';
import { mindflayer } from '../../actors/methods/mindflayer.ts';
import { qsgdMinibatch } from '../../actors/methods/qsgd-minibatch.ts';
import { shadowheart } from '../../actors/methods/shadowheart.ts';
import type { ServerIO } from '../../actors/server-io.ts';
import { GRADIENT_TASK, type Task } from '../../actors/tasks.ts';
import type { Compressor, CompressorSpec } from '../../src/compress/compressor.ts';
import { createCompressor } from '../../src/compress/create-compressor.ts';
import { taskOutputs, type TaskWorld } from '../../src/engine/tasks/task-outputs.ts';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import { prepareScenario } from '../../src/engine/run-scenario.ts';
import { Float64Pool } from '../../src/linalg/float64-pool.ts';
import { createProblem } from '../../src/problems/create-problem.ts';
import { RandomStream } from '../../src/random/random-stream.ts';
import type { LinkSpec, MethodInput, ScenarioInput, WorkerInput } from '../../src/scenario/scenario-types.ts';
import { equalWorkersEquilibriumTime, equilibriumTime, shadowheartPlan } from '../../src/theory/equilibrium-time.ts';
import { scenarioArb } from '../helpers/arbitraries.ts';
import { GENERIC_LAWS } from '../helpers/laws.ts';
import { mindflayerKit, qsgdMinibatchKit, shadowheartKit, withComputeNoise, withPerFloatUplinks } from '../helpers/kits/compressed.ts';
import type { MethodKit } from '../helpers/method-kit.ts';
import { simulateTraced } from '../helpers/simulate.ts';

/** Runs per property; raise with ROUNDTABLE_PROPERTY_RUNS for a deeper search. */
const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

const registry = createRegistry([...METHODS, shadowheart, qsgdMinibatch, mindflayer]);

function world(workers: WorkerInput[], method: MethodInput, stop: ScenarioInput['stop'], options: { d?: number; sigma?: number; faults?: ScenarioInput['faults'] } = {}): ScenarioInput {
  return {
    name: 'example',
    problem: { kind: 'worst-case-quadratic', d: options.d ?? 8, noise: { kind: 'add', sigma: options.sigma ?? 0 } },
    workers,
    methods: [method],
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    stop,
    record: { trace: true },
  };
}

const run = (input: ScenarioInput) => simulateTraced(input, { registry });
const of = (records: readonly TraceRecord[], kind: number) => records.filter((r) => r.kind === kind);
const stepTimes = (records: readonly TraceRecord[]) => of(records, TraceKind.modelStep).map((r) => r.time);

describe('Shadowheart SGD', () => {
  // 4 equal workers, h = 1, RandK K = 1 on d = 8 (ω = 7, 1 float), 0.25 s per float (τ = 0.25), s = 1.
  // a = (τω + hs)/n = 0.6875; t* = a + √(a² + 4τhωs/n) = 0.6875 + √2.22265625 ≈ 2.17836.
  // b = ⌊t*/h⌋ = 2, m = ⌊t*/τ⌋ = 8 (cap ⌈d/K⌉ = 8), w = 1/(bω + ωs + ms) = 1/29,
  // Σ w m b = 64/29, so each message weighs 1/64; a round lasts bh + mτ = 4 ≤ 2t* ≈ 4.357.
  const equal = (method: Partial<MethodInput> = {}) =>
    world([1, 1, 1, 1].map((tau) => ({ tau, perFloat: 0.25 })), { method: 'shadowheart', stepSize: 0.1, noiseRatio: 1, ...method }, { iterations: 3 });

  it('plans b_i and m_i from the equal-worker closed form, and a round lasts bh + mτ ≤ 2t*', () => {
    const tStar = 0.6875 + Math.sqrt(2.22265625);
    expect(equalWorkersEquilibriumTime(1, 0.25, 7, 1, 4)).toBeCloseTo(tStar, 12);
    expect(equilibriumTime(7, 1, Array.from({ length: 4 }, () => ({ hSeconds: 1, tauSeconds: 0.25 })))).toBeCloseTo(tStar, 12);

    const { records, result } = run(equal());
    expect(stepTimes(records)).toEqual([4, 8, 12]);
    expect(4).toBeLessThanOrEqual(2 * tStar);
    for (const r of of(records, TraceKind.gradComputed)) expect(r.count).toBe(2);
    const arrivals = of(records, TraceKind.gradArrive);
    for (let w = 0; w < 4; w++) {
      for (let job = 0; job < 3; job++) {
        expect(arrivals.filter((r) => r.worker === w && r.job === job).map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      }
    }
    const applied = of(records, TraceKind.gradApplied);
    expect(applied).toHaveLength(3 * 32);
    for (const r of applied) expect(r.value).toBeCloseTo(1 / 64, 15);
    expect(result.gradients.applied).toBe(3 * 4 * 2);
    expect(result.gradients.discarded).toBe(0);
  });

  it('caps m_i at maxMessages', () => {
    const { records } = run(equal({ maxMessages: 3 }));
    // b = 2, m = 3: a round lasts 2·1 + 3·0.25.
    expect(stepTimes(records)).toEqual([2.75, 5.5, 8.25]);
    expect(of(records, TraceKind.gradApplied)).toHaveLength(3 * 12);
  });

  it('gives inactive workers nothing and weighs heterogeneous workers by the plan', () => {
    // h = (0.25, 1, 16), τ = (0.5, 0.125, 0.25) with RandK K = 1 on d = 8, s = 4: worker 2's h > t*.
    const input = world(
      [{ tau: 0.25, perFloat: 0.5 }, { tau: 1, perFloat: 0.125 }, { tau: 16, perFloat: 0.25 }],
      { method: 'shadowheart', stepSize: 0.05, noiseRatio: 4 },
      { iterations: 4 },
    );
    const plan = shadowheartPlan(7, 4, [{ hSeconds: 0.25, tauSeconds: 0.5 }, { hSeconds: 1, tauSeconds: 0.125 }, { hSeconds: 16, tauSeconds: 0.25 }], { maxMessages: 8 });
    expect(plan.active).toEqual([true, true, false]);
    const { records } = run(input);
    expect(of(records, TraceKind.jobStart).some((r) => r.worker === 2)).toBe(false);
    const round = Math.max(plan.batchSizes[0] * 0.25 + plan.messageCounts[0] * 0.5, plan.batchSizes[1] * 1 + plan.messageCounts[1] * 0.125);
    expect(round).toBeLessThanOrEqual(2 * plan.equilibriumSeconds);
    expect(stepTimes(records)).toEqual([1, 2, 3, 4].map((k) => k * round));
    for (const r of of(records, TraceKind.gradApplied)) expect(r.value).toBeCloseTo(plan.weights[r.worker] / plan.normalizer, 15);
  });

  it('with ω = 0 (identity) and s = 0, weighs every message 1 before normalising', () => {
    const hs = [1, 1, 2];
    const plan = shadowheartPlan(0, 0, hs.map((h) => ({ hSeconds: h, tauSeconds: 0.25 })), { maxMessages: 3 });
    // t* = min max(h, τ) = 1: workers 0 and 1 are active with b = 1, m = ⌊1/0.25⌋ capped at 3.
    expect(plan.weights).toEqual([1, 1, 0]);
    expect(plan.normalizer).toBe(6);
    const input = world(
      hs.map((tau) => ({ tau, perFloat: 1 / 16 })),
      { method: 'shadowheart', stepSize: 0.1, noiseRatio: 0, compressor: { kind: 'identity' }, maxMessages: 3 },
      { iterations: 3 },
      { d: 4 },
    );
    const { records } = run(input);
    const applied = of(records, TraceKind.gradApplied);
    expect(applied).toHaveLength(3 * 6);
    for (const r of applied) expect(r.value).toBe(1 / 6);
  });

  it('its estimator is unbiased: on a fixed model, the mean of g/Σ w m b over many rounds is ∇f', () => {
    for (const compressor of [{ kind: 'rand-k', k: 1 }, { kind: 'natural' }, { kind: 'qsgd', levels: 2 }] satisfies CompressorSpec[]) {
      const { mean, standardError, gradient } = estimatorMoments(compressor, 1500);
      const scale = Math.max(...gradient.map(Math.abs));
      for (let j = 0; j < gradient.length; j++) {
        // The test has power: the standard error is small against the gradient.
        expect(standardError[j]).toBeLessThan(0.05 * scale);
        expect(Math.abs(mean[j] - gradient[j]), `${compressor.kind}, coordinate ${j}`).toBeLessThanOrEqual(5 * standardError[j] + 1e-12);
      }
    }
  });

  it('stalls when an active worker dies, naming it', () => {
    const input = equal();
    const { result } = run({ ...input, faults: [{ kind: 'crash', at: 1, workers: [2] }], stop: { iterations: 3, time: 100 } });
    expect(result.stopReason).toBe('stalled');
    expect(result.iterations).toBe(0);
    expect(result.stall?.workers).toEqual([2]);
    expect(result.stall?.waitingFor).toContain('shadowheart waits for 8 of the 32 compressed messages of round 0');
    expect(result.stall?.waitingFor).toContain('worker 2 (crashed at t=1 for good)');
  });

  it('gives a recovered active worker the round’s task again, and ignores a dead inactive one', () => {
    const recovered = run({ ...equal(), faults: [{ kind: 'crash', at: 3, recoverAfter: 1, workers: [1] }], stop: { iterations: 3, time: 100 } });
    // Worker 1 lost its queued copies at t = 3 and starts again at t = 4: the round ends at 4 + 4.
    expect(recovered.result.iterations).toBe(3);
    expect(stepTimes(recovered.records)).toEqual([8, 12, 16]);
    for (const law of [...GENERIC_LAWS, ...shadowheartKit.laws]) law.check(recovered);

    const input = world(
      [{ tau: 0.25, perFloat: 0.5 }, { tau: 1, perFloat: 0.125 }, { tau: 16, perFloat: 0.25 }],
      { method: 'shadowheart', stepSize: 0.05, noiseRatio: 4 },
      { iterations: 4 },
      { faults: [{ kind: 'crash', at: 0, workers: [2] }] },
    );
    expect(run(input).result.iterations).toBe(4);
  });

  it('defaults noiseRatio to σ²/ε and explains why it is required otherwise', () => {
    const method = { method: 'shadowheart', stepSize: 0.1 };
    const withTarget = prepareScenario(world([{ tau: 1 }], method, { iterations: 1, gradNormSq: 0.5 }, { d: 8, sigma: 0.5 }), undefined, undefined, registry);
    // σ² = d·sigma² = 2 for the worst-case quadratic's additive noise.
    expect(withTarget.methods[0].params).toMatchObject({ noiseRatio: 4, compressor: { kind: 'rand-k', k: 1 }, maxMessages: 8 });
    expect(() => prepareScenario(world([{ tau: 1 }], method, { iterations: 1 }), undefined, undefined, registry)).toThrow(
      /noiseRatio must be a non-negative number s = σ²\/ε \(no default: .*stop\.gradNormSq target/,
    );
    expect(() => prepareScenario(world([{ tau: 1 }], { ...method, noiseRatio: 1, maxMesages: 2 }, { iterations: 1 }), undefined, undefined, registry)).toThrow(/maxMesages is not a known field/);
    expect(() => prepareScenario(world([{ tau: 1 }], { ...method, noiseRatio: 1, compressor: { kind: 'rand-k', k: 9 } }, { iterations: 1 }), undefined, undefined, registry)).toThrow(
      /compressor\.k must be an integer in \[1, 8\]/,
    );
  });
});

describe('QSGD (compressed Minibatch SGD)', () => {
  it('steps when the slowest worker’s compressed gradient arrives, on the average of one per worker', () => {
    // RandK K = 1 costs one float: worker i's round is τ_i + 1 (1 s per float).
    const { records, result } = run(world([{ tau: 1, perFloat: 1 }, { tau: 2, perFloat: 1 }], { method: 'qsgd-minibatch', stepSize: 0.1 }, { iterations: 3 }));
    expect(stepTimes(records)).toEqual([3, 6, 9]);
    for (const r of of(records, TraceKind.gradApplied)) expect(r.value).toBe(0.5);
    expect(result.gradients.applied).toBe(6);
  });

  it('with the identity compressor follows Minibatch SGD step for step', () => {
    const workers = [1, 2, 3].map((tau) => ({ tau, perFloat: 0.125 }));
    const qsgd = run(world(workers, { method: 'qsgd-minibatch', stepSize: 0.1, compressor: { kind: 'identity' } }, { iterations: 5 }, { sigma: 0.3 }));
    const plain = run(world(workers, { method: 'minibatch', stepSize: 0.1 }, { iterations: 5 }, { sigma: 0.3 }));
    expect(stepTimes(qsgd.records)).toEqual(stepTimes(plain.records));
    expect(qsgd.result.final.x).toEqual(plain.result.final.x);
  });

  it('stalls on a dead worker and takes a recovered one back', () => {
    const workers = [{ tau: 1 }, { tau: 2 }];
    const dead = run(world(workers, { method: 'qsgd-minibatch', stepSize: 0.1 }, { iterations: 3, time: 50 }, { faults: [{ kind: 'crash', at: 0.5, workers: [1] }] }));
    expect(dead.result.stopReason).toBe('stalled');
    expect(dead.result.stall?.workers).toEqual([1]);
    const back = run(world(workers, { method: 'qsgd-minibatch', stepSize: 0.1 }, { iterations: 3, time: 50 }, { faults: [{ kind: 'crash', at: 0.5, recoverAfter: 1, workers: [1] }] }));
    expect(stepTimes(back.records)).toEqual([3.5, 5.5, 7.5]);
  });
});

describe('MindFlayer SGD', () => {
  it('runs B_i attempts of at most t_i, waits for every worker and averages the successes', () => {
    // t = 1.5, B = 2: worker 0 (τ = 1) succeeds twice in 2 s; worker 1 (τ = 2) fails twice, 3 s.
    const { records } = run(world([{ tau: 1 }, { tau: 2 }], { method: 'mindflayer', stepSize: 0.1, budget: 1.5, attempts: 2 }, { iterations: 3 }));
    expect(stepTimes(records)).toEqual([3, 6, 9]);
    const jobs = of(records, TraceKind.jobStart);
    for (const r of jobs) expect(r.value - r.time).toBe(r.worker === 0 ? 2 : 3);
    const computed = of(records, TraceKind.gradComputed);
    for (const r of computed) expect(r.count).toBe(r.worker === 0 ? 2 : 0);
    for (const r of of(records, TraceKind.gradApplied)) expect(r.value).toBe(r.worker === 0 ? 1 : 0);
  });

  it('makes no step in a round without a success, and tries again at the same iterate', () => {
    const { result, records } = run(world([{ tau: 1 }, { tau: 2 }], { method: 'mindflayer', stepSize: 0.1, budget: [0.5, 1], attempts: [1, 2] }, { iterations: 3, time: 10 }));
    expect(result.iterations).toBe(0);
    expect(result.stopReason).toBe('time');
    // Rounds of max(1·0.5, 2·1) = 2 s; every message is discarded, every job is at x⁰.
    expect(of(records, TraceKind.gradDiscarded)).toHaveLength(2 * 5);
    for (const r of of(records, TraceKind.jobStart)) expect(r.tag).toBe(0);
  });

  it('with normalize: expected, divides by Σ p̂_i B_i estimated from the attempts seen', () => {
    const workers = [{ tau: 0.5, compute: { noise: { kind: 'exponential', mean: 1 } } }, { tau: 1, compute: { noise: { kind: 'exponential', mean: 1 } } }] satisfies WorkerInput[];
    const input = world(workers, { method: 'mindflayer', stepSize: 0.05, budget: 1.25, attempts: [3, 2], normalize: 'expected' }, { iterations: 30 });
    const traced = run(input);
    expect(traced.result.iterations).toBe(30);
    // Both realized and expected normalisations are checked against the trace by the kit's laws.
    for (const law of [...GENERIC_LAWS, ...mindflayerKit.laws]) law.check(traced);
    const weights = of(traced.records, TraceKind.gradApplied).filter((r) => r.count > 0).map((r) => r.value / r.count);
    // Not the realized 1/successes: the weights vary smoothly with p̂ rather than jumping.
    expect(new Set(weights).size).toBeGreaterThan(10);
  });

  it('stalls on a dead worker, naming it', () => {
    const { result } = run(world([{ tau: 1 }, { tau: 2 }], { method: 'mindflayer', stepSize: 0.1, budget: 3, attempts: 1 }, { iterations: 3, time: 50 }, { faults: [{ kind: 'crash', at: 0.5, workers: [0] }] }));
    expect(result.stopReason).toBe('stalled');
    expect(result.stall?.workers).toEqual([0]);
    expect(result.stall?.waitingFor).toContain('mindflayer waits for the attempt results of round 1 at x^0');
  });

  it('validates budget and attempts', () => {
    const parse = (method: MethodInput) => prepareScenario(world([{ tau: 1 }, { tau: 2 }], method, { iterations: 1 }), undefined, undefined, registry);
    expect(parse({ method: 'mindflayer', stepSize: 0.1, budget: 2, attempts: [1, 3] }).methods[0].params).toEqual({
      stepSize: 0.1,
      budget: [2, 2],
      attempts: [1, 3],
      normalize: 'realized',
    });
    expect(() => parse({ method: 'mindflayer', stepSize: 0.1, attempts: 1 })).toThrow(/budget must be a positive number of seconds per attempt, or a list of 2 .*no default: the paper chooses/);
    expect(() => parse({ method: 'mindflayer', stepSize: 0.1, budget: [1, 2, 3], attempts: 1 })).toThrow(/budget must be .* a list of 2 \(one per worker\); got an array of 3/);
    expect(() => parse({ method: 'mindflayer', stepSize: 0.1, budget: 1, attempts: [1, 0] })).toThrow(/attempts\[1\] must be an integer ≥ 1; got 0/);
    expect(() => parse({ method: 'mindflayer', stepSize: 0.1, budget: 1, attempts: 1, normalize: 'mean' })).toThrow(/normalize must be one of "realized", "expected"/);
  });
});

describe('laws over generated scenarios', () => {
  const kits: readonly { kit: MethodKit; scenarios: (faults: number) => fc.Arbitrary<ScenarioInput> }[] = [
    { kit: shadowheartKit, scenarios: (maxFaults) => withPerFloatUplinks(scenarioArb({ kits: [shadowheartKit], latency: true, maxFaults })) },
    { kit: qsgdMinibatchKit, scenarios: (maxFaults) => withPerFloatUplinks(scenarioArb({ kits: [qsgdMinibatchKit], latency: true, maxFaults })) },
    {
      kit: mindflayerKit,
      scenarios: (maxFaults) => {
        const base = withPerFloatUplinks(scenarioArb({ kits: [mindflayerKit], latency: true, maxFaults }));
        return fc.oneof(base, withComputeNoise(base));
      },
    },
  ];
  for (const { kit, scenarios } of kits) {
    const laws = [...GENERIC_LAWS, ...kit.laws];
    describe(kit.id, () => {
      test.prop([scenarios(0)], { numRuns })('keeps every law without faults', (input) => {
        const traced = run(input);
        for (const law of laws) law.check(traced);
      });
      test.prop([scenarios(3)], { numRuns })('keeps every law under faults', (input) => {
        const traced = run(input);
        for (const law of laws) law.check(traced);
      });
      test.prop([scenarios(3)], { numRuns: Math.ceil(numRuns / 4) })('gives the same trace on the compiled dispatcher and XState', (input) => {
        const compiled = simulateTraced(input, { registry, dispatch: 'compiled' });
        const interpreted = simulateTraced(input, { registry, dispatch: 'xstate' });
        expect(compiled.result.traceHash).toBe(interpreted.result.traceHash);
      });
    });
  }
});

// ----- Shadowheart's aggregation on a fixed model ---------------------------------------------------

/**
 * Drives Shadowheart's own server machine through a ServerIO whose model never moves, with the
 * messages the engine's task code produces (noise-free gradients, the worker's compressor
 * randomness), delivered in a shuffled order. Returns the per-coordinate mean and standard error
 * of the estimator g/Σ w m b over `rounds` rounds, and ∇f at the fixed model.
 *
 * Workers: h = (0.25, 1, 3), τ = (0.5, 0.125, 0.25) s per float, s = 4, d = 8: all three active,
 * with different b_i, m_i and weights (for RandK K = 1: b = (21, 5, 1), m = 8).
 */
function estimatorMoments(compressor: CompressorSpec, rounds: number): { mean: number[]; standardError: number[]; gradient: number[] } {
  const d = 8;
  const gamma = 0.5;
  const problem = createProblem({ kind: 'worst-case-quadratic', d, noise: { kind: 'add', sigma: 0 } }, 3, RandomStream.named(1, 'problem'));
  const x = Float64Array.from([1, -2, 0.5, 3, -1, 2, 0.25, -0.5]);
  const links: LinkSpec[] = [0.5, 0.125, 0.25].map((perFloat) => ({ latency: 0, perFloat }));
  const io = new FixedModelIO(x, [0.25, 1, 3], links, gamma);
  const params = shadowheart.parseParams({ stepSize: gamma, noiseRatio: 4, compressor }, 'method', {
    workerCount: 3,
    dimension: d,
    noiseVariance: undefined,
    target: undefined,
    components: undefined,
    workers: [],
  });
  const actor = createActor(shadowheart.machine, { input: { io, params } });
  actor.start();
  const buffers = new Float64Pool(d);
  const compressors = new Map<string, Compressor>();
  const taskWorld: TaskWorld = {
    problem,
    local: 0,
    buffers,
    compressor: (spec) => {
      const key = JSON.stringify(spec);
      const made = compressors.get(key) ?? createCompressor(spec);
      compressors.set(key, made);
      return made;
    },
  };
  const jobIds = [0, 0, 0];
  const order = RandomStream.named(7, 'delivery');
  while (io.estimates.length < rounds) {
    const messages: GradientMessage[] = [];
    for (const job of io.assigned.splice(0)) {
      const w = job.worker;
      const jobId = jobIds[w]++;
      const outputs = taskOutputs(job.task, x, { finish: 0, succeeded: undefined }, taskWorld, RandomStream.named(11, `oracle/${w}`).child(jobId), RandomStream.named(11, `compression/${w}`).child(jobId));
      for (const o of outputs) {
        messages.push({ type: 'grad.arrive', worker: w, jobId, tag: job.tag, grad: o.grad, count: o.count, startedAt: 0, finishedAt: 0, task: job.task.kind, part: o.part, floats: o.floats, attempts: o.attempts });
      }
    }
    if (messages.length === 0) throw new Error('Shadowheart assigned no work');
    for (let i = messages.length - 1; i > 0; i--) {
      const j = order.int(i + 1);
      [messages[i], messages[j]] = [messages[j], messages[i]];
    }
    for (const message of messages) {
      actor.send(message);
      buffers.release(message.grad);
    }
  }
  actor.stop();
  const gradient = new Float64Array(d);
  problem.gradient(x, gradient);
  const mean: number[] = [];
  const standardError: number[] = [];
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (const e of io.estimates) sum += e[j];
    const m = sum / rounds;
    let squares = 0;
    for (const e of io.estimates) squares += (e[j] - m) ** 2;
    mean.push(m);
    standardError.push(Math.sqrt(squares / (rounds - 1) / rounds));
  }
  return { mean, standardError, gradient: Array.from(gradient) };
}

/** A ServerIO whose model never changes: `step` records the estimator direction·stepSize/γ instead. */
class FixedModelIO implements ServerIO {
  iteration = 0;
  readonly workerCount: number;
  readonly dimension: number;
  readonly problem = { components: undefined, smoothness: undefined, noiseVariance: undefined };
  readonly rng = RandomStream.named(3, 'server');
  readonly assigned: { worker: number; tag: number; task: Task }[] = [];
  readonly estimates: Float64Array[] = [];

  constructor(
    readonly x: Float64Array,
    private readonly hs: readonly number[],
    private readonly links: readonly LinkSpec[],
    private readonly gamma: number,
  ) {
    this.workerCount = hs.length;
    this.dimension = x.length;
  }

  now(): number {
    return 0;
  }

  nominalTau(worker: number): number {
    return this.hs[worker];
  }

  presentAtStart(): boolean {
    return true;
  }

  uplinkOf(worker: number): LinkSpec {
    return this.links[worker];
  }

  assign(worker: number, task: Task = GRADIENT_TASK): void {
    this.assigned.push({ worker, tag: this.iteration, task });
  }

  holdModel() {
    return { x: this.x, version: this.iteration };
  }

  releaseModel(): void {}

  cancel(): void {}

  apply(): void {}

  discard(message: GradientRef): void {
    throw new Error(`nothing should be discarded without faults; got worker ${message.worker} job ${message.jobId}`);
  }

  step(direction: Float64Array, stepSize: number): void {
    this.estimates.push(Float64Array.from(direction, (v) => (v * stepSize) / this.gamma));
    this.iteration++;
  }
}
