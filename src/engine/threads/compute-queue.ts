import type { StartedJob } from '../tasks/task-runner.ts';

interface Queued {
  readonly job: StartedJob;
  /** Arrival order, to break ties between equal finish times. */
  readonly order: number;
}

/**
 * A shard's jobs to compute, earliest completion first: the order the main thread will need
 * them in. It holds at most a few jobs per hosted worker, and a scan costs far less than the
 * gradient it picks, so it is a plain array.
 */
export class ComputeQueue {
  private jobs: Queued[] = [];
  private added = 0;

  add(job: StartedJob): void {
    this.jobs.push({ job, order: this.added++ });
  }

  /** The worker's jobs were cancelled (or it crashed): they will not be needed. */
  removeWorker(worker: number): void {
    this.jobs = this.jobs.filter((q) => q.job.worker !== worker);
  }

  /** Removes and returns the job that completes first (ties: the one added first). */
  take(): StartedJob | undefined {
    if (this.jobs.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.jobs.length; i++) {
      const a = this.jobs[i];
      const b = this.jobs[best];
      if (a.job.timing.finish < b.job.timing.finish || (a.job.timing.finish === b.job.timing.finish && a.order < b.order)) best = i;
    }
    return this.jobs.splice(best, 1)[0].job;
  }

  get size(): number {
    return this.jobs.length;
  }
}
