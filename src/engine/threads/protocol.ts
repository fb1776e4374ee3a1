import type { MessagePort } from 'node:worker_threads';
import type { WorkerEvent } from '../../../actors/messages.ts';
import type { Scenario } from '../../scenario/scenario-types.ts';
import type { TaskOutput } from '../tasks/task-outputs.ts';

/**
 * Messages between the main thread (server, network, clock) and a shard host (a pool thread
 * hosting some workers' actors). Models travel as SharedArrayBuffer-backed arrays (shared, not
 * copied); results travel with their buffers transferred (moved, not copied).
 */

/** How a shard fails on purpose (tests of the engine's own fault handling). */
export interface InjectedFailure {
  /** The shard whose thread fails. */
  readonly shard: number;
  /** It fails after sending this many results. */
  readonly afterResults: number;
  /** By throwing (an uncaught exception) or by exiting the thread. */
  readonly how: 'throw' | 'exit';
}

/** What a shard host is started with (the Piscina task). */
export interface ShardTask {
  readonly port: MessagePort;
  /** The expanded scenario (plain data): every thread rebuilds the same problem and compute models. */
  readonly scenario: Scenario;
  readonly shard: number;
  /** Workers this shard hosts. */
  readonly workers: readonly number[];
  /**
   * Per hosted worker (same order), the jobs below this id are settled on the main thread (their
   * outputs arrived, or they were cancelled): a restarted shard replays the events that led to
   * them, to rebuild its actors, but does not compute them again.
   */
  readonly settled: readonly number[];
  readonly failure?: InjectedFailure;
  /**
   * What the shard is computing, shared with the main thread: [1, worker, job] while it computes
   * a job, [0, …] between jobs. A shard stuck in a computation that never returns cannot say
   * so itself; this says which job it is stuck in.
   */
  readonly computing: SharedArrayBuffer;
}

/** One event for a hosted worker, at the virtual time the main thread delivered it. */
export interface ShardEvent {
  readonly time: number;
  readonly event: WorkerEvent;
}

export type ToShard =
  /**
   * Events for this shard's workers, in delivery order, and spare gradient buffers (transferred)
   * for the shard to fill again.
   */
  | { readonly kind: 'events'; readonly events: readonly ShardEvent[]; readonly spares?: readonly Float64Array[] }
  /** The run is over: finish the host task. */
  | { readonly kind: 'stop' };

/**
 * A job's outputs, with the timing the hosted worker decided (checked against the main
 * thread's). A shard posts them in batches (arrays), earliest completion first.
 */
export interface ShardResult {
  readonly worker: number;
  readonly jobId: number;
  readonly start: number;
  readonly finish: number;
  readonly outputs: readonly TaskOutput[];
  /**
   * What the computation threw, if it failed: raised as a JobFailure when the main thread
   * reaches the job's completion (never if the job is cancelled first), as the inline engine
   * raises it.
   */
  readonly error?: string;
}
