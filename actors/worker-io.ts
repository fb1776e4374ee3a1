import type { JobAssign } from './messages.ts';

/**
 * What a worker machine can do to the world. The engine implements it: the compute model
 * decides how long a job takes, the problem computes the gradient, the network carries it.
 * Nothing here says which engine (or thread) hosts the worker.
 */
export interface WorkerIO {
  readonly id: number;
  /**
   * Starts a gradient job at the job's model. It begins when the worker's previous jobs are
   * done, takes the time the compute model gives, and its result is sent on the uplink.
   */
  startJob(job: JobAssign): void;
  /** A job arrived while the worker cannot take it (down, not joined): it is dropped. */
  refuseJob(job: JobAssign): void;
  /** Abandons every job not yet delivered; their work is lost. */
  cancelJobs(): void;
  /** Loses everything the worker holds: jobs and messages queued on its uplink. */
  crash(): void;
  /** Sends `worker.hello` to the server. */
  sayHello(): void;
}
