import { Worker } from 'node:worker_threads';
import type { ProblemSpec } from '../src/scenario/scenario-types.ts';
import type { OracleRequest } from './oracle-kernel.ts';

/**
 * The machine's own ceiling for two threads on a given oracle: the same stochastic gradients
 * computed on one bare thread, then split across two, with no engine in between. On this VM
 * the host decides what two vCPUs really give, and it changes from one minute to the next, so
 * the bench measures it next to each engine run.
 */
export class ParallelCeiling {
  private readonly threads = [0, 1].map(() => new Worker(new URL('./oracle-thread.mjs', import.meta.url)));

  constructor(
    private readonly problem: ProblemSpec,
    private readonly workers: number,
  ) {}

  /** Wall seconds for `count` gradients on one thread and on two (half each). */
  async measure(count: number): Promise<{ one: number; two: number }> {
    let start = performance.now();
    await this.call(0, count);
    const one = (performance.now() - start) / 1000;
    start = performance.now();
    await Promise.all([this.call(0, count / 2), this.call(1, count / 2)]);
    return { one, two: (performance.now() - start) / 1000 };
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }

  private call(thread: number, count: number): Promise<void> {
    const request: OracleRequest = { problem: this.problem, workers: this.workers, count };
    return new Promise((resolve, reject) => {
      const worker = this.threads[thread];
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage(request);
    });
  }
}
