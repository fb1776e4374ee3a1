/**
 * Messages between actors. Every message travels on an RxJS stream through the network, which
 * applies the link's latency, FIFO order and faults; no actor calls another directly.
 * Event types are lowercase and dot-namespaced.
 */

import type { ModelSnapshot } from './model-snapshot.ts';
import type { Task } from './tasks.ts';

export type { ModelSnapshot } from './model-snapshot.ts';

/** Server → worker: do `task` (by default one stochastic gradient) at the model of iteration `tag`. */
export interface JobAssign {
  readonly type: 'job.assign';
  readonly worker: number;
  /** The server iteration (model version) the model belongs to. */
  readonly tag: number;
  readonly model: ModelSnapshot;
  readonly task: Task;
}

/** Server → worker: abandon every job not yet delivered (the work is lost). */
export interface JobCancel {
  readonly type: 'job.cancel';
  readonly worker: number;
}

/** Fault injector → worker. Methods never see these; they only see what stops arriving. */
export type WorkerFault =
  | { readonly type: 'fault.crash'; readonly worker: number }
  | { readonly type: 'fault.recover'; readonly worker: number }
  | { readonly type: 'fault.join'; readonly worker: number };

export type WorkerEvent = JobAssign | JobCancel | WorkerFault;

/**
 * Worker → server: the result of a job: a stochastic gradient, or the sum of `count` of them, or
 * whatever vector the job's task produces (a compressed copy, a local-steps change, a gradient
 * difference).
 */
export interface GradientMessage {
  readonly type: 'grad.arrive';
  readonly worker: number;
  /** Unique per worker; identifies the job for accounting and deduplication. */
  readonly jobId: number;
  /** Iteration of the model the gradient was computed at. */
  readonly tag: number;
  /**
   * The gradient. Valid only while the message is being delivered: the engine recycles the
   * buffer afterwards, so a method that keeps a gradient must copy it.
   */
  readonly grad: Float64Array;
  /**
   * Number of stochastic gradients this message accounts for: summed into `grad`, or spent
   * producing it. Extra compressed copies of a batch carry 0 (the gradients are counted once).
   */
  readonly count: number;
  /** Virtual time the computation started and finished. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The task that produced it. */
  readonly task: Task['kind'];
  /** Which copy of a batch's sum this is (0-based; 0 for single-message tasks). */
  readonly part: number;
  /** Payload size in floats, when not the full d (a compressed message). */
  readonly floats: number | undefined;
  /** Attempts made (MindFlayer), or gradient evaluations otherwise. */
  readonly attempts: number;
}

/**
 * What the server records about a gradient message when it applies or discards it: enough to
 * account for it, without the vector (a method may log these after the message is gone).
 */
export type GradientRef = Pick<GradientMessage, 'worker' | 'jobId' | 'tag' | 'count'>;

/** Worker → server: "I am here and hold no model" (after joining or recovering from a crash). */
export interface HelloMessage {
  readonly type: 'worker.hello';
  readonly worker: number;
}

export type ServerEvent = GradientMessage | HelloMessage;
