import type { WorkerEvent } from '../../../actors/messages.ts';
import type { Float64Pool } from '../../linalg/float64-pool.ts';
import type { TaskOutput } from '../tasks/task-outputs.ts';
import type { StartedJob, TaskRunner } from '../tasks/task-runner.ts';
import { formatTime } from '../format-time.ts';
import { JobFailure } from '../job-failure.ts';
import type { ShardResult } from './protocol.ts';
import { ThreadFailure, type ShardListener } from './shard-supervisor.ts';

/** A job whose outputs the main thread awaits, or has received ahead of its completion. */
interface Awaited {
  result: ShardResult | undefined;
  resolve: (() => void) | undefined;
  promise: Promise<void> | undefined;
}

/** Where forwarded events go (the shard supervisor). */
export interface EventSink {
  forward(event: WorkerEvent, time: number): void;
  flush(): void;
}

/**
 * The threads engine's task runner, on the main thread. The main thread keeps a mirror of every
 * worker (the same machine and worker host as the inline engine), which decides when each job
 * starts and finishes; the hosted actors decide the same things from the same events and compute
 * the outputs ahead of time. So the main thread never waits for control, only for data: before a
 * job's completion event runs, its outputs must have arrived. Each hosted decision (start and
 * finish of a job) is checked against the mirror's.
 */
export class ThreadsRunner implements TaskRunner, ShardListener {
  private readonly jobs = new Map<number, Awaited>();
  /**
   * Per worker, every job below this id has completed or was cancelled on the main thread: a
   * result for one of them (computed before the cancellation reached its shard) is dropped. A
   * worker's jobs complete in id order, and a cancellation takes all its pending jobs, so
   * one number per worker says it.
   */
  private readonly doneBelow: Int32Array;
  /** Per worker, every job below this id is done or has its outputs here. */
  private readonly settledBelow: Int32Array;
  private failure: ThreadFailure | undefined = undefined;
  private readonly waiters = new Set<(error: ThreadFailure) => void>();
  sink: EventSink | undefined = undefined;
  /** The main thread's pool, which takes the arriving gradients' buffers into its care. */
  arrivals: Float64Pool | undefined = undefined;

  constructor(
    private readonly workerCount: number,
    readonly now: () => number,
  ) {
    this.doneBelow = new Int32Array(workerCount);
    this.settledBelow = new Int32Array(workerCount);
  }

  // ShardListener

  result(result: ShardResult): void {
    if (result.jobId < this.doneBelow[result.worker]) return;
    raise(this.settledBelow, result.worker, result.jobId + 1);
    const entry = this.entry(this.keyOf(result.worker, result.jobId));
    // A restarted shard may compute a job again: the first copy counts (they are identical).
    if (entry.result !== undefined) return;
    entry.result = result;
    entry.resolve?.();
  }

  fatal(failure: ThreadFailure): void {
    if (this.failure !== undefined) return;
    this.failure = failure;
    for (const reject of this.waiters) reject(failure);
    this.waiters.clear();
  }

  settled(worker: number): number {
    return this.settledBelow[worker];
  }

  // TaskRunner

  started(): void {}

  cancelled(worker: number, jobId: number): void {
    this.jobs.delete(this.keyOf(worker, jobId));
    raise(this.doneBelow, worker, jobId + 1);
    raise(this.settledBelow, worker, jobId + 1);
  }

  ready(worker: number, jobId: number): Promise<void> | undefined {
    this.sink?.flush();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const entry = this.entry(this.keyOf(worker, jobId));
    if (entry.result !== undefined) return undefined;
    entry.promise ??= new Promise<void>((resolve, reject) => {
      const onFailure = (error: ThreadFailure) =>
        reject(new ThreadFailure(`worker ${worker}'s job ${jobId}, due at t=${formatTime(this.now())}, cannot complete: ${error.message}`, { cause: error }));
      entry.resolve = () => {
        this.waiters.delete(onFailure);
        resolve();
      };
      this.waiters.add(onFailure);
    });
    return entry.promise;
  }

  outputs(job: StartedJob): TaskOutput[] {
    const key = this.keyOf(job.worker, job.jobId);
    const result = this.jobs.get(key)?.result;
    if (result === undefined) {
      throw new ThreadFailure(`worker ${job.worker}'s job ${job.jobId} has no outputs at t=${formatTime(this.now())}: the engine did not wait for them`);
    }
    this.jobs.delete(key);
    raise(this.doneBelow, job.worker, job.jobId + 1);
    // The hosted actor decided on its own: it must have decided as the mirror did.
    if (result.start !== job.start || result.finish !== job.timing.finish) {
      throw new ThreadFailure(
        `worker ${job.worker}'s hosted actor diverged at job ${job.jobId}: it ran it over [${result.start}, ${result.finish}], the main thread over [${job.start}, ${job.timing.finish}]`,
      );
    }
    if (result.error !== undefined) throw new JobFailure(job.worker, job.jobId, job.timing.finish, result.error);
    const outputs = [...result.outputs];
    // Transferred in from a shard: from here on the main pool owns these buffers.
    if (this.arrivals?.checked === true) for (const output of outputs) this.arrivals.adopt(output.grad, `the gradient of worker ${job.worker}'s job ${job.jobId}`);
    return outputs;
  }

  /** Jobs whose results are held or awaited (a leak shows up as growth here). */
  get outstanding(): number {
    return this.jobs.size;
  }

  private entry(key: number): Awaited {
    let entry = this.jobs.get(key);
    if (entry === undefined) {
      entry = { result: undefined, resolve: undefined, promise: undefined };
      this.jobs.set(key, entry);
    }
    return entry;
  }

  /** One number per (worker, job): job ids stay far below 2^53 / workers. */
  private keyOf(worker: number, jobId: number): number {
    return jobId * this.workerCount + worker;
  }
}

function raise(bounds: Int32Array, worker: number, value: number): void {
  if (value > bounds[worker]) bounds[worker] = value;
}
