import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareScenario, runAsync } from '../../../src/engine/run-scenario.ts';
import type { InjectedFailure } from '../../../src/engine/threads/protocol.ts';
import { ShardPool } from '../../../src/engine/threads/shard-pool.ts';
import { ThreadFailure } from '../../../src/engine/threads/shard-supervisor.ts';
import type { ScenarioInput, SupervisionInput } from '../../../src/scenario/scenario-types.ts';
import { withoutWallTime } from '../../helpers/engines.ts';

/** Six workers on two shards, with a crash and a lossy link: enough to replay something real. */
function scenario(supervision?: SupervisionInput): ScenarioInput {
  return {
    name: 'thread-failure',
    seed: 11,
    problem: { kind: 'worst-case-quadratic', d: 8, noise: { kind: 'add', sigma: 0.1 } },
    workers: [1, 1.25, 1.5, 2, 3, 5].map((tau) => ({ tau, latency: 0.125 })),
    methods: [
      { method: 'asgd', stepSize: 0.05 },
      { method: 'rennala', stepSize: 0.1, batchSize: 4 },
    ],
    faults: [
      { kind: 'crash', at: 7, recoverAfter: 3, workers: [1] },
      { kind: 'loss', from: 2, to: 12, p: 0.3, workers: [2] },
    ],
    stop: { time: 60 },
    ...(supervision === undefined ? {} : { supervision }),
  };
}

const shardOne = (how: InjectedFailure['how'], afterResults = 20): InjectedFailure => ({ shard: 1, afterResults, how });

// A pool for the file; a thread that dies is replaced by Piscina.
let pool: ShardPool;
beforeAll(() => {
  pool = new ShardPool(2);
});
afterAll(() => pool.close());

describe('a pool thread that fails mid-run', () => {
  for (const how of ['throw', 'exit'] as const) {
    it(`(${how}) fails the run with the worker, the virtual time and the cause — never hangs`, { timeout: 20_000 }, async () => {
      const outcome = runAsync(scenario(), { engine: 'threads', pool, methods: ['asgd'], injectFailure: shardOne(how) });
      await expect(outcome).rejects.toThrow(ThreadFailure);
      const message = await outcome.catch((error: Error) => error.message);
      expect(message).toMatch(/worker \d+/);
      expect(message).toMatch(/t=\d/);
      expect(message).toMatch(how === 'throw' ? /injected failure in shard 1/ : /exited with code/);
    });
  }

  it('under restart supervision, is restarted and the run ends with the same result', { timeout: 20_000 }, async () => {
    for (const how of ['throw', 'exit'] as const) {
      const input = scenario({ onThreadFailure: 'restart' });
      const reference = await runAsync(input);
      const restarted = await runAsync(input, { engine: 'threads', pool, injectFailure: shardOne(how) });
      // The failure is injected into each method's run: one restart each.
      expect(restarted.threads?.restarts).toBe(reference.runs.length);
      expect(restarted.runs.map(withoutWallTime)).toEqual(reference.runs.map(withoutWallTime));
    }
  });

  it('fails anyway once the restarts allowed are used up', { timeout: 20_000 }, async () => {
    const input = scenario({ onThreadFailure: 'restart', maxRestarts: 0 });
    await expect(runAsync(input, { engine: 'threads', pool, methods: ['asgd'], injectFailure: shardOne('throw') })).rejects.toThrow(/after 0 restarts/);
  });

  it('leaves the pool usable for the next run', { timeout: 20_000 }, async () => {
    await expect(runAsync(scenario(), { engine: 'threads', pool, methods: ['asgd'], injectFailure: shardOne('exit', 5) })).rejects.toThrow(ThreadFailure);
    const input = prepareScenario(scenario());
    const after = await runAsync(input, { engine: 'threads', pool });
    const reference = await runAsync(input);
    expect(after.runs.map(withoutWallTime)).toEqual(reference.runs.map(withoutWallTime));
  });
});
