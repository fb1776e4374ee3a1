import { assertEvent, setup } from 'xstate';
import { optional, readOneOf } from '../../src/input/fields.ts';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readBatchSize, readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { rennalaTime } from '../../src/theory/fixed-model.ts';

/** `ignore`: Algorithm 4, drop too-stale gradients on arrival; `stop`: Algorithm 5, cancel jobs bound to become too stale. */
export type RingmasterVariant = 'ignore' | 'stop';

export interface RingmasterParams {
  readonly stepSize: number;
  /** R: a gradient is applied only if fewer than R updates happened since its model. Default max(1, ⌈σ²/ε⌉). */
  readonly threshold: number;
  /** Default `ignore`. */
  readonly variant: RingmasterVariant;
}

interface RingmasterContext {
  readonly io: ServerIO;
  readonly params: RingmasterParams;
  readonly jobs: WorkerJobs;
  /** c_i of Algorithm 5: server updates since worker i's current job was assigned (kept in both variants). */
  readonly counters: Int32Array;
}

/**
 * Ringmaster ASGD (Maranjyan, Tyurin & Richtárik 2025, ALGORITHMS §5.1): asynchronous SGD that
 * never applies a gradient whose delay (updates since the model it was computed at) is R or
 * more. On every arrival the gradient is applied (x ← x − γ·g) iff its delay is < R, else
 * discarded, and its sender restarts at the current model either way.
 *
 * - `variant: 'ignore'` is Algorithm 4 [R]. With R larger than any delay it is `asgd` step for
 *   step; R = maxDelay + 1 is `asgd` with `maxDelay`.
 * - `variant: 'stop'` is Algorithm 5 as coded [V-code]: after each update every busy worker's
 *   counter c_i grows by one (the sender's restarts at 0), and each worker whose counter reaches
 *   R has its job cancelled and restarts at the current model. With free links no gradient then
 *   arrives with delay ≥ R; a result already on the wire when the cancel is sent still arrives:
 *   it is discarded, and `WorkerJobs` keeps the worker from being given a second job for it.
 *   A job lost on a link is re-sent by the same rule after R updates.
 *
 * Parameters for the [R]-tagged constants: `threshold` is R, default max(1, ⌈σ²/ε⌉) [R] when
 * the problem states σ² and the scenario a ‖∇f‖² target ε (required otherwise). The theory's
 * γ = min{1/(2RL), ε/(4Lσ²)} [R] needs L, which a scenario does not state, so `stepSize` is
 * required. Dead workers do not stop it (§7.3).
 */
const machine = setup({
  types: {} as { context: RingmasterContext; events: ServerEvent; input: ServerMachineInput<RingmasterParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) assign(context, w);
    },
    applyAndStep: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      context.io.apply(message, 1);
      context.io.step(message.grad, context.params.stepSize);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    /** Algorithm 5: c_j += 1 for every worker the server waits on (the sender is reset when restarted). */
    countUpdate: ({ context }) => {
      const { jobs, counters } = context;
      for (let w = 0; w < counters.length; w++) if (jobs.isBusy(w)) counters[w]++;
    },
    releaseSender: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      if (context.jobs.completes(message.worker, message.tag)) assign(context, message.worker);
    },
    /** Algorithm 5: cancel and restart, at the current model, every job R updates old. */
    stopStaleJobs: ({ context }) => {
      const { jobs, counters, io } = context;
      const threshold = context.params.threshold;
      for (let w = 0; w < counters.length; w++) {
        if (!jobs.isBusy(w) || counters[w] < threshold) continue;
        io.cancel(w);
        assign(context, w);
      }
    },
    welcome: ({ context, event }) => {
      // A hello means the worker holds no model: whatever it was computing is gone.
      context.jobs.forget(event.worker);
      assign(context, event.worker);
    },
  },
  guards: {
    tooStale: ({ context, event }) =>
      event.type === 'grad.arrive' && context.io.iteration - event.tag >= context.params.threshold,
    stopsJobs: ({ context }) => context.params.variant === 'stop',
  },
}).createMachine({
  id: 'ringmaster',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    jobs: new WorkerJobs(input.io.workerCount),
    counters: new Int32Array(input.io.workerCount),
  }),
  entry: 'assignAll',
  initial: 'running',
  states: {
    running: {
      on: {
        'grad.arrive': [
          { guard: 'tooStale', actions: ['discard', 'releaseSender'] },
          { guard: 'stopsJobs', actions: ['applyAndStep', 'countUpdate', 'releaseSender', 'stopStaleJobs'] },
          { actions: ['applyAndStep', 'releaseSender'] },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

function assign(context: RingmasterContext, worker: number): void {
  context.jobs.assigned(worker, context.io.iteration);
  context.counters[worker] = 0;
  context.io.assign(worker);
}

/**
 * Ringmaster ASGD (`ringmaster`): asynchronous SGD that ignores (or stops) gradients R or more updates stale; optimal for homogeneous data. Parameters: {@link RingmasterParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const ringmaster = defineMethod<RingmasterParams, RingmasterContext>({
  id: 'ringmaster',
  title: 'Ringmaster ASGD',
  summary: 'asynchronous SGD that ignores (or stops) gradients R or more updates stale; optimal for homogeneous data',
  source: 'Maranjyan, Tyurin & Richtárik, ICML 2025 (ALGORITHMS §5.1)',
  rule: "Asynchronous SGD that never applies a gradient R or more updates stale (Maranjyan, Tyurin & Richtárik 2025): each arrival is applied iff its delay is < R, else discarded, and its sender restarts at the current model. The stop variant also cancels any job R updates old. Optimal for homogeneous data.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "threshold", meaning: "R, the delay (updates) from which a gradient is ignored", default: "max(1, ⌈σ²/ε⌉) [R] when the problem states σ² and the scenario has a ‖∇f‖² target; none otherwise" },
    { name: "variant", meaning: "ignore (Algorithm 4 [R]: stale gradients are discarded on arrival) or stop (Algorithm 5 as coded: jobs R updates old are cancelled)", default: "ignore" }
  ],
  bound: { formula: 'min_m (mean_{i≤m} 1/τ)⁻¹(1 + s/m)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => rennalaTime(h, s).time },
  kit: "ringmaster-family",
  parseParams: (raw, path, context) => {
    return {
      stepSize: readStepSize(raw, path),
      threshold: readBatchSize(raw, path, context, 1, 'threshold'),
      variant: optional(raw.variant, `${path}.variant`, (v, p) => readOneOf(v, p, ['ignore', 'stop'] as const), 'ignore'),
    };
  },
  machine,
  waitingFor: (context) => ({ workers: context.jobs.busyWorkers(), what: 'any gradient' }),
});
