import type { DataDescription } from '../problems/problem.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import type { WorkerActivity } from './activity.ts';
import type { TheoryPrediction } from './theory-prediction.ts';

export type { TheoryPrediction, WorkerActivity };

/** Why a run ended. */
export type StopReason =
  /** The target (‖∇f‖² or f − f*) was reached. */
  | 'target'
  /** The virtual-time budget ran out. */
  | 'time'
  | 'iterations'
  | 'gradients'
  /** The server waits for messages that can never come: the event queue ran dry. */
  | 'stalled'
  /** The iterate became non-finite. */
  | 'diverged'
  /** The safety cap on processed events was hit. */
  | 'events'
  /** Model snapshots held by jobs and messages in flight outgrew their memory bound. */
  | 'memory'
  /** The wall-clock limit (`--max-wall`) was reached. */
  | 'wall'
  /** Someone stopped the run (Ctrl-C, an aborted signal). */
  | 'interrupted';

/** How a run ended: its stop reason and, when a bound ended it, a sentence saying which and where. */
export interface Stop {
  readonly reason: StopReason;
  readonly limit: string | null;
}

/** Where every gradient went: computed = applied + discarded + lost + inFlight. */
export interface GradientAccount {
  /** Stochastic gradients whose computation finished. */
  readonly computed: number;
  /** Used in a model update. */
  readonly applied: number;
  /** Reached the server and were thrown away by the method (stale, too delayed, ...). */
  readonly discarded: number;
  /** Never reached the server (message loss, a crash with the message still queued). */
  readonly lost: number;
  /** On a link or buffered at the server when the run stopped. */
  readonly inFlight: number;
  /** Jobs abandoned before their computation finished (cancelled by the method, or a crash); not gradients. */
  readonly cancelled: number;
  /** Extra copies delivered by `duplicate` faults (dropped by the server's deduplication). */
  readonly duplicates: number;
}

export interface WorkerStats {
  readonly id: number;
  readonly computed: number;
  readonly applied: number;
  readonly discarded: number;
  readonly lost: number;
  readonly busySeconds: number;
  /** busySeconds / virtual time. */
  readonly utilization: number;
}

export interface CurvePoint {
  /** Virtual time, seconds. */
  readonly t: number;
  readonly iteration: number;
  /** Gradients computed so far. */
  readonly gradients: number;
  readonly loss: number;
  readonly gradNormSq: number;
}

export interface StallReport {
  /** Virtual time of the server's last model update (0 if it never made one). */
  readonly since: number;
  /** What the server waits for, with each awaited worker's state. */
  readonly waitingFor: string;
  readonly workers: readonly number[];
}

/** The topology a decentralized method ran on, and the use of its edges. */
export interface GraphSummary {
  readonly kind: string;
  /** The node holding the iterate: the centre of the graph for d-float messages. */
  readonly pivot: number;
  /** The pivot's largest shortest-path time to a node (one d-float message). */
  readonly eccentricity: number;
  /** The largest shortest-path time between two nodes (max τ_{i→j} of Amelie's bound). */
  readonly diameterTime: number;
  /** Seconds each direction of each edge spent transmitting. */
  readonly edges: readonly { readonly a: number; readonly b: number; readonly busyAB: number; readonly busyBA: number }[];
}

export interface RunResult {
  readonly method: string;
  readonly label: string;
  readonly stopReason: StopReason;
  readonly stall: StallReport | null;
  /** When a bound ended the run (events, memory, wall time, an interruption): which, and where. */
  readonly limit: string | null;
  /** Virtual time at the end of the run, seconds. */
  readonly virtualTime: number;
  readonly iterations: number;
  /** Virtual time at which the target was first met, or null. */
  readonly timeToTarget: number | null;
  /** The method's proven time complexity for this scenario, where it has one (null otherwise). */
  readonly theory: TheoryPrediction | null;
  readonly gradients: GradientAccount;
  /** Mean worker utilization, in [0, 1]. */
  readonly utilization: number;
  readonly staleness: {
    readonly mean: number | null;
    readonly max: number | null;
    /** [staleness, applied gradients] pairs, by increasing staleness. */
    readonly histogram: readonly (readonly [number, number])[];
  };
  readonly workers: readonly WorkerStats[];
  readonly final: {
    readonly loss: number;
    readonly gradNormSq: number;
    /** f(x) − f*, when f* is known. */
    readonly lossGap: number | null;
    /** Accuracy on the held-out examples (problems on labelled data). */
    readonly testAccuracy?: number;
    /** The final iterate (when d ≤ 1000). */
    readonly x?: number[];
  };
  readonly curve: readonly CurvePoint[];
  /** The data a problem on labelled examples is built on: sizes, split, evaluation set. */
  readonly data?: DataDescription;
  /** What every worker did when, for the report's timeline (recorded on request: `activity`). */
  readonly activity?: WorkerActivity;
  /** A decentralized run's graph: its pivot and how busy each edge was. */
  readonly graph?: GraphSummary;
  /** Events the kernel processed. */
  readonly events: number;
  /**
   * Model snapshot buffers the run allocated: the most model versions held at once by jobs,
   * messages in flight and the method. Bounded by the jobs in flight; a leak shows as growth.
   */
  readonly modelBuffers: number;
  readonly traceHash: string;
  readonly wallSeconds: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Where the actors ran; results do not depend on it (apart from wall time). */
  readonly engine: 'inline' | 'threads';
  /** Threads engine: the pool's size and the shard restarts supervision made. */
  readonly threads?: { readonly count: number; readonly restarts: number };
  readonly runs: readonly RunResult[];
}
