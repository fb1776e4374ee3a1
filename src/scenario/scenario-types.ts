import type { Topology } from '../graph/topology.ts';
import type { ProblemInput, ProblemSpec } from '../problems/problem-spec.ts';

export type { DataInput, ProblemInput, ProblemSpec, SplitInput, SupervisedInput } from '../problems/problem-spec.ts';
import type { TopologyInput } from './parse-topology.ts';
import type { DistributionSpec } from '../random/distributions.ts';
import type { FaultInput, FaultSpec } from './fault-types.ts';
import type { SpeedProfileInput, SpeedProfileSpec } from './speed/speed-shapes.ts';

/**
 * The scenario, in two forms: `ScenarioInput` is what a user writes (TypeScript with
 * `defineScenario`, or JSON), `Scenario` is the validated, fully expanded form the engine runs
 * and the result echoes back (every default filled in, every worker listed).
 */

// ----- what users write -------------------------------------------------------------------------

/** τ_i as a law of the worker index i = 1..n (uniform draws use the scenario's seed). */
export type TauLawInput =
  | { law: 'sqrt'; scale?: number }
  | { law: 'linear'; scale?: number }
  | { law: 'square'; scale?: number }
  | { law: 'constant'; value: number }
  | { law: 'uniform'; min: number; max: number }
  /** The first `count` (default 1) workers take `value`, the rest `rest`: (0.01, 1, ..., 1). */
  | { law: 'outlier'; value: number; rest: number; count?: number }
  | { law: 'list'; values: number[] };

export type { SpeedProfileInput } from './speed/speed-shapes.ts';

/** How long a worker's gradients take, beyond the fixed τ. */
export interface ComputeInput {
  /** Random extra duration η per gradient: it takes τ + η (ALGORITHMS §5.6, §6.4). */
  noise?: DistributionSpec;
  /** Speed over time, relative to nominal (universal computation model). */
  speed?: SpeedProfileInput;
}

export interface LinkInput {
  /** Seconds added to every message. Default 0. */
  latency?: number;
  /** Seconds per float of payload. Default 0. */
  perFloat?: number;
}

export interface WorkerInput {
  /** Nominal seconds per stochastic gradient. */
  tau: number;
  /** Seconds for one message to reach the server. Default 0. */
  latency?: number;
  /** Seconds per float sent to the server. Default 0. */
  perFloat?: number;
  /** The server → worker link (model broadcast). Default free. */
  downlink?: LinkInput;
  compute?: ComputeInput;
}

export interface WorkerPopulationInput {
  count: number;
  tau: TauLawInput;
  latency?: number;
  perFloat?: number;
  downlink?: LinkInput;
  compute?: ComputeInput;
  /** Per-worker changes on top of the law, e.g. `[{ worker: 9, tau: 100 }]`. */
  overrides?: ({ worker: number } & Partial<WorkerInput>)[];
}

export interface MethodInput {
  /** Method id, e.g. `rennala`. */
  method: string;
  /** Name shown in tables; default the method id (made unique when a method appears twice). */
  label?: string;
  /** Method parameters (`stepSize`, `batchSize`, ...), validated per method. */
  [parameter: string]: unknown;
}

export interface StopInput {
  /** Target: stop when ‖∇f(x)‖² ≤ this. */
  gradNormSq?: number;
  /** Target: stop when f(x) − f* ≤ this (needs a problem with known f*). */
  lossGap?: number;
  /** Budget in virtual seconds. */
  time?: number;
  /** Budget in model updates. */
  iterations?: number;
  /** Budget in gradients computed. */
  gradients?: number;
  /** Check the target every this many updates. Default 1. */
  checkEvery?: number;
  /** Safety cap on events processed. Default 50 000 000. */
  events?: number;
}

export interface RecordInput {
  /** Curve sample spacing in virtual seconds. Default: the time budget / 200. */
  every?: number;
  /** Keep the full trace (records are always hashed). Default false. */
  trace?: boolean;
}

export interface ScenarioInput {
  name: string;
  description?: string;
  /** Root seed of every random stream. Default 1. */
  seed?: number;
  problem: ProblemInput;
  workers: WorkerPopulationInput | WorkerInput[];
  methods: MethodInput[];
  faults?: FaultInput[];
  stop: StopInput;
  record?: RecordInput;
  /** What the threads engine does when a pool thread fails (default: fail the run). */
  supervision?: SupervisionInput;
  /** The graph decentralized methods (fragile, amelie, minibatch-graph) run on; centralized methods ignore it. */
  topology?: TopologyInput;
}

export interface SupervisionInput {
  /** `fail` (default): the run fails naming the workers and the cause; `restart`: the shard restarts and the run continues. */
  onThreadFailure?: 'fail' | 'restart';
  /** Restarts allowed per shard. Default 3. */
  maxRestarts?: number;
}

// ----- what the engine runs ---------------------------------------------------------------------


export interface ComputeSpec {
  /** Nominal seconds per gradient (what a method may know). */
  readonly tau: number;
  /** Random extra duration per gradient, if any. */
  readonly noise: DistributionSpec | undefined;
  /** Relative speed over time, if not constant 1 (defaults filled, CSV traces inlined as points). */
  readonly speed: SpeedProfileSpec | undefined;
}

export interface LinkSpec {
  /** Seconds added to every message. */
  readonly latency: number;
  /** Seconds per float of payload. */
  readonly perFloat: number;
}

export interface WorkerSpec {
  /** 0-based worker id. */
  readonly id: number;
  readonly compute: ComputeSpec;
  /** Worker → server. */
  readonly uplink: LinkSpec;
  /** Server → worker (the broadcast cost; default free). */
  readonly downlink: LinkSpec;
}

export interface MethodSpec {
  readonly method: string;
  readonly label: string;
  /** Validated parameters, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface StopSpec {
  readonly gradNormSq: number | undefined;
  readonly lossGap: number | undefined;
  readonly time: number;
  readonly iterations: number;
  readonly gradients: number;
  readonly checkEvery: number;
  readonly events: number;
}

export interface RecordSpec {
  /** Curve spacing in virtual seconds, or undefined for samples at each target check (thinned). */
  readonly every: number | undefined;
  readonly trace: boolean;
}

export interface Scenario {
  readonly name: string;
  readonly description: string | undefined;
  readonly seed: number;
  readonly problem: ProblemSpec;
  readonly workers: readonly WorkerSpec[];
  readonly methods: readonly MethodSpec[];
  /** Faults with their targets resolved to worker ids. */
  readonly faults: readonly FaultSpec[];
  readonly stop: StopSpec;
  readonly record: RecordSpec;
  readonly supervision: SupervisionSpec;
  /** The graph of decentralized methods, if the scenario has one. */
  readonly topology: Topology | undefined;
}

export type SupervisionSpec = Required<Readonly<SupervisionInput>>;
