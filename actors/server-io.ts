import type { GradientMessage } from './messages.ts';

/**
 * What a server machine can see and do. Implemented by the engine; the method's machine makes
 * every decision (what to apply, discard, when to step, whom to assign) through it.
 */
export interface ServerIO {
  /** Number of workers in the scenario (present or not yet joined). */
  readonly workerCount: number;
  /** Dimension d of the model. */
  readonly dimension: number;
  /** The current iterate. Read-only for methods: change it with {@link step}. */
  readonly x: Float64Array;
  /** Number of model updates so far (the current model's version). */
  readonly iteration: number;
  /** Current virtual time, seconds. */
  now(): number;
  /** The scenario's nominal seconds per gradient of worker `worker` (what a method may know). */
  nominalTau(worker: number): number;
  /** Is worker `worker` present at the start (not one that joins later)? */
  presentAtStart(worker: number): boolean;
  /** Sends worker `worker` a job at the current model. */
  assign(worker: number): void;
  /** Tells worker `worker` to abandon its jobs. */
  cancel(worker: number): void;
  /** Records that `message` is part of the next update, with its weight in that update. */
  apply(message: GradientMessage, weight: number): void;
  /** Records that `message` was thrown away (for example, stale). */
  discard(message: GradientMessage): void;
  /** x ← x − stepSize·direction; one model update. */
  step(direction: Float64Array, stepSize: number): void;
}
