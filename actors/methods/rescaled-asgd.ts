import { setup } from 'xstate';
import { optional, readOneOf } from '../../src/input/fields.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { maleniaTime } from '../../src/theory/fixed-model.ts';

/** Where the per-worker τ_i come from. */
export type TauSource = 'known' | 'estimated' | 'cycle';

/** The normalising constant τ̄ over the workers' τ_i. */
export type TauNormalizer = 'mean' | 'max' | 'harmonic';

export interface RescaledAsgdParams {
  /** γ: the step size of a worker whose τ_i equals τ̄. */
  readonly stepSize: number;
  /**
   * `known` (default): the scenario's nominal τ_i (`io.nominalTau`). `estimated`: the running
   * mean of worker i's observed durations finishedAt − startedAt. `cycle`: the running mean of
   * worker i's observed cycles, from the server's assignment to the gradient's arrival.
   */
  readonly tau: TauSource;
  /** τ̄ = the arithmetic mean (default), the maximum or the harmonic mean of the τ_i. */
  readonly normalizer: TauNormalizer;
}

interface RescaledAsgdContext {
  readonly io: ServerIO;
  readonly params: RescaledAsgdParams;
  readonly jobs: WorkerJobs;
  readonly taus: TauTable;
  /** When each worker was last assigned a job (server time; `cycle` estimates). */
  readonly assignedAt: Float64Array;
}

/**
 * Rescaled ASGD (Mahran, Maranjyan & Richtárik 2026; ALGORITHMS §5.4): vanilla ASGD in which a
 * gradient from worker i moves the model by γ_i = γ·τ_i/τ̄. Worker i delivers about T/τ_i
 * gradients in time T, so every worker contributes about the same total step size γT/τ̄ and the
 * iterates settle at a stationary point of f = (1/n) Σ f_i instead of vanilla ASGD's
 * (1/τ)-weighted Σ π_i f_i.
 *
 * The normalisation τ̄ is `[D]`, unverified (only the paper's abstract was read): the mean, the
 * maximum and the harmonic mean of the τ_i are all plausible, so it is the `normalizer`
 * parameter, default `mean`. It only rescales γ; the relative weights γ_i ∝ τ_i do not depend on it.
 *
 * - `tau: known` uses the nominal τ_i of every worker in the scenario (present or not), fixed for
 *   the whole run.
 * - `tau: estimated` keeps, per worker, the running mean of the durations finishedAt − startedAt
 *   of its gradients (computing time only: queueing and link latency are not counted). An
 *   arriving gradient's duration is counted before its own step size is computed, so a worker
 *   always has an estimate when it steps. Prior: a worker with no observation yet is left out
 *   of τ̄ (it is assumed average); the very first gradient of a run therefore steps with γ.
 * - `tau: cycle` keeps the running mean of each worker's cycle as the server sees it, from the
 *   assignment to the arrival of its gradient. With link latency a worker delivers at rate
 *   1/(τ_i + round trip), not 1/τ_i, so `known` and `estimated` leave a bias there; the cycle is
 *   what the arrival rate is, and `cycle` removes it (a test measures both). [D]: the paper's
 *   model has free links, where all three agree.
 */
const machine = setup({
  types: {} as { context: RescaledAsgdContext; events: ServerEvent; input: ServerMachineInput<RescaledAsgdParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) assign(context, w);
    },
    applyAndReassign: ({ context, event }) => {
      if (event.type !== 'grad.arrive') return;
      const { io, taus } = context;
      if (context.params.tau === 'estimated') taus.observe(event.worker, event.finishedAt - event.startedAt);
      else if (context.params.tau === 'cycle') taus.observe(event.worker, io.now() - context.assignedAt[event.worker]);
      io.apply(event, 1);
      io.step(event.grad, context.params.stepSize * taus.ratio(event.worker));
      if (context.jobs.completes(event.worker, event.tag)) assign(context, event.worker);
    },
    welcomeSender: ({ context, event }) => {
      // A hello means the worker holds no model: whatever it was computing is gone.
      context.jobs.forget(event.worker);
      assign(context, event.worker);
    },
  },
}).createMachine({
  id: 'rescaled-asgd',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    jobs: new WorkerJobs(input.io.workerCount),
    taus: TauTable.create(input.io, input.params),
    assignedAt: new Float64Array(input.io.workerCount),
  }),
  entry: 'assignAll',
  initial: 'running',
  states: {
    running: {
      on: {
        'grad.arrive': { actions: 'applyAndReassign' },
        'worker.hello': { actions: 'welcomeSender' },
      },
    },
  },
});

function assign(context: RescaledAsgdContext, worker: number): void {
  context.jobs.assigned(worker, context.io.iteration);
  context.assignedAt[worker] = context.io.now();
  context.io.assign(worker);
}

/**
 * Per-worker τ_i and the normaliser τ̄ over the workers that have one, kept incrementally: O(1)
 * per observation, O(n) only when the worker holding the maximum gets faster.
 */
class TauTable {
  readonly tau: Float64Array;
  private readonly observations: Float64Array;
  private readonly has: Uint8Array;
  private known = 0;
  /** Σ τ_i (mean) or Σ 1/τ_i (harmonic) over the workers with a τ_i. */
  private sum = 0;
  private maximum = 0;

  constructor(
    workerCount: number,
    private readonly normalizer: TauNormalizer,
  ) {
    this.tau = new Float64Array(workerCount);
    this.observations = new Float64Array(workerCount);
    this.has = new Uint8Array(workerCount);
  }

  /** The table for a run: every nominal τ_i (`known`), or empty (`estimated`, `cycle`). */
  static create(io: ServerIO, params: RescaledAsgdParams): TauTable {
    const table = new TauTable(io.workerCount, params.normalizer);
    if (params.tau === 'known') for (let w = 0; w < io.workerCount; w++) table.set(w, io.nominalTau(w));
    return table;
  }

  /** Counts one observed duration (seconds) of worker `worker` into its running mean. */
  observe(worker: number, seconds: number): void {
    const count = ++this.observations[worker];
    const before = this.tau[worker];
    this.set(worker, before + (seconds - before) / count);
  }

  /** τ̄, or 0 while no worker has a τ_i. */
  normalizerValue(): number {
    if (this.known === 0) return 0;
    switch (this.normalizer) {
      case 'mean':
        return this.sum / this.known;
      case 'harmonic':
        return this.known / this.sum;
      case 'max':
        return this.maximum;
    }
  }

  /** τ_i/τ̄; 1 while either is not positive (no observation yet, or zero durations). */
  ratio(worker: number): number {
    const bar = this.normalizerValue();
    const tau = this.tau[worker];
    return bar > 0 && tau > 0 ? tau / bar : 1;
  }

  private set(worker: number, value: number): void {
    const first = this.has[worker] === 0;
    const before = this.tau[worker];
    this.has[worker] = 1;
    this.tau[worker] = value;
    if (first) this.known++;
    if (this.normalizer === 'mean') this.sum += value - before;
    else if (this.normalizer === 'harmonic') this.sum += 1 / value - (first ? 0 : 1 / before);
    else if (value >= this.maximum) this.maximum = value;
    else if (before === this.maximum) this.maximum = maxOf(this.tau);
  }
}

function maxOf(values: Float64Array): number {
  let best = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > best) best = values[i];
  return best;
}

/**
 * Rescaled ASGD (`rescaled-asgd`): ASGD with step size ∝ τ_i, so every worker weighs the same: unbiased under heterogeneous data. Parameters: {@link RescaledAsgdParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const rescaledAsgd = defineMethod<RescaledAsgdParams, RescaledAsgdContext>({
  id: 'rescaled-asgd',
  title: 'Rescaled ASGD',
  summary: 'ASGD with step size ∝ τ_i, so every worker weighs the same: unbiased under heterogeneous data',
  source: 'Mahran, Maranjyan & Richtárik 2026 (ALGORITHMS §5.4)',
  rule: "ASGD in which a gradient from worker i moves the model by γ·τ_i/τ̄: worker i delivers about T/τ_i gradients in time T, so every worker contributes the same total step, and the iterates settle at a stationary point of f = (1/n) Σ f_i instead of vanilla ASGD’s 1/τ-weighted mixture (Mahran, Maranjyan & Richtárik 2026). The normalisation τ̄ is [D] (the paper was not read in full): a parameter.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of a worker whose τ_i equals τ̄ (dimensionless)', default: 'none: the best value depends on L and the noise, which a scenario does not state; tune it' },
    { name: "tau", meaning: "where τ_i comes from: known (the scenario’s nominal τ_i), estimated (running mean of observed computing times), cycle (running mean of observed assignment-to-arrival cycles, which removes the bias of link latency)", default: "known" },
    { name: "normalizer", meaning: "τ̄: mean, max or harmonic mean of the τ_i [D]", default: "mean" }
  ],
  bound: { formula: 'τ_n + τ_avg·s/n (leading term)', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => maleniaTime(h, s) },
  kit: "asgd-family",
  parseParams: (raw, path) => {
    return {
      stepSize: readStepSize(raw, path),
      tau: optional(raw.tau, `${path}.tau`, (v, p) => readOneOf(v, p, ['known', 'estimated', 'cycle'] as const), 'known'),
      normalizer: optional(raw.normalizer, `${path}.normalizer`, (v, p) => readOneOf(v, p, ['mean', 'max', 'harmonic'] as const), 'mean'),
    };
  },
  machine,
  waitingFor: (context) => ({ workers: context.jobs.busyWorkers(), what: 'any gradient' }),
});
