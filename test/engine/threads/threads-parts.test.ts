import { MessageChannel } from 'node:worker_threads';
import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Float64Pool } from '../../../src/linalg/float64-pool.ts';
import { ComputeQueue } from '../../../src/engine/threads/compute-queue.ts';
import { portMessages, portSender } from '../../../src/engine/threads/port-stream.ts';
import { ReturningPool } from '../../../src/engine/threads/returning-pool.ts';
import { shardWorkers } from '../../../src/engine/threads/simulate-threaded.ts';
import type { StartedJob } from '../../../src/engine/tasks/task-runner.ts';
import { parseSupervision } from '../../../src/scenario/parse-supervision.ts';
import { ScenarioError } from '../../../src/input/scenario-error.ts';

describe('shardWorkers', () => {
  it('covers every worker exactly once, in at most `threads` shards', () => {
    for (const n of [1, 2, 5, 16]) {
      for (const threads of [1, 2, 3, 8]) {
        const shards = shardWorkers(Array.from({ length: n }, (_, i) => 1 + i), threads);
        expect(shards.length).toBe(Math.min(n, threads));
        expect(shards.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }
    }
  });

  it('balances the rates 1/τ, not the head count', () => {
    // One fast worker carries as much load as four slow ones.
    expect(shardWorkers([1, 4, 4, 4, 4], 2)).toEqual([[0], [1, 2, 3, 4]]);
    // Equal speeds alternate.
    expect(shardWorkers([1, 1, 1, 1], 2)).toEqual([[0, 2], [1, 3]]);
    // A dead worker (τ = ∞) carries no load.
    expect(shardWorkers([1, Infinity, 1], 2)).toEqual([[0, 1], [2]]);
  });
});

describe('ComputeQueue', () => {
  const job = (worker: number, jobId: number, finish: number) => ({ worker, jobId, timing: { finish, succeeded: undefined } }) as unknown as StartedJob;

  it('hands out the earliest completion first, ties in arrival order', () => {
    const queue = new ComputeQueue();
    queue.add(job(0, 0, 3));
    queue.add(job(1, 0, 1));
    queue.add(job(2, 0, 3));
    queue.add(job(3, 0, 2));
    expect([queue.take(), queue.take(), queue.take(), queue.take()].map((j) => j?.worker)).toEqual([1, 3, 0, 2]);
    expect(queue.take()).toBeUndefined();
  });

  it('forgets a cancelled worker’s jobs', () => {
    const queue = new ComputeQueue();
    queue.add(job(0, 0, 1));
    queue.add(job(1, 0, 2));
    queue.add(job(0, 1, 3));
    queue.removeWorker(0);
    expect(queue.size).toBe(1);
    expect(queue.take()?.worker).toBe(1);
  });
});

describe('buffers across threads', () => {
  it('a shared pool hands out SharedArrayBuffer-backed arrays and keeps only those', () => {
    const pool = new Float64Pool(4, { shared: true });
    const a = pool.acquire();
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    pool.release(new Float64Array(4));
    expect(pool.idle).toBe(0);
    pool.release(a);
    expect(pool.acquire()).toBe(a);
  });

  it('a pool ignores arrays of another length', () => {
    const pool = new Float64Pool(4);
    pool.release(new Float64Array(3));
    expect(pool.idle).toBe(0);
  });

  it('the main thread keeps a few spares and returns the rest (whole, unshared buffers only)', () => {
    const returned: Float64Array[] = [];
    const pool = new ReturningPool(4, 2, { returnBuffer: (a) => returned.push(a) });
    for (let i = 0; i < 5; i++) pool.release(new Float64Array(4));
    pool.release(new Float64Array(8).subarray(0, 4));
    pool.release(new Float64Array(new SharedArrayBuffer(32)));
    expect(pool.idle).toBe(2);
    expect(returned).toHaveLength(3);
  });
});

describe('port streams', () => {
  it('carry messages in order and move transferred buffers instead of copying them', async () => {
    const { port1, port2 } = new MessageChannel();
    const received = firstValueFrom(portMessages<{ k: number; data: Float64Array }>(port2).pipe(take(3), toArray()));
    const send = portSender<{ k: number; data: Float64Array }>(port1);
    const arrays = [0, 1, 2].map((k) => new Float64Array([k, k + 0.5]));
    arrays.forEach((data, k) => send.next({ message: { k, data }, transfer: [data.buffer] }));
    const messages = await received;
    expect(messages.map((m) => m.k)).toEqual([0, 1, 2]);
    expect(messages.map((m) => Array.from(m.data))).toEqual([[0, 0.5], [1, 1.5], [2, 2.5]]);
    // Moved: the sender's arrays are detached.
    for (const a of arrays) expect(a.length).toBe(0);
    send.complete();
    port2.close();
  });
});

describe('scenario.supervision', () => {
  it('defaults to failing the run', () => {
    expect(parseSupervision(undefined, 'scenario.supervision')).toEqual({ onThreadFailure: 'fail', maxRestarts: 3 });
  });

  it('names the field, the value and what was expected', () => {
    expect(() => parseSupervision({ onThreadFailure: 'retry' }, 'scenario.supervision')).toThrow(ScenarioError);
    expect(() => parseSupervision({ onThreadFailure: 'retry' }, 'scenario.supervision')).toThrow(/scenario\.supervision\.onThreadFailure.*"fail".*"restart".*retry/s);
    expect(() => parseSupervision({ maxRestarts: -1 }, 'scenario.supervision')).toThrow(/scenario\.supervision\.maxRestarts/);
    expect(() => parseSupervision({ restart: true }, 'scenario.supervision')).toThrow(/restart/);
  });
});
