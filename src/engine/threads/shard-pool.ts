import { availableParallelism, totalmem } from 'node:os';
import { Piscina } from 'piscina';
import { ScenarioError } from '../../input/scenario-error.ts';
import { FROM_BUILD } from '../../input/package-root.ts';
import type { ShardTask } from './protocol.ts';

/**
 * The Piscina pool of the threads engine: a fixed set of long-lived threads, each hosting one
 * shard of worker actors per method run (its host task lasts as long as the run).
 *
 * Options follow Piscina's advice for long-lived tasks: as many threads as shards, never
 * reaped while idle, one task per thread (so the shards spread one per thread), and no
 * `Atomics.wait` between tasks (it would freeze the thread's port listeners).
 */
export class ShardPool {
  private readonly piscina: Piscina<ShardTask, void>;
  private closed = false;

  /** Each thread's heap limit (V8's old generation), in MB. */
  readonly heapMegabytes: number;

  constructor(
    readonly threads: number,
    options: { readonly heapMegabytes?: number } = {},
  ) {
    this.heapMegabytes = options.heapMegabytes ?? defaultThreadHeap(threads);
    this.piscina = new Piscina<ShardTask, void>({
      // From the build, the compiled shard host; from the sources, a bootstrap that loads tsx first.
      filename: new URL(FROM_BUILD ? './shard-host.js' : './shard-entry.mjs', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      atomics: 'disabled',
      // Threads start from the bootstrap file, not with the parent's flags (a test runner's or
      // a debugger's would not apply to them).
      execArgv: [],
      // A thread that outgrows its share of the machine fails with a clear error instead of
      // taking the machine down with it.
      resourceLimits: { maxOldGenerationSizeMb: this.heapMegabytes },
    });
  }

  /** Runs a shard host task; resolves when the shard is told to stop, rejects if its thread fails. */
  host(task: ShardTask, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the thread pool is closed'));
    // Aborting a running task terminates its thread; Piscina starts a new one in its place.
    return this.piscina.run(task, { transferList: [task.port], signal });
  }

  /** Ends every thread; the process holds no handle of the pool afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.destroy();
  }
}

/**
 * A thread's default heap limit: its share of half the machine's memory (the main thread and
 * the other threads need theirs), between 256 MB and 4 GB.
 */
export function defaultThreadHeap(threads: number): number {
  const share = totalmem() / 2 / (threads + 1) / 2 ** 20;
  return Math.round(Math.min(4096, Math.max(256, share)));
}

/** Threads to use when none are asked for: one per core the process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

export const THREADS_EXPECTED = 'an integer number of threads between 1 and 256';

export function isValidThreads(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 256;
}

/** Checks a requested thread count. */
export function checkThreads(value: unknown, field: string): number {
  if (!isValidThreads(value)) throw new ScenarioError(field, value, THREADS_EXPECTED);
  return value;
}
