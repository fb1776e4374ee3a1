import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareScenario } from '../../src/engine/run-scenario.ts';
import { ModelStore } from '../../src/engine/model-store.ts';
import { simulateMethod } from '../../src/engine/simulate-method.ts';
import { ShardPool } from '../../src/engine/threads/shard-pool.ts';
import { Float64Pool, OwnershipError } from '../../src/linalg/float64-pool.ts';
import type { ScenarioInput } from '../../src/scenario/scenario-types.ts';
import { scenarioArb } from '../helpers/arbitraries.ts';
import { expectSameOnBothEngines } from '../helpers/engines.ts';
import { freyaPageKit } from '../helpers/kits/federated.ts';

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

describe('a checked pool', () => {
  it('poisons a released array with NaN', () => {
    const pool = new Float64Pool(3, { checked: true });
    const a = pool.acquire('a job');
    a.set([1, 2, 3]);
    pool.release(a, 'the job');
    expect(Array.from(a).every(Number.isNaN)).toBe(true);
    expect(pool.acquire()).toBe(a);
  });

  it('throws on a double release, naming who released it first', () => {
    const pool = new Float64Pool(2, { checked: true, name: 'model snapshots' });
    const a = pool.acquire();
    pool.release(a, 'the snapshot of version 3');
    expect(() => pool.release(a, 'worker 2')).toThrow(OwnershipError);
    expect(() => pool.release(a, 'worker 2')).toThrow(/model snapshots: worker 2 released an array already released by the snapshot of version 3/);
  });

  it('throws on the release of an array it never lent', () => {
    const pool = new Float64Pool(2, { checked: true });
    expect(() => pool.release(new Float64Array(2), 'a stranger')).toThrow(/a stranger released a 2-float array this pool never lent/);
  });

  it('takes in adopted arrays and forgets arrays given away, once each', () => {
    const pool = new Float64Pool(2, { checked: true });
    const arrived = new Float64Array(2);
    pool.adopt(arrived, 'a gradient from a shard');
    expect(pool.isLent(arrived)).toBe(true);
    pool.release(arrived);
    const a = pool.acquire();
    pool.giveAway(a, 'returned to a shard');
    expect(() => pool.release(a)).toThrow(OwnershipError);
  });

  it('counts generations: every release makes the array a new generation', () => {
    const pool = new Float64Pool(2, { checked: true });
    const a = pool.acquire();
    expect(pool.generationOf(a)).toBe(0);
    pool.release(a);
    pool.acquire();
    expect(pool.generationOf(a)).toBe(1);
  });

  it('an unchecked pool keeps none of this (and costs nothing)', () => {
    const pool = new Float64Pool(2);
    const a = pool.acquire();
    a.set([1, 2]);
    pool.release(a);
    expect(Array.from(a)).toEqual([1, 2]);
    expect(pool.checked).toBe(false);
  });
});

describe('the model store', () => {
  it('refuses to retain a snapshot whose buffer went back to the pool', () => {
    const store = new ModelStore(new Float64Pool(2, { checked: true }));
    const snapshot = store.hold(new Float64Array([1, 2]), 0);
    store.retire();
    store.drop(snapshot);
    expect(() => store.retain(snapshot)).toThrow(/version 0 was retained after its buffer went back to the pool/);
    expect(() => store.drop(snapshot)).toThrow(/dropped more often than it was held/);
  });

  it('catches a read of a released snapshot', () => {
    const store = new ModelStore(new Float64Pool(2, { checked: true }));
    const snapshot = store.hold(new Float64Array([1, 2]), 0);
    store.checkLive(snapshot, 'worker 0');
    store.drop(snapshot);
    store.retire();
    expect(() => store.checkLive(snapshot, 'worker 0')).toThrow(/worker 0 read the model snapshot of version 0 after it was released/);
  });

  it('keeps the current snapshot while the server has not moved on, even with no job holding it', () => {
    const pool = new Float64Pool(2, { checked: true });
    const store = new ModelStore(pool);
    const first = store.hold(new Float64Array([1, 2]), 0);
    store.drop(first);
    expect(store.hold(new Float64Array([1, 2]), 0)).toBe(first);
    expect(pool.allocated).toBe(1);
  });
});

/** Issue 12's reduced scenario: Freya PAGE's difference jobs on a downlink with latency. */
const FREYA_DOWNLINK: ScenarioInput = {
  name: 'fr',
  seed: 3,
  problem: { kind: 'finite-sum-quadratic', d: 5, components: 9, noise: { kind: 'gaussian', sigma: 0.05 } },
  workers: { count: 4, tau: { law: 'constant', value: 1 }, downlink: { latency: 0.1 } },
  methods: [{ method: 'freya-page', stepSize: 0.05 }],
  stop: { time: 30 },
};

let pool: ShardPool;
beforeAll(() => {
  pool = new ShardPool(2);
});
afterAll(() => pool.close());

describe('a difference job owns the older model it carries from the moment it is sent', () => {
  it('Freya PAGE with downlink latency gives one result on both engines (issue 12), with the uplink variant’s iterate', async () => {
    const scenario = prepareScenario(FREYA_DOWNLINK);
    const inline = await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
    expect(inline.traceHash).toBe('c66e2cb6d32f09a0');
    expect(inline.final.x?.[0]).toBe(1.6811570056096539);
  });

  it('releases both holds exactly once when the downlink loses jobs or the worker crashes with one in transit', async () => {
    const scenario = prepareScenario({
      ...FREYA_DOWNLINK,
      faults: [
        { kind: 'loss', p: 0.3, direction: 'down', workers: [0, 1] },
        { kind: 'crash', at: 5.05, recoverAfter: 2, workers: [2] },
        { kind: 'crash', at: 11.05, workers: [3] },
      ],
    });
    const inline = await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
    expect(inline.gradients.lost).toBeGreaterThanOrEqual(0);
    expect(inline.iterations).toBeGreaterThan(3);
  });

  it('a lossy downlink leaks no model snapshot: the pool stays as small as the jobs in flight need', () => {
    const scenario = prepareScenario({ ...FREYA_DOWNLINK, faults: [{ kind: 'loss', p: 0.5, direction: 'both', workers: [0, 1] }], stop: { time: 2000 } });
    const { result } = simulateMethod(scenario, scenario.methods[0], { checkOwnership: true });
    expect(result.stopReason).toBe('time');
    expect(result.iterations).toBeGreaterThan(100);
    // A leak would allocate a snapshot per lost job (thousands here); a job holds at most two
    // versions (x^k, and x^{k−1} for a difference), and 4 workers hold at most a few jobs each.
    expect(result.modelBuffers).toBeLessThanOrEqual(12);
  });

  test.prop([scenarioArb({ kits: [freyaPageKit], latency: true, maxFaults: 3 })], { numRuns })('Freya PAGE on generated links and faults: both engines agree, every hold checked', async (input) => {
    const scenario = prepareScenario(input);
    await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
  });
});

describe('a message’s buffers stay its own until the receiver has processed it', () => {
  // Issue 22, found by the widened engines-agree property: on free links a node's partial sum
  // reaches its parent inside the parent's own event; its buffer went back to the pool before
  // the parent processed it, and the parent's next sum was built in it — on both engines, with
  // different results (the threads engine recycles buffers in another order).
  const star = (method: string, topology: ScenarioInput['topology']): ScenarioInput => ({
    name: 'first-step',
    seed: 0,
    problem: { kind: 'separable-quadratic', centers: [[-1.5, 1], [-0.5, 1], [0.5, 1]], curvature: [1, 2], noise: { kind: 'gaussian', sigma: 0 } },
    workers: [{ tau: 0.5 }, { tau: 0.5 }, { tau: 0.5 }],
    topology,
    methods: [{ method, stepSize: 0.1, ...(method === 'amelie' ? { batchSize: 1 } : {}) }],
    stop: { iterations: 1, time: 400 },
  });

  for (const method of ['amelie', 'minibatch-graph']) {
    for (const topology of [
      { kind: 'edges' as const, edges: [[0, 1], [0, 2]] as [number, number][], latency: 0, perFloat: 0 },
      { kind: 'ring' as const, latency: 0, perFloat: 0 },
      { kind: 'complete' as const, latency: 0.25, perFloat: 0 },
    ]) {
      it(`${method} on ${topology.kind}: the first step is x⁰ − γ·(1/n) Σ ∇f_i(x⁰), on both engines`, async () => {
        const scenario = prepareScenario(star(method, topology));
        const result = await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
        // f = (1/n) Σ f_i with f_i = ½ Σ_j c_j (x_j − a_ij)², x⁰ = 0: ∇f(x⁰)_j = −c_j · mean_i a_ij.
        const centers = [[-1.5, 1], [-0.5, 1], [0.5, 1]];
        const curvature = [1, 2];
        const expected = curvature.map((c, j) => 0.1 * c * (centers.reduce((sum, a) => sum + a[j], 0) / 3));
        expect(result.iterations).toBe(1);
        result.final.x!.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 12));
      });
    }
  }
});
