import { test } from '@fast-check/vitest';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { GradientMessage, GradientRef, ModelSnapshot } from '../../actors/messages.ts';
import { createRegistry, METHODS } from '../../actors/method-registry.ts';
import { fedbuff, stalenessWeight } from '../../actors/methods/fedbuff.ts';
import { freyaPage, type FreyaPageParams } from '../../actors/methods/freya-page.ts';
import type { ProblemFacts, ServerIO } from '../../actors/server-io.ts';
import type { Task } from '../../actors/tasks.ts';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import { FiniteSumQuadratic, type FiniteSumQuadraticOptions } from '../../src/problems/finite-sum-quadratic.ts';
import { RandomStream } from '../../src/random/random-stream.ts';
import type { FaultInput } from '../../src/scenario/fault-types.ts';
import type { MethodInput, ProblemInput, Scenario, ScenarioInput } from '../../src/scenario/scenario-types.ts';
import { scenarioArb } from '../helpers/arbitraries.ts';
import { fedbuffKit, freyaPageKit, jobSpans, maxOverlap } from '../helpers/kits/federated.ts';
import { GENERIC_LAWS } from '../helpers/laws.ts';
import { simulateTraced } from '../helpers/simulate.ts';

/** Runs per property; raise with ROUNDTABLE_PROPERTY_RUNS for a deeper search. */
const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

const registry = createRegistry([...METHODS, fedbuff, freyaPage]);

const of = (records: readonly TraceRecord[], kind: number) => records.filter((r) => r.kind === kind);
const stepTimes = (records: readonly TraceRecord[]) => of(records, TraceKind.modelStep).map((r) => r.time);

const quadratic = (sigma = 0): ProblemInput => ({ kind: 'worst-case-quadratic', d: 4, noise: { kind: 'add', sigma } });
const finiteSum = (components: number, extra: { d?: number; sigma?: number; mu?: number } = {}): ProblemInput => ({
  kind: 'finite-sum-quadratic',
  d: extra.d ?? 4,
  components,
  noise: { kind: 'gaussian', sigma: extra.sigma ?? 0.5 },
  ...(extra.mu === undefined ? {} : { mu: extra.mu }),
});

function world(problem: ProblemInput, taus: number[], method: MethodInput, stop: ScenarioInput['stop'], faults: FaultInput[] = []): ScenarioInput {
  return {
    name: 'example',
    seed: 5,
    problem,
    workers: taus.map((tau) => ({ tau })),
    methods: [method],
    ...(faults.length > 0 ? { faults } : {}),
    stop,
    record: { trace: true },
  };
}

const traced = (input: ScenarioInput) => simulateTraced(input, { registry });

/** The finite-sum problem a run used, rebuilt from its scenario and the run's `problem` stream. */
function finiteSumOf(scenario: Scenario): FiniteSumQuadratic {
  const problem = scenario.problem;
  if (problem.kind !== 'finite-sum-quadratic') throw new Error(`not a finite sum: ${problem.kind}`);
  const { d, components, noise, scale, mu } = problem;
  return new FiniteSumQuadratic({ d, components, noise: noise.sigma, scale, mu }, RandomStream.named(scenario.seed, 'problem'));
}

// ----- FedBuff ------------------------------------------------------------------------------------

describe('FedBuff', () => {
  it('weighs staleness as FLSim does: constant, threshold and polynomial rules', () => {
    expect([0, 1, 7].map((t) => stalenessWeight({ kind: 'constant' }, t))).toEqual([1, 1, 1]);
    expect([0, 1, 2, 3, 9].map((t) => stalenessWeight({ kind: 'threshold', cutoff: 2, value: 0.25 }, t))).toEqual([1, 1, 1, 0.25, 0.25]);
    expect(stalenessWeight({ kind: 'polynomial', exponent: 0.5 }, 3)).toBe(0.5);
    expect(stalenessWeight({ kind: 'polynomial', exponent: 1 }, 4)).toBe(0.2);
    expect(stalenessWeight({ kind: 'polynomial', exponent: 0 }, 4)).toBe(1);
    for (const exponent of [0, 0.25, 0.5, 1]) {
      for (let t = 1; t < 200; t++) {
        const rule = { kind: 'polynomial' as const, exponent };
        expect(stalenessWeight(rule, t)).toBeLessThanOrEqual(stalenessWeight(rule, t - 1));
      }
    }
  });

  it('steps once K deltas are buffered, each weighted s(τ)/K', () => {
    // τ = (1, 2), K = 2, C = 2, s(τ) = 1/(1 + τ). t=1: w0 (tag 0) buffered. t=2: w1 (tag 0) fills
    // the buffer → x¹; then w0's second delta, started at x⁰, has τ = 1. t=3: w0 (tag 1, τ = 0)
    // fills it → x². t=4: w1's job sent at x¹ (τ = 1), then w0's (tag 2, τ = 0) → x³.
    const method = { method: 'fedbuff', stepSize: 1, localStepSize: 0.1, bufferSize: 2, staleness: { kind: 'polynomial', exponent: 1 } };
    const { records } = traced(world(quadratic(), [1, 2], method, { iterations: 3 }));
    expect(stepTimes(records)).toEqual([2, 3, 4]);
    const applied = of(records, TraceKind.gradApplied).map((r) => [r.iteration, r.worker, r.iteration - r.tag, r.value]);
    expect(applied).toEqual([
      [0, 0, 0, 0.5],
      [0, 1, 0, 0.5],
      [1, 0, 1, 0.25],
      [1, 0, 0, 0.5],
      [2, 1, 1, 0.25],
      [2, 0, 0, 0.5],
    ]);
  });

  it('with C = n, K = 1, one local step and constant weights, makes the updates ASGD makes', () => {
    // τ without common multiples: no two arrivals tie, so the order of the initial assignments
    // (FedBuff samples them) cannot matter. Both draw the same oracle stream per job.
    const taus = [1, 1.3, 1.7];
    const stop = { iterations: 40 };
    const run = traced(world(quadratic(0.3), taus, { method: 'fedbuff', stepSize: 1, localStepSize: 0.02, bufferSize: 1, staleness: { kind: 'constant' } }, stop));
    const reference = traced(world(quadratic(0.3), taus, { method: 'asgd', stepSize: 0.02 }, stop));
    const applied = (records: readonly TraceRecord[]) => of(records, TraceKind.gradApplied).map((r) => [r.time, r.worker, r.job, r.tag, r.iteration, r.value]);
    expect(applied(run.records)).toEqual(applied(reference.records));
    expect(stepTimes(run.records)).toEqual(stepTimes(reference.records));
    expect(run.result.gradients.applied).toBe(reference.result.gradients.applied);
    // x + 1·((x − γg) − x) and x − γg differ only by rounding.
    const x = run.result.final.x ?? [];
    const y = reference.result.final.x ?? [];
    expect(x.length).toBe(4);
    x.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y[i]))));
  });

  it('samples C clients uniformly among the idle ones and never trains more than C', () => {
    const { records } = traced(world(quadratic(), [1, 1, 1, 1], { method: 'fedbuff', stepSize: 1, localStepSize: 0.05, bufferSize: 2, concurrency: 2 }, { iterations: 200 }));
    expect(maxOverlap(jobSpans(records))).toBe(2);
    const starts = of(records, TraceKind.jobStart);
    expect(starts.length).toBeGreaterThanOrEqual(400);
    // Each client's share of ~400 jobs: 1/4 by symmetry; ±0.1 is > 4 standard deviations.
    for (let w = 0; w < 4; w++) expect(Math.abs(starts.filter((r) => r.worker === w).length / starts.length - 0.25)).toBeLessThan(0.1);
  });

  it('hands the slot of a client that died for good to another after timeoutFactor × its job time', () => {
    // Worker 0 alone at the start takes the single slot, then crashes for good at t = 0.5;
    // workers 1 and 2 have joined by then. Its deadline is 4·τ = 4: then its job is cancelled
    // and a joined client (trusted) takes the slot.
    const faults: FaultInput[] = [
      { kind: 'join', at: 0.25, workers: [1, 2] },
      { kind: 'crash', at: 0.5, workers: [0] },
    ];
    const method = { method: 'fedbuff', stepSize: 1, localStepSize: 0.05, bufferSize: 1, concurrency: 1 };
    const { records, result } = traced(world(quadratic(), [1, 1, 1], method, { iterations: 10, time: 100 }, faults));
    expect(result.stopReason).toBe('iterations');
    expect(stepTimes(records)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(of(records, TraceKind.gradApplied).every((r) => r.worker !== 0)).toBe(true);
    // Without a usable timeout the slot is lost and nothing more happens.
    const patient = traced(world(quadratic(), [1, 1, 1], { ...method, timeoutFactor: 1e6 }, { iterations: 10, time: 100 }, faults));
    expect(patient.result.iterations).toBe(0);
  });

  it('frees the slot of a client that says hello after a crash, before any timeout', () => {
    const faults: FaultInput[] = [
      { kind: 'join', at: 0.25, workers: [1] },
      { kind: 'crash', at: 0.5, recoverAfter: 0.5, workers: [0] },
    ];
    const method = { method: 'fedbuff', stepSize: 1, localStepSize: 0.05, bufferSize: 1, concurrency: 1 };
    const { records } = traced(world(quadratic(), [1, 1], method, { iterations: 3 }, faults));
    // The hello at t = 1 refills the slot at once: the first delta lands at t = 2, not after t = 4.
    expect(stepTimes(records)).toEqual([2, 3, 4]);
    // The only abandoned job is the one the crash took.
    expect(of(records, TraceKind.jobCancelled).map((r) => [r.worker, r.time])).toEqual([[0, 0.5]]);
  });

  it('rejects bad parameters with the path and the value', () => {
    const base = { method: 'fedbuff', stepSize: 1, localStepSize: 0.1, bufferSize: 2 };
    const attempt = (extra: Record<string, unknown>) => () => traced(world(quadratic(), [1, 2], { ...base, ...extra }, { iterations: 1 }));
    expect(attempt({ bufferSize: undefined })).toThrow(/methods\[0\]\.bufferSize must be a positive integer/);
    expect(attempt({ concurrency: 3 })).toThrow(/methods\[0\]\.concurrency must be an integer in \[1, 2\]; got 3/);
    expect(attempt({ staleness: { kind: 'threshold', cutoff: 1, value: 2 } })).toThrow(/staleness\.value must be a number in \[0, 1\]; got 2/);
    expect(attempt({ staleness: { kind: 'polynomial', exponent: 1.5 } })).toThrow(/staleness\.exponent must be a number in \[0, 1\]; got 1\.5/);
    expect(attempt({ staleness: { kind: 'constant', exponent: 1 } })).toThrow(/staleness\.exponent is not a known field/);
    expect(attempt({ timeoutFactor: 1 })).toThrow(/timeoutFactor must be a number in \(1, Infinity\]; got 1/);
    expect(attempt({ localStepSize: undefined })).toThrow(/localStepSize must be a positive number/);
  });
});

// ----- Freya PAGE: the machine against a scripted server ------------------------------------------

/** A job the scripted server has handed out and not yet delivered. */
interface ScriptedJob {
  readonly worker: number;
  readonly jobId: number;
  readonly tag: number;
  readonly task: Task;
  readonly model: Float64Array;
}

/**
 * A ServerIO without an engine: it records what the machine does, and a test delivers the
 * results of its jobs in any order it likes, computed exactly with the problem.
 */
class ScriptedServer implements ServerIO {
  readonly x: Float64Array;
  iteration = 0;
  readonly problem: ProblemFacts;
  readonly rng = new RandomStream(41);
  readonly pending: ScriptedJob[] = [];
  /** x^k for every k so far. */
  readonly iterates: Float64Array[] = [];
  readonly steps: { direction: Float64Array; stepSize: number }[] = [];
  readonly applied = new Map<number, { job: ScriptedJob; weight: number }[]>();
  readonly discarded: ScriptedJob[] = [];
  readonly cancels: { worker: number; iteration: number }[] = [];
  held = 0;
  private readonly jobs = new Map<string, ScriptedJob>();
  private readonly nextJob: number[];

  constructor(
    readonly finite: FiniteSumQuadratic,
    readonly workerCount: number,
  ) {
    this.x = finite.initialPoint();
    this.iterates.push(this.x.slice());
    this.problem = { components: finite.components, smoothness: finite.smoothness, noiseVariance: finite.noiseVariance };
    this.nextJob = new Array<number>(workerCount).fill(0);
  }

  get dimension(): number {
    return this.x.length;
  }
  now = () => 0;
  nominalTau = () => 1;
  presentAtStart = () => true;
  uplinkOf = () => ({ latency: 0, perFloat: 0 });

  assign(worker: number, task: Task = { kind: 'gradient' }): void {
    const job = { worker, jobId: this.nextJob[worker]++, tag: this.iteration, task, model: this.x.slice() };
    this.pending.push(job);
    this.jobs.set(`${worker}/${job.jobId}`, job);
  }

  cancel(worker: number): void {
    this.cancels.push({ worker, iteration: this.iteration });
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i].worker === worker) this.pending.splice(i, 1);
  }

  holdModel(): ModelSnapshot {
    this.held++;
    return { x: this.x.slice(), version: this.iteration };
  }

  releaseModel(): void {
    this.held--;
  }

  apply(message: GradientRef, weight: number): void {
    const list = this.applied.get(this.iteration) ?? [];
    list.push({ job: this.jobOf(message), weight });
    this.applied.set(this.iteration, list);
  }

  discard(message: GradientRef): void {
    this.discarded.push(this.jobOf(message));
  }

  step(direction: Float64Array, stepSize: number): void {
    this.steps.push({ direction: direction.slice(), stepSize });
    for (let i = 0; i < this.x.length; i++) this.x[i] -= stepSize * direction[i];
    this.iteration++;
    this.iterates.push(this.x.slice());
  }

  /** Takes pending job `index` and computes its result exactly. */
  deliver(index: number): GradientMessage {
    const [job] = this.pending.splice(index, 1);
    const grad = new Float64Array(this.x.length);
    const scratch = new Float64Array(this.x.length);
    const task = job.task;
    if (task.kind === 'components') {
      for (const j of task.indices) {
        this.finite.componentGradient(j, job.model, scratch);
        for (let i = 0; i < grad.length; i++) grad[i] += scratch[i];
      }
    } else if (task.kind === 'difference') {
      this.finite.componentGradient(task.index, job.model, grad);
      this.finite.componentGradient(task.index, task.previous.x, scratch);
      for (let i = 0; i < grad.length; i++) grad[i] -= scratch[i];
    } else throw new Error(`unexpected task ${task.kind}`);
    const count = task.kind === 'components' ? task.indices.length : 2;
    return { type: 'grad.arrive', worker: job.worker, jobId: job.jobId, tag: job.tag, grad, count, startedAt: 0, finishedAt: 0, task: task.kind, part: 0, floats: undefined, attempts: count };
  }

  private jobOf(message: GradientRef): ScriptedJob {
    const job = this.jobs.get(`${message.worker}/${message.jobId}`);
    if (job === undefined) throw new Error(`unknown job ${message.worker}/${message.jobId}`);
    return job;
  }
}

/** Runs Freya PAGE against a scripted server until `iterations` steps, delivering jobs in a random order. */
function script(options: FiniteSumQuadraticOptions, workers: number, params: FreyaPageParams, iterations: number, orderSeed: number): ScriptedServer {
  const server = new ScriptedServer(new FiniteSumQuadratic(options, new RandomStream(3)), workers);
  const actor = createActor(freyaPage.machine, { input: { io: server, params } });
  actor.start();
  const order = new RandomStream(orderSeed);
  while (server.iteration < iterations) {
    expect(server.pending.length).toBeGreaterThan(0);
    const before = server.iteration;
    actor.send(server.deliver(order.int(server.pending.length)));
    expect(actor.getSnapshot().status).toBe('active');
    // A phase ends with every worker cancelled: nothing of it stays pending.
    if (server.iteration > before) for (const job of server.pending) expect(job.tag).toBe(server.iteration);
    expect(server.held).toBeLessThanOrEqual(1);
  }
  actor.stop();
  return server;
}

const mean = (vectors: readonly Float64Array[], d: number) => {
  const out = new Float64Array(d);
  for (const v of vectors) v.forEach((x, i) => (out[i] += x / vectors.length));
  return out;
};

describe('Freya PAGE against a scripted server', () => {
  const options: FiniteSumQuadraticOptions = { d: 5, components: 11, noise: 0.4, mu: 0.05, curvatureSpread: 0.6 };
  const params: FreyaPageParams = { stepSize: 0.3, batchSize: 3, probability: 0.3, groupSize: 2 };

  it.each([1, 2, 3])('computes g^k exactly as ALGORITHMS §4.2 says, with every index once per full gradient (delivery order %i)', (orderSeed) => {
    const server = script(options, 3, params, 40, orderSeed);
    const { finite } = server;
    const m = options.components;
    let fullPhases = 0;
    let differencePhases = 0;
    let previousDirection: Float64Array | undefined;
    server.steps.forEach(({ direction, stepSize }, k) => {
      expect(stepSize).toBe(params.stepSize);
      const applied = server.applied.get(k) ?? [];
      for (const { job } of applied) expect(job.tag).toBe(k);
      const x = server.iterates[k];
      if (applied[0].job.task.kind === 'components') {
        fullPhases++;
        // Every index exactly once, each group with weight |group|/m.
        const indices = applied.flatMap(({ job }) => (job.task.kind === 'components' ? job.task.indices : [-1])).sort((a, b) => a - b);
        expect(indices).toEqual(Array.from({ length: m }, (_, j) => j));
        for (const { job, weight } of applied) expect(weight).toBe((job.task.kind === 'components' ? job.task.indices.length : 0) / m);
        const g = new Float64Array(x.length);
        finite.gradient(x, g);
        g.forEach((v, i) => expect(Math.abs(direction[i] - v)).toBeLessThanOrEqual(1e-13));
      } else {
        differencePhases++;
        expect(applied).toHaveLength(params.batchSize);
        const diffs = applied.map(({ job, weight }) => {
          expect(weight).toBe(1 / params.batchSize);
          if (job.task.kind !== 'difference') throw new Error('mixed phase');
          // The previous iterate is x^{k−1}, exactly.
          expect(job.task.previous.version).toBe(k - 1);
          expect(Array.from(job.task.previous.x)).toEqual(Array.from(server.iterates[k - 1]));
          const [gx, gy] = [new Float64Array(x.length), new Float64Array(x.length)];
          finite.componentGradient(job.task.index, x, gx);
          finite.componentGradient(job.task.index, server.iterates[k - 1], gy);
          return gx.map((v, i) => v - gy[i]);
        });
        const expected = mean(diffs, x.length).map((v, i) => v + (previousDirection?.[i] ?? NaN));
        expected.forEach((v, i) => expect(Math.abs(direction[i] - v)).toBeLessThanOrEqual(1e-12));
      }
      previousDirection = direction;
    });
    expect(fullPhases).toBeGreaterThan(1);
    expect(differencePhases).toBeGreaterThan(1);
    // Results for groups someone else had already delivered were discarded.
    expect(server.discarded.every((job) => job.task.kind === 'components')).toBe(true);
    // Only the snapshot of the phase still running (if differences) is held.
    expect(server.held).toBe(server.pending.some((job) => job.task.kind === 'difference') ? 1 : 0);
  });

  it('draws fresh uniform indices for the differences', () => {
    const server = script({ ...options, components: 7 }, 2, { ...params, probability: 0, batchSize: 4 }, 400, 9);
    const counts = new Array<number>(7).fill(0);
    let total = 0;
    for (const list of server.applied.values()) {
      for (const { job } of list) {
        if (job.task.kind !== 'difference') continue;
        counts[job.task.index]++;
        total++;
      }
    }
    expect(total).toBe(399 * 4);
    // Each index's share of 1596 draws: 1/7 ± 0.04 (> 4 standard deviations).
    for (const c of counts) expect(Math.abs(c / total - 1 / 7)).toBeLessThan(0.04);
  });

  it('converges when the differences differ across components (curvature spread 0.6): f − f* falls by 10⁶ in 300 steps', () => {
    const server = script({ ...options, components: 30 }, 3, { stepSize: 0.4, batchSize: 6, probability: 6 / 36, groupSize: 10 }, 300, 4);
    const f = server.finite;
    const gap = (x: Float64Array) => f.loss(x) - f.optimalLoss;
    expect(gap(server.iterates[300])).toBeLessThan(1e-6 * gap(server.iterates[0]));
  });
});

// ----- Freya PAGE in the engine -------------------------------------------------------------------

describe('Freya PAGE', () => {
  it('with one worker and p = 0: a full gradient of m components, then phases of S differences', () => {
    // m = 6 in groups of 2 at τ = 1: 6 s; then S = 2 differences of 2 evaluations each: 4 s apiece.
    const method = { method: 'freya-page', stepSize: 0.5, probability: 0, batchSize: 2, groupSize: 2 };
    const { records, result, scenario } = traced(world(finiteSum(6), [1], method, { iterations: 4 }));
    expect(stepTimes(records)).toEqual([6, 10, 14, 18]);
    expect(result.gradients.discarded).toBe(0);
    // Every f_j shares A here (no curvature spread), so g^{k+1} = g^k + A(x^{k+1} − x^k) = ∇f(x^{k+1}):
    // PAGE is gradient descent, up to rounding.
    const f = finiteSumOf(scenario);
    const x = f.initialPoint();
    const g = new Float64Array(x.length);
    for (let k = 0; k < 4; k++) {
      f.gradient(x, g);
      for (let i = 0; i < x.length; i++) x[i] -= 0.5 * g[i];
    }
    (result.final.x ?? []).forEach((v, i) => expect(Math.abs(v - x[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x[i]))));
  });

  it('does not wait for a straggler: fast workers redo its group', () => {
    // m = 12 in 3 groups of 4 (⌈m/n⌉); the straggler needs 400 s for a group, the others 4 s.
    const method = { method: 'freya-page', stepSize: 0.5, probability: 1 };
    const { records, result } = traced(world(finiteSum(12), [1, 1, 100], method, { iterations: 5 }));
    expect(result.stopReason).toBe('iterations');
    expect(stepTimes(records)[4]).toBeLessThanOrEqual(5 * 12);
    // The straggler's work is cancelled at every phase end and never applied.
    expect(of(records, TraceKind.gradApplied).every((r) => r.worker !== 2)).toBe(true);
    expect(of(records, TraceKind.jobCancelled).filter((r) => r.worker === 2)).toHaveLength(5);
  });

  it('converges on a finite sum with stragglers: f − f* falls by 10⁶ within 60 updates', () => {
    const method = { method: 'freya-page', stepSize: 1 };
    const { result, scenario } = traced(world(finiteSum(40, { d: 6, mu: 0.1 }), [1, 1.5, 2, 8], method, { iterations: 60 }));
    expect(result.iterations).toBe(60);
    const f = finiteSumOf(scenario);
    const start = f.loss(f.initialPoint()) - f.optimalLoss;
    // Measured: 1.6·10⁻⁸ of the start (PAGE is gradient descent here, see above).
    expect(result.final.lossGap ?? NaN).toBeLessThan(1e-6 * start);
  });

  it('fills in the theory defaults S = ⌈√m⌉, p = S/(S + m) and groups of ⌈m/n⌉', () => {
    const { scenario } = traced(world(finiteSum(40), [1, 2, 3], { method: 'freya-page', stepSize: 0.1 }, { iterations: 1 }));
    expect(scenario.methods[0].params).toEqual({ stepSize: 0.1, batchSize: 7, probability: 7 / 47, groupSize: 14 });
  });

  it('refuses problems that are not finite sums, and bad parameters, with the path', () => {
    expect(() => traced(world(quadratic(), [1, 2], { method: 'freya-page', stepSize: 0.1 }, { iterations: 1 }))).toThrow(
      /methods\[0\]\.method "freya-page" needs a finite-sum problem .*finite-sum-quadratic/,
    );
    const attempt = (extra: Record<string, unknown>) => () => traced(world(finiteSum(6), [1, 2], { method: 'freya-page', stepSize: 0.1, ...extra }, { iterations: 1 }));
    expect(attempt({ probability: 1.5 })).toThrow(/probability must be a number in \[0, 1\]; got 1\.5/);
    expect(attempt({ batchSize: 0 })).toThrow(/batchSize must be an integer ≥ 1; got 0/);
    expect(attempt({ groupSize: 2.5 })).toThrow(/groupSize must be an integer ≥ 1; got 2\.5/);
    expect(attempt({ bufferSize: 2 })).toThrow(/bufferSize is not a known field/);
  });
});

// ----- laws over generated scenarios --------------------------------------------------------------

describe('laws over generated scenarios', () => {
  for (const kit of [fedbuffKit, freyaPageKit]) {
    const laws = [...GENERIC_LAWS, ...kit.laws];
    describe(kit.id, () => {
      test.prop([scenarioArb({ kits: [kit] })], { numRuns })('keeps every law with free links', (input) => {
        const run = simulateTraced(input, { registry });
        for (const law of laws) law.check(run);
      });
      test.prop([scenarioArb({ kits: [kit], latency: true, maxFaults: 3 })], { numRuns })('keeps every law with latency and faults', (input) => {
        const run = simulateTraced(input, { registry });
        for (const law of laws) law.check(run);
      });
      test.prop([scenarioArb({ kits: [kit], latency: true, maxFaults: 3 })], { numRuns: Math.ceil(numRuns / 4) })(
        'gives the same trace twice, and the same with the compiled dispatcher and XState',
        (input) => {
          const compiled = simulateTraced(input, { registry });
          const again = simulateTraced(input, { registry });
          const interpreted = simulateTraced(input, { registry, dispatch: 'xstate' });
          expect(again.result.traceHash).toBe(compiled.result.traceHash);
          expect(interpreted.result.traceHash).toBe(compiled.result.traceHash);
        },
      );
    });
  }
});
