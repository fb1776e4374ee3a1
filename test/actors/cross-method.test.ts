import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run-scenario.ts';
import type { MethodInput, ScenarioInput } from '../../src/scenario/scenario-types.ts';

/** ALGORITHMS §7.3: what the mechanisms predict when the fixed computation model breaks. */

const everyMethod: MethodInput[] = [
  { method: 'hero', stepSize: 1 },
  { method: 'minibatch', stepSize: 1 },
  { method: 'minibatch-backup', stepSize: 1, backups: 1 },
  { method: 'asgd', stepSize: 0.1 },
  { method: 'delay-adaptive-asgd', stepSize: 0.1 },
  { method: 'rescaled-asgd', stepSize: 0.1 },
  { method: 'asgrad', stepSize: 0.1, assignment: 'pure' },
  { method: 'rennala', stepSize: 1, batchSize: 2 },
  { method: 'ringmaster', stepSize: 0.1, threshold: 4 },
  { method: 'malenia', stepSize: 1, batchSize: 8 },
  { method: 'ringleader', stepSize: 0.1 },
  { method: 'ia2sgd', stepSize: 0.1 },
  { method: 'qsgd-minibatch', stepSize: 0.2 },
  { method: 'mindflayer', stepSize: 1, budget: 10, attempts: 1 },
  { method: 'fedbuff', stepSize: 1, localStepSize: 0.1, bufferSize: 2 },
];

const world = (methods: MethodInput[], faults: ScenarioInput['faults']): ScenarioInput => ({
  name: 'cross-method',
  seed: 3,
  problem: { kind: 'worst-case-quadratic', d: 4, noise: { kind: 'add', sigma: 0.01 } },
  workers: [{ tau: 1 }, { tau: 1.5 }, { tau: 2 }, { tau: 3 }],
  methods,
  faults,
  stop: { gradNormSq: 1e-4, time: 3000 },
});

describe('one worker permanently dead (§7.3)', () => {
  const result = run(world(everyMethod, [{ kind: 'crash', at: 5, workers: [2] }]));
  const outcome = new Map(result.runs.map((r) => [r.method, r]));

  it.each(['hero', 'minibatch-backup', 'asgd', 'delay-adaptive-asgd', 'rescaled-asgd', 'asgrad', 'rennala', 'ringmaster', 'fedbuff'])(
    '%s keeps making progress and reaches the target',
    (method) => expect(outcome.get(method)?.stopReason).toBe('target'),
  );

  it.each(['minibatch', 'malenia', 'ringleader', 'qsgd-minibatch', 'mindflayer'])('%s stalls, naming the dead worker', (method) => {
    const r = outcome.get(method)!;
    expect(r.stopReason).toBe('stalled');
    expect(r.stall?.waitingFor).toContain('worker 2 (crashed at t=5 for good)');
  });

  it('IA²SGD keeps stepping with the dead worker’s frozen entry, biased: it does not stall, and misses the target', () => {
    const r = outcome.get('ia2sgd')!;
    expect(r.stopReason).toBe('time');
    expect(r.iterations).toBeGreaterThan(1000);
  });

  it('Shadowheart stalls if the dead worker is active, and not otherwise', () => {
    const shadowheart: MethodInput = { method: 'shadowheart', stepSize: 1, noiseRatio: 1 };
    expect(run(world([shadowheart], [{ kind: 'crash', at: 5, workers: [0] }])).runs[0].stopReason).toBe('stalled');
    expect(run(world([shadowheart], [{ kind: 'crash', at: 5, workers: [3] }])).runs[0].stopReason).toBe('target');
  });
});

describe('one extreme straggler (§7.3)', () => {
  const methods: MethodInput[] = [
    { method: 'minibatch', stepSize: 1 },
    { method: 'malenia', stepSize: 1, batchSize: 8 },
    { method: 'rennala', stepSize: 1, batchSize: 2 },
    { method: 'ringmaster', stepSize: 0.1, threshold: 4 },
  ];
  const times = (slowest: number) => {
    const scenario = { ...world(methods, []), workers: [{ tau: 1 }, { tau: 1.5 }, { tau: 2 }, { tau: slowest }], stop: { gradNormSq: 1e-4, time: 1e6 } };
    return new Map(run(scenario).runs.map((r) => [r.method, r.timeToTarget ?? Infinity]));
  };
  const base = times(3);
  const extreme = times(300);

  it('Minibatch and Malenia slow down about in proportion to τ_n', () => {
    for (const method of ['minibatch', 'malenia']) expect(extreme.get(method)! / base.get(method)!).toBeGreaterThan(20);
  });

  it('Rennala and Ringmaster tend to the optimum over the other workers', () => {
    for (const method of ['rennala', 'ringmaster']) expect(extreme.get(method)! / base.get(method)!).toBeLessThan(2);
  });
});

describe('heterogeneous data with heterogeneous speeds (§7.3, §5.4)', () => {
  // f_i = ½‖x − a_i‖², τ_i = i: ASGD hears from fast workers more and settles at Σ π_i a_i
  // (π ∝ 1/τ); the methods that weigh workers equally settle at the plain mean.
  const centers = [[6], [0], [-2]];
  const taus = [1, 2, 3];
  const plain = (6 + 0 - 2) / 3;
  const weights = taus.map((t) => 1 / t);
  const weighted = centers.reduce((sum, c, i) => sum + c[0] * weights[i], 0) / weights.reduce((a, b) => a + b, 0);
  const result = run({
    name: 'bias',
    seed: 1,
    problem: { kind: 'separable-quadratic', centers, curvature: [1], noise: { kind: 'gaussian', sigma: 0 } },
    workers: taus.map((tau) => ({ tau })),
    methods: [
      { method: 'asgd', stepSize: 0.01 },
      { method: 'rescaled-asgd', stepSize: 0.01 },
      { method: 'malenia', stepSize: 0.5, batchSize: 3 },
      { method: 'ringleader', stepSize: 0.01 },
    ],
    stop: { time: 3000 },
  });
  const final = new Map(result.runs.map((r) => [r.method, r.final.x![0]]));

  it('vanilla ASGD settles near the 1/τ-weighted mean of the centers', () => {
    expect(Math.abs(final.get('asgd')! - weighted)).toBeLessThan(0.1);
    expect(Math.abs(weighted - plain)).toBeGreaterThan(1);
  });

  it.each(['rescaled-asgd', 'malenia', 'ringleader'])('%s settles near the plain mean', (method) => {
    expect(Math.abs(final.get(method)! - plain)).toBeLessThan(0.1);
  });
});
