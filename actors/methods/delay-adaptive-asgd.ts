import { setup } from 'xstate';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { asgdTime } from '../../src/theory/fixed-model.ts';

export interface DelayAdaptiveAsgdParams {
  /** γ: the step size of a gradient whose delay is at most n. */
  readonly stepSize: number;
}

interface DelayAdaptiveAsgdContext {
  readonly io: ServerIO;
  readonly params: DelayAdaptiveAsgdParams;
  readonly jobs: WorkerJobs;
}

/**
 * Delay-adaptive asynchronous SGD, the Mishchenko–Bach–Even–Woodworth rule as both public
 * codebases implement it (ALGORITHMS §2.4, `[V-code]`): vanilla ASGD in which the gradient
 * arriving at update k moves the model by γ_k = γ·n/max(n, δ_k), where δ_k = k − tag is its delay
 * in server iterations (updates since its job was dispatched, i.e. since its sender's last
 * update) and n is the scenario's number of workers (present or not). So γ_k = γ while δ_k ≤ n
 * and γ_k ∝ 1/δ_k beyond; γ_k ≤ γ and γ_k·max(n, δ_k) = nγ. Nothing is discarded.
 *
 * The step size of each update is the `value` of its `modelStep` trace record.
 */
const machine = setup({
  types: {} as { context: DelayAdaptiveAsgdContext; events: ServerEvent; input: ServerMachineInput<DelayAdaptiveAsgdParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) context.jobs.assign(context.io, w);
    },
    applyAndReassign: ({ context, event }) => {
      if (event.type !== 'grad.arrive') return;
      const { io } = context;
      io.apply(event, 1);
      io.step(event.grad, delayAdaptiveStepSize(context.params.stepSize, io.workerCount, io.iteration - event.tag));
      if (context.jobs.completes(event.worker, event.tag)) context.jobs.assign(context.io, event.worker);
    },
    welcomeSender: ({ context, event }) => {
      // A hello means the worker holds no model: whatever it was computing is gone.
      context.jobs.forget(event.worker);
      context.jobs.assign(context.io, event.worker);
    },
  },
}).createMachine({
  id: 'delay-adaptive-asgd',
  context: ({ input }) => ({ io: input.io, params: input.params, jobs: new WorkerJobs(input.io.workerCount) }),
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


/** γ·n/max(n, δ): the full step size up to a delay of n updates, ∝ 1/δ beyond. */
export function delayAdaptiveStepSize(stepSize: number, workers: number, delay: number): number {
  return delay <= workers ? stepSize : (stepSize * workers) / delay;
}

/**
 * Delay-adaptive ASGD (`delay-adaptive-asgd`): ASGD whose step size shrinks as γ·n/δ for gradients more than n updates stale. Parameters: {@link DelayAdaptiveAsgdParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const delayAdaptiveAsgd = defineMethod<DelayAdaptiveAsgdParams, DelayAdaptiveAsgdContext>({
  id: 'delay-adaptive-asgd',
  title: 'Delay-adaptive ASGD',
  summary: 'ASGD whose step size shrinks as γ·n/δ for gradients more than n updates stale',
  source: 'Mishchenko, Bach, Even & Woodworth 2022, rule as coded (ALGORITHMS §2.4)',
  rule: "ASGD whose step shrinks with the delay (Mishchenko, Bach, Even & Woodworth 2022, as both public codebases implement it): the gradient arriving at update k moves the model by γ·n/max(n, δ_k), δ_k its delay in updates. So γ while δ_k ≤ n, ∝ 1/δ_k beyond; nothing is discarded.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of a gradient whose delay is at most n (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it' }
  ],
  bound: { formula: '(mean 1/τ)⁻¹(1 + s/n)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => asgdTime(h, s) },
  kit: "asgd-family",
  parseParams: (raw, path) => {
    return { stepSize: readStepSize(raw, path) };
  },
  machine,
  waitingFor: (context) => ({ workers: context.jobs.busyWorkers(), what: 'any gradient' }),
});
