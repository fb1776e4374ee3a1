import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistry, METHODS } from '../../actors/method-registry.ts';
import { asgrad } from '../../actors/methods/asgrad.ts';
import { delayAdaptiveAsgd } from '../../actors/methods/delay-adaptive-asgd.ts';
import { minibatchBackup } from '../../actors/methods/minibatch-backup.ts';
import { rescaledAsgd } from '../../actors/methods/rescaled-asgd.ts';
import { TraceKind, type TraceRecord } from '../../src/engine/trace.ts';
import type { FaultInput } from '../../src/scenario/fault-types.ts';
import type { MethodInput, ScenarioInput, WorkerInput } from '../../src/scenario/scenario-types.ts';
import { scenarioArb } from '../helpers/arbitraries.ts';
import { asgradKit, delayAdaptiveAsgdKit, minibatchBackupKit, rescaledAsgdKit } from '../helpers/kits/asgd-family.ts';
import { GENERIC_LAWS } from '../helpers/laws.ts';
import type { MethodKit } from '../helpers/method-kit.ts';
import { simulateTraced, type TracedRun } from '../helpers/simulate.ts';

/** Runs per property; raise with ROUNDTABLE_PROPERTY_RUNS for a deeper search. */
const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

const registry = createRegistry([...METHODS, rescaledAsgd, delayAdaptiveAsgd, asgrad, minibatchBackup]);
const run = (input: ScenarioInput): TracedRun => simulateTraced(input, { registry });

interface WorldOptions {
  readonly sigma?: number;
  readonly faults?: FaultInput[];
  readonly seed?: number;
  readonly workers?: WorkerInput[];
}

function world(taus: number[], method: MethodInput, stop: ScenarioInput['stop'], options: WorldOptions = {}): ScenarioInput {
  return {
    name: 'example',
    seed: options.seed ?? 1,
    problem: { kind: 'worst-case-quadratic', d: 4, noise: { kind: 'add', sigma: options.sigma ?? 0 } },
    workers: options.workers ?? taus.map((tau) => ({ tau })),
    methods: [method],
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    stop,
    record: { trace: true },
  };
}

const of = (records: readonly TraceRecord[], kind: number) => records.filter((r) => r.kind === kind);
const stepTimes = (records: readonly TraceRecord[]) => of(records, TraceKind.modelStep).map((r) => r.time);
const stepSizes = (records: readonly TraceRecord[]) => of(records, TraceKind.modelStep).map((r) => r.value);
const appliedWorkers = (records: readonly TraceRecord[]) => of(records, TraceKind.gradApplied).map((r) => r.worker);

/** Jobs started and not yet arrived, lost or cancelled, just before each arrival. */
function jobsAtArrivals(records: readonly TraceRecord[]): { time: number; jobs: number }[] {
  const out: { time: number; jobs: number }[] = [];
  let jobs = 0;
  for (const r of records) {
    if (r.kind === TraceKind.gradArrive) out.push({ time: r.time, jobs });
    if (r.kind === TraceKind.jobStart) jobs++;
    else if (r.kind === TraceKind.gradArrive || r.kind === TraceKind.gradLost || r.kind === TraceKind.jobCancelled) jobs--;
  }
  return out;
}

describe('Rescaled ASGD', () => {
  it('steps by γ·τ_i/τ̄ with the nominal τ and each normalizer', () => {
    // τ = (1, 2); arrivals w0 t=1, then at t=2 w1 (scheduled at t=0) before w0, then w0 at t=3.
    const expected = { mean: [1 / 1.5, 2 / 1.5], max: [1 / 2, 2 / 2], harmonic: [1 / (4 / 3), 2 / (4 / 3)] };
    for (const [normalizer, [fast, slow]] of Object.entries(expected)) {
      const { records } = run(world([1, 2], { method: 'rescaled-asgd', stepSize: 0.1, normalizer }, { iterations: 4 }));
      expect(appliedWorkers(records)).toEqual([0, 1, 0, 0]);
      const sizes = stepSizes(records);
      [fast, slow, fast, fast].forEach((ratio, i) => expect(sizes[i]).toBeCloseTo(0.1 * ratio, 15));
    }
  });

  it('with estimated τ, steps by γ until a second worker is seen, then by γ·τ̂_i/τ̄ over the workers seen', () => {
    const { records } = run(world([1, 2], { method: 'rescaled-asgd', stepSize: 0.1, tau: 'estimated' }, { iterations: 3 }));
    // t=1: only τ̂0 = 1 is known, so τ̄ = 1; t=2: τ̂1 = 2 joins, τ̄ = 1.5.
    const sizes = stepSizes(records);
    expect(sizes[0]).toBe(0.1);
    expect(sizes[1]).toBeCloseTo((0.1 * 2) / 1.5, 15);
    expect(sizes[2]).toBeCloseTo(0.1 / 1.5, 15);
  });
});

describe('Delay-adaptive ASGD', () => {
  it('shrinks the step size to γ·n/δ for a gradient more than n updates stale', () => {
    // τ = (1, 4), n = 2. w1's first gradient arrives at t=4 after 3 updates of w0 (δ = 3); its
    // second at t=8 was started at update 4 and arrives at update 8 (δ = 4). w0's are δ ≤ 2.
    const { records } = run(world([1, 4], { method: 'delay-adaptive-asgd', stepSize: 0.1 }, { iterations: 10 }));
    expect(appliedWorkers(records)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    const expected = [0.1, 0.1, 0.1, (0.1 * 2) / 3, 0.1, 0.1, 0.1, 0.1, (0.1 * 2) / 4, 0.1];
    stepSizes(records).forEach((s, i) => expect(s, `update ${i + 1}`).toBeCloseTo(expected[i], 15));
  });
});

describe('AsGrad', () => {
  /** Two workers with centers 0 and 10 on the line, no noise: a gradient shows whose data it used. */
  const line = (assignment: string, seed: number): ScenarioInput => ({
    name: 'line',
    seed,
    problem: { kind: 'separable-quadratic', centers: [[0], [10]], curvature: [1], noise: { kind: 'gaussian', sigma: 0 } },
    workers: [{ tau: 1 }, { tau: 1 }],
    methods: [{ method: 'asgrad', stepSize: 0.1, assignment }],
    stop: { iterations: 3 },
    record: { trace: true },
  });

  it('computes a job on the assigned worker’s data, at its speed, queued behind its current job', () => {
    const seen = new Set<number>();
    for (let seed = 1; seen.size < 2 && seed < 50; seed++) {
      for (const assignment of ['random', 'shuffle']) {
        const { records, result } = run(line(assignment, seed));
        // t=1: w0 (x⁰ = 0, gradient 0) then w1 (gradient −10): x² = 1. The job issued after
        // update 1 (at x¹ = 0) goes to j and is the third arrival whoever gets the others.
        const first = of(records, TraceKind.jobStart).find((r) => r.tag === 1)!;
        const j = first.worker;
        seen.add(j);
        expect(first.time).toBe(1);
        expect(of(records, TraceKind.gradApplied)[2]).toMatchObject({ worker: j, tag: 1 });
        expect(result.final.x![0]).toBeCloseTo(1 + 0.1 * (j === 1 ? 10 : 0), 12);
        // Whatever goes to the same worker as job 1 starts when it ends: back to back.
        const second = of(records, TraceKind.jobStart).find((r) => r.tag === 2)!;
        expect(second.time).toBe(second.worker === j ? 2 : 1);
      }
    }
    expect(seen).toEqual(new Set([0, 1]));
  });

  it('gives a joining worker one job and a recovered worker back the jobs it lost', () => {
    const joined = run(world([1, 1, 1], { method: 'asgrad', stepSize: 0.01, assignment: 'random' }, { time: 20 }, { faults: [{ kind: 'join', at: 10.5, workers: [2] }] }));
    // Until it joins, the rule's picks of worker 2 go to the sender: no job is sent into the void.
    const starts = of(joined.records, TraceKind.jobStart).filter((r) => r.worker === 2);
    expect(starts[0].time).toBe(10.5);
    expect(jobsAtArrivals(joined.records).map((a) => a.jobs)).toEqual(jobsAtArrivals(joined.records).map((a) => (a.time < 10.5 ? 2 : 3)));

    const crashed = run(world([1, 1, 1], { method: 'asgrad', stepSize: 0.01, assignment: 'random' }, { time: 30 }, { faults: [{ kind: 'crash', at: 3.5, recoverAfter: 4, workers: [1] }] }));
    const cancelled = of(crashed.records, TraceKind.jobCancelled).length;
    expect(cancelled).toBeGreaterThan(0);
    // While worker 1 is down, jobs the rule sends it are lost; after its hello at 7.5, the count is n again.
    for (const a of jobsAtArrivals(crashed.records)) {
      if (a.time < 3.5 || a.time > 7.5) expect(a.jobs, `t=${a.time}`).toBe(3);
      else expect(a.jobs).toBeLessThanOrEqual(3);
    }
  });

  it('replaces a job whose result was lost once a later result from the same worker arrives', () => {
    // Worker 1's results are dropped on [2.5, 4.5); links are FIFO, so its next delivered result
    // shows which of its jobs were lost, and the server issues as many new ones.
    const faults: FaultInput[] = [{ kind: 'loss', p: 1, from: 2.5, to: 4.5, direction: 'up', workers: [1] }];
    const { records, result } = run(world([1, 1, 1], { method: 'asgrad', stepSize: 0.01, assignment: 'random' }, { time: 30 }, { faults }));
    expect(result.gradients.lost).toBeGreaterThan(0);
    const counts = jobsAtArrivals(records);
    for (const a of counts) expect(a.jobs).toBeLessThanOrEqual(3);
    expect(counts.filter((a) => a.time > 10).map((a) => a.jobs)).toEqual(counts.filter((a) => a.time > 10).map(() => 3));
  });

  it('with shuffle, hands each worker one job per window of n updates', () => {
    const { records } = run(world([1, 2, 3, 5], { method: 'asgrad', stepSize: 0.01, assignment: 'shuffle' }, { iterations: 40 }));
    for (let w = 0; w < 10; w++) {
      const workers = of(records, TraceKind.jobStart).filter((r) => r.tag > 4 * w && r.tag <= 4 * (w + 1)).map((r) => r.worker);
      expect(workers.sort()).toEqual([0, 1, 2, 3]);
    }
  });

  it('with random assignment, gives every worker about the same number of jobs (chi-square, 4 dof)', () => {
    // Counts of N picks among n = 5 workers; χ² with 4 degrees of freedom exceeds 18.47 with
    // probability 0.001 for a uniform draw. Fixed seeds, so the test is deterministic.
    const n = 5;
    const picks = 2000;
    for (const seed of [1, 2, 3]) {
      const { records } = run(world([1, 1.5, 2, 3, 8], { method: 'asgrad', stepSize: 0.01, assignment: 'random' }, { iterations: picks }, { seed }));
      const counts = new Array<number>(n).fill(0);
      for (const r of of(records, TraceKind.jobStart)) if (r.tag > 0) counts[r.worker]++;
      expect(counts.reduce((a, b) => a + b)).toBe(picks);
      const expected = picks / n;
      const chiSquare = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chiSquare, `seed ${seed}: ${counts}`).toBeLessThan(18.47);
    }
  });

  it('with pure assignment, gives exactly the trace of vanilla ASGD, faults included', () => {
    const pureKit: MethodKit = { ...asgradKit, params: () => fc.constantFrom(0.01, 0.02).map((s) => ({ method: 'asgrad', stepSize: s, assignment: 'pure' })) };
    fc.assert(
      fc.property(scenarioArb({ kits: [pureKit], latency: true, maxFaults: 3 }), (input) => {
        const pure = run(input);
        const asgd = run({ ...input, methods: [{ method: 'asgd', stepSize: input.methods[0].stepSize }] });
        expect(pure.result.traceHash).toBe(asgd.result.traceHash);
        expect(pure.records).toEqual(asgd.records);
      }),
      { numRuns },
    );
  });
});

describe('Minibatch SGD with backup workers', () => {
  it('with b = 1 and discard, steps on the two fastest; the straggler joins the round when its stale job ends', () => {
    const { records, result } = run(world([1, 2, 4], { method: 'minibatch-backup', stepSize: 0.1, backups: 1 }, { iterations: 4 }));
    // Rounds end at 2, 4, 6, 8. w2's job of round 0 ends at 4 (discarded), then it runs round 1's
    // job on [4, 8], discarded at 8 (its event precedes w1's at t=8).
    expect(stepTimes(records)).toEqual([2, 4, 6, 8]);
    expect(of(records, TraceKind.gradDiscarded).map((r) => [r.worker, r.time, r.tag])).toEqual([
      [2, 4, 0],
      [2, 8, 1],
    ]);
    expect(of(records, TraceKind.jobStart).filter((r) => r.worker === 2).map((r) => [r.time, r.tag])).toEqual([
      [0, 0],
      [4, 1],
      [8, 3],
    ]);
    expect(result.gradients.applied).toBe(8);
  });

  it('with b = 1 and cancel, restarts the straggler at every new model', () => {
    const { records, result } = run(world([1, 2, 4], { method: 'minibatch-backup', stepSize: 0.1, backups: 1, staleWork: 'cancel' }, { iterations: 4 }));
    expect(stepTimes(records)).toEqual([2, 4, 6, 8]);
    expect(of(records, TraceKind.jobCancelled).map((r) => [r.worker, r.time])).toEqual([
      [2, 2],
      [2, 4],
      [2, 6],
      [2, 8],
    ]);
    expect(result.gradients.discarded).toBe(0);
  });

  it('with b = 0, gives exactly the trace of Minibatch SGD, faults included', () => {
    const backupKit: MethodKit = {
      ...minibatchBackupKit,
      params: () => fc.record({ stepSize: fc.constantFrom(0.05, 0.1), staleWork: fc.constantFrom('discard', 'cancel') }).map((p) => ({ method: 'minibatch-backup', backups: 0, ...p })),
    };
    fc.assert(
      fc.property(scenarioArb({ kits: [backupKit], latency: true, maxFaults: 3 }), (input) => {
        const backup = run(input);
        // Minibatch stalls for good if nobody is there at the start; the backup method waits for a join.
        const joining = new Set(backup.scenario.faults.flatMap((f) => (f.kind === 'join' ? f.workers : [])));
        fc.pre(joining.size < backup.scenario.workers.length);
        const minibatch = run({ ...input, methods: [{ method: 'minibatch', stepSize: input.methods[0].stepSize }] });
        expect(backup.result.traceHash).toBe(minibatch.result.traceHash);
      }),
      { numRuns },
    );
  });

  it('starts the first round at the first hello when every worker joins later', () => {
    const faults: FaultInput[] = [
      { kind: 'join', at: 2, workers: [0] },
      { kind: 'join', at: 3, workers: [1] },
    ];
    const { records, result } = run(world([1, 1], { method: 'minibatch-backup', stepSize: 0.1, backups: 0 }, { iterations: 3 }, { faults }));
    // Round 0 with worker 0 alone ends at 3 (worker 1 joined meanwhile: it is in the next rounds).
    expect(stepTimes(records)).toEqual([3, 4, 5]);
    expect(result.stopReason).toBe('iterations');
  });

  it('with b = 1, keeps stepping after a worker dies, where Minibatch stalls', () => {
    const faults: FaultInput[] = [{ kind: 'crash', at: 2.5, workers: [1] }];
    for (const staleWork of ['discard', 'cancel']) {
      const backup = run(world([1, 2, 3], { method: 'minibatch-backup', stepSize: 0.1, backups: 1, staleWork }, { iterations: 20, time: 100 }, { faults }));
      expect(backup.result.stopReason).toBe('iterations');
      // After the crash every round waits for w0 and w2 (τ = 3).
      expect(stepTimes(backup.records).at(-1)).toBeLessThanOrEqual(3 * 20);
    }
    const minibatch = run(world([1, 2, 3], { method: 'minibatch', stepSize: 0.1 }, { iterations: 20, time: 100 }, { faults }));
    expect(minibatch.result.stopReason).toBe('stalled');
  });
});

describe('heterogeneous data (ALGORITHMS §5.4)', () => {
  // f_i = ½‖x − a_i‖², τ = (1, 2, 4): vanilla ASGD hears from worker i at rate 1/τ_i and settles at
  // Σ π_i a_i with π_i ∝ 1/τ_i = (4, 2, 1)/7; Rescaled ASGD at the plain mean ā.
  const centers = [
    [-3, 0],
    [0, 3],
    [6, -3],
  ];
  const taus = [1, 2, 4];
  const weightedMean = [0, 1].map((j) => (4 * centers[0][j] + 2 * centers[1][j] + centers[2][j]) / 7);
  const plainMean = [0, 1].map((j) => (centers[0][j] + centers[1][j] + centers[2][j]) / 3);
  const distance = (x: readonly number[], y: readonly number[]) => Math.hypot(x[0] - y[0], x[1] - y[1]);
  /**
   * γ = 0.005, σ = 0.5 per coordinate. Near the fixed point each coordinate is an AR(1) process
   * with stationary variance ≈ γσ²/2 (for both methods: Σ_i γ_i²/τ_i / (2 Σ_i γ_i/τ_i) = γ/2 for
   * the mean normaliser), std ≈ 0.025; the deterministic O(γ) wobble of the cycle is < 0.01. A
   * 2-D distance above 0.15 (6 std) has probability e^{-18}; the two targets are 1.9 apart.
   */
  const tolerance = 0.15;
  const heterogeneous = (method: MethodInput, workers: WorkerInput[], seed: number, time = 3000): ScenarioInput => ({
    name: 'heterogeneous',
    seed,
    problem: { kind: 'separable-quadratic', centers, curvature: [1, 1], noise: { kind: 'gaussian', sigma: 0.5 } },
    workers,
    methods: [method],
    stop: { time },
    record: { trace: true },
  });
  const fixed = taus.map((tau) => ({ tau }));

  it('vanilla ASGD settles near the 1/τ-weighted mean of the centers, Rescaled ASGD near their plain mean', () => {
    expect(distance(weightedMean, plainMean)).toBeGreaterThan(1.8);
    for (const seed of [1, 2]) {
      const asgd = run(heterogeneous({ method: 'asgd', stepSize: 0.005 }, fixed, seed)).result.final.x!;
      expect(distance(asgd, weightedMean), `asgd seed ${seed}`).toBeLessThan(tolerance);
      for (const tau of ['known', 'estimated', 'cycle']) {
        const rescaled = run(heterogeneous({ method: 'rescaled-asgd', stepSize: 0.005, tau }, fixed, seed)).result.final.x!;
        expect(distance(rescaled, plainMean), `${tau} seed ${seed}`).toBeLessThan(tolerance);
      }
    }
  });

  it('gives every worker the same total step size over a long window', () => {
    // With fixed τ worker i delivers ⌊W/τ_i⌋ ± 1 gradients of γτ_i/τ̄ in a window W: the totals
    // differ by at most about γτ_max/τ̄ out of γW/τ̄, i.e. τ_max/W = 0.2 % for W = 2000.
    for (const tau of ['known', 'estimated', 'cycle']) {
      for (const normalizer of ['mean', 'max', 'harmonic']) {
        const { records } = run(heterogeneous({ method: 'rescaled-asgd', stepSize: 0.005, tau, normalizer }, fixed, 1));
        const totals = [0, 0, 0];
        let sender = -1;
        for (const r of records) {
          if (r.kind === TraceKind.gradApplied) sender = r.worker;
          if (r.kind === TraceKind.modelStep && r.time > 1000) totals[sender] += r.value;
        }
        const mean = totals.reduce((a, b) => a + b) / 3;
        for (const total of totals) expect(Math.abs(total / mean - 1), `${tau}/${normalizer}: ${totals}`).toBeLessThan(2 * (4 / 2000));
      }
    }
  });

  it('with random durations τ_i + Exp(1), only estimated τ removes the bias', () => {
    // Arrivals come at rate 1/(τ_i + 1): nominal τ leaves weights ∝ τ_i/(τ_i + 1), about 0.7 off ā.
    const noisy = taus.map((tau) => ({ tau, compute: { noise: { kind: 'exponential' as const, mean: 1 } } }));
    for (const seed of [1, 2]) {
      const known = run(heterogeneous({ method: 'rescaled-asgd', stepSize: 0.005, tau: 'known' }, noisy, seed, 4000)).result.final.x!;
      const estimated = run(heterogeneous({ method: 'rescaled-asgd', stepSize: 0.005, tau: 'estimated' }, noisy, seed, 4000)).result.final.x!;
      expect(distance(known, plainMean), `known seed ${seed}`).toBeGreaterThan(0.4);
      expect(distance(estimated, plainMean), `estimated seed ${seed}`).toBeLessThan(tolerance);
    }
  });

  it('with link latency, only the observed cycle removes the bias', () => {
    // A 2 s uplink: worker i's cycle is τ_i + 2, so arrivals come at rate 1/(τ_i + 2); nominal τ and
    // computing durations both leave weights ∝ τ_i/(τ_i + 2), about 0.9 off ā.
    const slowLinks = taus.map((tau) => ({ tau, latency: 2 }));
    for (const seed of [1, 2]) {
      for (const tau of ['known', 'estimated']) {
        const biased = run(heterogeneous({ method: 'rescaled-asgd', stepSize: 0.005, tau }, slowLinks, seed, 4000)).result.final.x!;
        expect(distance(biased, plainMean), `${tau} seed ${seed}`).toBeGreaterThan(0.4);
      }
      const cycle = run(heterogeneous({ method: 'rescaled-asgd', stepSize: 0.005, tau: 'cycle' }, slowLinks, seed, 4000)).result.final.x!;
      expect(distance(cycle, plainMean), `cycle seed ${seed}`).toBeLessThan(tolerance);
    }
  });
});

describe('laws over generated scenarios', () => {
  it('the compiled dispatcher and XState give the same trace, faults included', () => {
    const kits = [rescaledAsgdKit, delayAdaptiveAsgdKit, asgradKit, minibatchBackupKit];
    fc.assert(
      fc.property(scenarioArb({ kits, latency: true, maxFaults: 3 }), (input) => {
        const compiled = simulateTraced(input, { registry, dispatch: 'compiled' });
        const interpreted = simulateTraced(input, { registry, dispatch: 'xstate' });
        expect(compiled.result.traceHash).toBe(interpreted.result.traceHash);
      }),
      { numRuns },
    );
  });

  for (const kit of [rescaledAsgdKit, delayAdaptiveAsgdKit, asgradKit, minibatchBackupKit]) {
    const laws = [...GENERIC_LAWS, ...kit.laws];
    describe(kit.id, () => {
      it('keeps every law with free links', () => {
        fc.assert(
          fc.property(scenarioArb({ kits: [kit] }), (input) => {
            const traced = run(input);
            for (const law of laws) law.check(traced);
          }),
          { numRuns },
        );
      });
      it('keeps every law with link latency and faults', () => {
        fc.assert(
          fc.property(scenarioArb({ kits: [kit], latency: true, maxFaults: 3 }), (input) => {
            const traced = run(input);
            for (const law of laws) law.check(traced);
          }),
          { numRuns },
        );
      });
    });
  }
});
