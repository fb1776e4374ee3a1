import type { CompressorSpec } from '../src/compress/compressor.ts';
import type { ModelSnapshot } from './model-snapshot.ts';

/**
 * What a job asks a worker to compute, and what it sends back. Tasks are plain data: the worker
 * machine decides whether to take a job; the engine executes the task's physics (how long it
 * takes, what the oracle returns, what goes on the link).
 */
export type Task =
  /** One stochastic gradient at the job's model (the default). */
  | { readonly kind: 'gradient' }
  /**
   * `size` stochastic gradients at the model, summed, then `copies` independently compressed
   * copies of the sum, sent one after another (Shadowheart; `size` 1, `copies` 1 with RandK is
   * QSGD-Minibatch). Without a compressor the copies are exact.
   */
  | { readonly kind: 'batch'; readonly size: number; readonly copies: number; readonly compressor: CompressorSpec | undefined }
  /**
   * `attempts` gradient attempts, each abandoned if not done within `budget` seconds; the sum
   * of the successful ones is sent with how many succeeded (MindFlayer).
   */
  | { readonly kind: 'attempts'; readonly attempts: number; readonly budget: number }
  /** `steps` local SGD steps with `stepSize` from the model; the change x_local − x is sent (FedBuff). */
  | { readonly kind: 'local-steps'; readonly steps: number; readonly stepSize: number }
  /** Σ_{j ∈ indices} ∇f_j at the model, for a finite-sum problem (Freya PAGE's full gradient). */
  | { readonly kind: 'components'; readonly indices: readonly number[] }
  /**
   * ∇f_j(model) − ∇f_j(previous) for one component j of a finite sum, two gradient
   * evaluations (Freya PAGE's gradient difference).
   */
  | { readonly kind: 'difference'; readonly index: number; readonly previous: ModelSnapshot };

export type TaskKind = Task['kind'];

export const GRADIENT_TASK: Task = { kind: 'gradient' };

/** Gradient evaluations a task performs when it completes in full (its compute cost in units of τ). */
export function taskUnits(task: Task): number {
  switch (task.kind) {
    case 'gradient':
      return 1;
    case 'batch':
      return task.size;
    case 'attempts':
      return task.attempts;
    case 'local-steps':
      return task.steps;
    case 'components':
      return task.indices.length;
    case 'difference':
      return 2;
  }
}
