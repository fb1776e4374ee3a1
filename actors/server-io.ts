import type { RandomStream } from '../src/random/random-stream.ts';
import type { LinkSpec } from '../src/scenario/scenario-types.ts';
import type { GradientRef, ModelSnapshot } from './messages.ts';
import type { Task } from './tasks.ts';

/** What a method may know about the problem in advance. */
export interface ProblemFacts {
  /** m, for a finite-sum problem f = (1/m) Σ f_j. */
  readonly components: number | undefined;
  /** L, when known. */
  readonly smoothness: number | undefined;
  /** σ² of one stochastic gradient, when the noise model states it. */
  readonly noiseVariance: number | undefined;
}

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
  /** The scenario's nominal uplink of worker `worker` (what a communication-aware method may know). */
  uplinkOf(worker: number): LinkSpec;
  /** Facts about the problem a method may use. */
  readonly problem: ProblemFacts;
  /** The method's own random stream (for methods that sample: AsGrad, FedBuff, Freya PAGE). */
  readonly rng: RandomStream;
  /** Sends worker `worker` a job at the current model: `task`, or one stochastic gradient. */
  assign(worker: number, task?: Task): void;
  /** Holds a snapshot of the current model for later use in tasks; give it back with {@link releaseModel}. */
  holdModel(): ModelSnapshot;
  releaseModel(snapshot: ModelSnapshot): void;
  /** Tells worker `worker` to abandon its jobs. */
  cancel(worker: number): void;
  /**
   * Records that `message` is part of the next update, with its weight in that update. A
   * message (or a `MessageLog` entry of one) is enough: the vector is not read. A
   * message's `grad` is only valid while the message is being delivered, and the argument may
   * be an object the caller reuses: copy what you keep.
   */
  apply(message: GradientRef, weight: number): void;
  /** Records that `message` was thrown away (for example, stale). */
  discard(message: GradientRef): void;
  /** x ← x − stepSize·direction; one model update. */
  step(direction: Float64Array, stepSize: number): void;
}
