import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';

/**
 * The server's view of each worker's work, built only from what it sent and received (it never
 * sees a crash directly): the tag of the last job it gave the worker, and whether that job's
 * result is still to come.
 *
 * Results arrive in job order (links are FIFO), so a result with a tag older than the worker's
 * last job comes from a job the server has already superseded (for example, one it cancelled
 * while the result was on the wire): the worker is still busy and must not get another job.
 */
export class WorkerJobs {
  private readonly latestTag: Float64Array;
  private readonly busy: Uint8Array;

  constructor(workerCount: number) {
    this.latestTag = new Float64Array(workerCount).fill(-1);
    this.busy = new Uint8Array(workerCount);
  }

  /** Gives `worker` a job at the current model (`task`, or one gradient) and records it. */
  assign(io: ServerIO, worker: number, task?: Task): void {
    this.assigned(worker, io.iteration);
    io.assign(worker, task);
  }

  /** The server gave `worker` a job at iteration `tag`. */
  assigned(worker: number, tag: number): void {
    this.latestTag[worker] = tag;
    this.busy[worker] = 1;
  }

  /**
   * A result computed at iteration `tag` arrived from `worker`. Returns true if it completes
   * the worker's latest job (the worker is now idle and can be given another).
   */
  completes(worker: number, tag: number): boolean {
    if (tag < this.latestTag[worker]) return false;
    this.busy[worker] = 0;
    return true;
  }

  /** The worker said hello: it holds no model and no job. */
  forget(worker: number): void {
    this.busy[worker] = 0;
    this.latestTag[worker] = -1;
  }

  isBusy(worker: number): boolean {
    return this.busy[worker] === 1;
  }

  /** Workers the server is waiting on, ascending. */
  busyWorkers(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.busy.length; w++) if (this.busy[w] === 1) out.push(w);
    return out;
  }
}
