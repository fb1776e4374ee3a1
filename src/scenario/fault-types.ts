import type { DistributionSpec } from '../random/distributions.ts';

/**
 * Faults: every fault has a target (which workers) and a window in virtual time. In the input,
 * the target is one of `workers` (ids), `fraction` (chosen with the scenario's seeded stream),
 * `slowest` or `fastest` (the k workers with the largest or smallest nominal τ, ties by id);
 * the expanded scenario lists the chosen ids.
 */
export interface FaultTargetInput {
  workers?: number[];
  fraction?: number;
  slowest?: number;
  fastest?: number;
  /** Graph edges as [a, b] node pairs (delay, loss, duplicate and partition faults on a topology). */
  edges?: [number, number][];
}

/** Which way a link fault applies: worker → server (`up`), server → worker (`down`), or both. */
export type LinkDirection = 'up' | 'down' | 'both';

export type FaultInput = FaultTargetInput &
  (
    | { kind: 'delay'; extra: DistributionSpec; from?: number; to?: number; direction?: LinkDirection }
    | { kind: 'straggle'; factor: number; from?: number; to?: number }
    | { kind: 'pause'; from: number; to?: number }
    | { kind: 'crash'; at: number; recoverAfter?: number }
    | { kind: 'join'; at: number }
    | { kind: 'loss'; p: number; from?: number; to?: number; direction?: LinkDirection }
    | { kind: 'duplicate'; p: number; from?: number; to?: number; direction?: LinkDirection }
    | { kind: 'partition'; from: number; to?: number; mode?: 'drop' | 'hold' }
  );

/** A window [from, to) in virtual seconds; `to` may be Infinity. */
export interface FaultWindow {
  readonly from: number;
  readonly to: number;
}

interface Targeted {
  /** Worker ids hit, ascending (empty when the fault targets edges). */
  readonly workers: readonly number[];
}

/** A link fault that targets graph edges: [a, b] with a < b; it hits both directions. */
interface EdgeTargeted {
  readonly edges?: readonly (readonly [number, number])[];
}

/** Extra latency, drawn per message from `extra`, on messages sent in the window. */
export interface DelayFault extends Targeted, EdgeTargeted, FaultWindow {
  readonly kind: 'delay';
  readonly extra: DistributionSpec;
  readonly direction: LinkDirection;
}

/** The worker's speed is divided by `factor` in the window. */
export interface StraggleFault extends Targeted, FaultWindow {
  readonly kind: 'straggle';
  readonly factor: number;
}

/** Speed 0 in the window; work in progress is kept and resumes after. */
export interface PauseFault extends Targeted, FaultWindow {
  readonly kind: 'pause';
}

/** At `at` the worker loses its work and queued messages; it returns stateless after `recoverAfter` s, or never. */
export interface CrashFault extends Targeted {
  readonly kind: 'crash';
  readonly at: number;
  readonly recoverAfter: number | undefined;
}

/** The worker is absent until `at`, then appears and says hello. */
export interface JoinFault extends Targeted {
  readonly kind: 'join';
  readonly at: number;
}

/** Each message sent in the window is dropped with probability `p`. */
export interface LossFault extends Targeted, EdgeTargeted, FaultWindow {
  readonly kind: 'loss';
  readonly p: number;
  readonly direction: LinkDirection;
}

/** Each message sent in the window is delivered twice with probability `p`. */
export interface DuplicateFault extends Targeted, EdgeTargeted, FaultWindow {
  readonly kind: 'duplicate';
  readonly p: number;
  readonly direction: LinkDirection;
}

/** The workers cannot reach the server (either way) in the window: messages are dropped, or held until `to`. */
export interface PartitionFault extends Targeted, EdgeTargeted, FaultWindow {
  readonly kind: 'partition';
  readonly mode: 'drop' | 'hold';
}

export type FaultSpec =
  | DelayFault
  | StraggleFault
  | PauseFault
  | CrashFault
  | JoinFault
  | LossFault
  | DuplicateFault
  | PartitionFault;

export type FaultKind = FaultSpec['kind'];
