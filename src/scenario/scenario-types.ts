/**
 * The scenario, in two forms: `ScenarioInput` is what a user writes (TypeScript with
 * `defineScenario`, or JSON), `Scenario` is the validated, fully expanded form the engine runs
 * and the result echoes back (every default filled in, every worker listed).
 */

// ----- what users write -------------------------------------------------------------------------

export type ProblemInput =
  | {
      kind: 'worst-case-quadratic';
      d: number;
      noise: { kind: 'add'; sigma: number } | { kind: 'zero-last'; p: number };
      /** L in A = (L/4)·tridiag(−1, 2, −1). Default 1. */
      scale?: number;
      /** Shift so that λ_min(A) = mu. Default: no shift. */
      mu?: number;
    }
  | {
      kind: 'heterogeneous-quadratic';
      d: number;
      noise: { kind: 'gaussian'; sigma: number };
      /** λ_min of the mean matrix. Default 1e-3. */
      lambda?: number;
      /** Heterogeneity strength. Default 3. */
      s?: number;
      /** Every f_i minimised at the same point. Default false. */
      interpolation?: boolean;
    }
  | {
      kind: 'separable-quadratic';
      /** One center per worker. */
      centers: number[][];
      /** One curvature per coordinate. */
      curvature: number[];
      noise: { kind: 'gaussian'; sigma: number };
      x0?: number[];
    };

/** τ_i as a law of the worker index i = 1..n. */
export type TauLawInput =
  | { law: 'sqrt'; scale?: number }
  | { law: 'linear'; scale?: number }
  | { law: 'square'; scale?: number }
  | { law: 'constant'; value: number };

export interface WorkerInput {
  /** Seconds per stochastic gradient. */
  tau: number;
  /** Seconds for one message to reach the server. Default 0. */
  latency?: number;
  /** Seconds per float sent to the server. Default 0. */
  perFloat?: number;
}

export interface WorkerPopulationInput {
  count: number;
  tau: TauLawInput;
  latency?: number;
  perFloat?: number;
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
  stop: StopInput;
  record?: RecordInput;
}

// ----- what the engine runs ---------------------------------------------------------------------

export type ProblemSpec = ProblemInput;

export interface FixedCompute {
  readonly kind: 'fixed';
  readonly tau: number;
}

export type ComputeSpec = FixedCompute;

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
  readonly stop: StopSpec;
  readonly record: RecordSpec;
}
