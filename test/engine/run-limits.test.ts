import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFailure } from '../../src/engine/job-failure.ts';
import { prepareScenario, runAsync } from '../../src/engine/run-scenario.ts';
import { simulateMethod } from '../../src/engine/simulate-method.ts';
import { StopRequest, wallClockSignal } from '../../src/engine/stop-request.ts';
import { ShardPool } from '../../src/engine/threads/shard-pool.ts';
import { loadProblemModule } from '../../src/problems/module-problem.ts';
import type { ScenarioInput } from '../../src/scenario/scenario-types.ts';
import { REPO } from '../helpers/cli.ts';
import { expectSameOnBothEngines } from '../helpers/engines.ts';

const MODULE = join(REPO, 'test/fixtures/problems/pull-to-centers.ts');

/** A user's problem module, misbehaving on worker 1 once x₀ passes 0.5 (if asked to). */
function userProblem(misbehave?: { how: 'throw' | 'loop' | 'hog' }): ScenarioInput {
  return {
    name: 'user-problem',
    seed: 2,
    problem: { kind: 'module', module: MODULE, options: { d: 3, sigma: 0.1, ...(misbehave === undefined ? {} : { misbehave: { worker: 1, above: 0.5, how: misbehave.how } }) } },
    workers: { count: 4, tau: { law: 'sqrt' } },
    methods: [{ method: 'asgd', stepSize: 0.05 }],
    stop: { time: 200 },
  };
}

let pool: ShardPool;
beforeAll(async () => {
  await loadProblemModule(MODULE);
  pool = new ShardPool(2);
});
afterAll(() => pool.close());

describe('a problem of the user’s own (problem.kind "module")', () => {
  it('runs on both engines with the same result', async () => {
    const scenario = prepareScenario(userProblem());
    const result = await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
    expect(result.iterations).toBeGreaterThan(100);
    expect(scenario.problem).toMatchObject({ kind: 'module', module: MODULE, d: 3 });
  });

  it('is checked when validated: a create() that returns nonsense is the module’s error, naming the field', async () => {
    const bad = join(REPO, 'test/fixtures/problems/no-dimension.ts');
    await loadProblemModule(bad);
    expect(() => prepareScenario({ ...userProblem(), problem: { kind: 'module', module: bad } })).toThrow(/scenario\.problem\.module: .*no-dimension\.ts: create\(\) returned a problem whose dimension is not a positive integer/);
  });

  it('must be loaded before the synchronous run: the error says how', () => {
    expect(() => prepareScenario({ ...userProblem(), problem: { kind: 'module', module: '/nowhere/never-loaded.ts' } })).toThrow(/is not loaded yet: load the scenario with loadScenarioFile or runAsync/);
  });
});

describe('an oracle that throws gives the same error on both engines', () => {
  it('names the worker, the job and the virtual time, with the user’s message', async () => {
    const scenario = prepareScenario(userProblem({ how: 'throw' }));
    let inline: unknown;
    try {
      simulateMethod(scenario, scenario.methods[0]);
    } catch (error) {
      inline = error;
    }
    expect(inline).toBeInstanceOf(JobFailure);
    const message = (inline as Error).message;
    expect(message).toMatch(/^worker 1's job \d+ \(finishing at t=[\d.]+\) failed: the oracle of worker 1 exploded at x₀ = 0\.\d+$/);
    await expect(runAsync(scenario, { engine: 'threads', pool })).rejects.toThrow(message);
  });
});

describe('a run stopped from outside', () => {
  it('ends at the next event with its partial result when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new StopRequest('interrupted', 'interrupted (Ctrl-C)'));
    const result = await runAsync(userProblem(), { signal: controller.signal });
    // Aborted before it began: no method is run.
    expect(result.runs).toHaveLength(0);
  });

  it('stops a threads run whose oracle never returns at the wall-clock limit, terminating the stuck thread, and leaves the pool usable', async () => {
    const wall = wallClockSignal(1);
    const result = await runAsync(userProblem({ how: 'loop' }), { engine: 'threads', pool, signal: wall.signal });
    wall.dispose();
    const [run] = result.runs;
    expect(run.stopReason).toBe('wall');
    expect(run.limit).toMatch(/the wall-clock limit of 1 s was reached at t=[\d.]+, waiting for worker \d's job \d+, due at t=[\d.]+, computing in shard \d; the thread of shard \d \(stuck computing worker 1's job \d+\) was terminated/);
    // The run's accounting still holds at the stop.
    const g = run.gradients;
    expect(g.computed).toBe(g.applied + g.discarded + g.lost + g.inFlight);
    // Piscina replaced the terminated thread: the same pool runs the next scenario.
    const again = await runAsync(userProblem(), { engine: 'threads', pool });
    expect(again.runs[0].stopReason).toBe('time');
  });

  it('reports a pool thread past its heap limit as such, naming its workers and the run', async () => {
    const small = new ShardPool(1, { heapMegabytes: 64 });
    try {
      await expect(runAsync(userProblem({ how: 'hog' }), { engine: 'threads', pool: small })).rejects.toThrow(
        /the pool thread hosting workers 0, 1, 2, 3 \(shard 0\) failed in the run of asgd, noticed at t=[\d.]+: it ran out of memory: its heap limit is 64 MB/,
      );
    } finally {
      await small.close();
    }
  }, 60_000);

});
