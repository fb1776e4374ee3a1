import { assertEvent, setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readBatchSize, readStaleWork, readStepSize, type StaleWork } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { GradientBatch } from './gradient-batch.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { rennalaTime } from '../../src/theory/fixed-model.ts';

export interface RennalaParams {
  readonly stepSize: number;
  /** S: fresh gradients per update. Default max(⌈σ²/ε⌉, 1). */
  readonly batchSize: number;
  /** `discard` (the original: let stale jobs finish, drop them) or `cancel` them at each step. */
  readonly staleWork: StaleWork;
}

interface RennalaContext {
  readonly io: ServerIO;
  readonly params: RennalaParams;
  readonly batch: GradientBatch;
  readonly jobs: WorkerJobs;
}

/**
 * Rennala SGD (Tyurin & Richtárik 2023, ALGORITHMS §3.1): minibatch SGD whose batch is collected
 * asynchronously. Every worker keeps computing at the current x^k; the server keeps the first S
 * gradients computed at x^k, discards any computed at an older iterate, then steps along their
 * mean. A worker whose gradient completes the batch is restarted at the new iterate (so at most
 * n − 1 stale jobs cross an iteration boundary); every other sender is restarted at x^k at once.
 */
const machine = setup({
  types: {} as { context: RennalaContext; events: ServerEvent; input: ServerMachineInput<RennalaParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) context.jobs.assign(context.io, w);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    collect: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.batch.add(event);
    },
    step: ({ context, event }) => {
      const { io, batch } = context;
      const weight = 1 / batch.gradients;
      batch.messages.forEach((message) => io.apply(message, weight * message.count));
      io.step(batch.sum, context.params.stepSize * weight);
      batch.clear();
      if (context.params.staleWork === 'cancel') restartOthers(context, event.worker);
    },
    releaseSender: ({ context, event }) => {
      if (event.type === 'grad.arrive' && context.jobs.completes(event.worker, event.tag)) context.jobs.assign(context.io, event.worker);
    },
    welcome: ({ context, event }) => {
      context.jobs.forget(event.worker);
      context.jobs.assign(context.io, event.worker);
    },
  },
  guards: {
    isStale: ({ context, event }) => event.type === 'grad.arrive' && event.tag !== context.io.iteration,
    completesBatch: ({ context, event }) =>
      event.type === 'grad.arrive' && context.batch.gradients + event.count >= context.params.batchSize,
  },
}).createMachine({
  id: 'rennala',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    batch: new GradientBatch(input.io.dimension),
    jobs: new WorkerJobs(input.io.workerCount),
  }),
  entry: 'assignAll',
  initial: 'collecting',
  states: {
    collecting: {
      on: {
        'grad.arrive': [
          { guard: 'isStale', actions: ['discard', 'releaseSender'] },
          { guard: 'completesBatch', actions: ['collect', 'step', 'releaseSender'] },
          { actions: ['collect', 'releaseSender'] },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});


/** `staleWork: cancel`: every other busy worker drops its now-stale job and restarts at x^{k+1}. */
function restartOthers(context: RennalaContext, sender: number): void {
  for (const w of context.jobs.busyWorkers()) {
    if (w === sender) continue;
    context.io.cancel(w);
    context.jobs.assign(context.io, w);
  }
}

/**
 * Rennala SGD (`rennala`): asynchronous batch collection at the current iterate; optimal for homogeneous data. Parameters: {@link RennalaParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const rennala = defineMethod<RennalaParams, RennalaContext>({
  id: 'rennala',
  title: 'Rennala SGD',
  summary: 'asynchronous batch collection at the current iterate; optimal for homogeneous data',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.1)',
  rule: "Minibatch SGD whose batch is collected asynchronously (Tyurin & Richtárik 2023): every worker keeps computing at the current iterate; the server keeps the first S gradients computed at x^k, discards any computed at an older iterate, then steps along their mean. Optimal for homogeneous data in the fixed computation model.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "batchSize", meaning: "S, fresh gradients per update (gradients)", default: "max(⌈σ²/ε⌉, 1) when the problem states σ² and the scenario has a ‖∇f‖² target ε; none otherwise" },
    { name: "staleWork", meaning: "jobs at an old iterate when the server steps: discard (let them finish, drop the result: the paper) or cancel them", default: "discard" }
  ],
  bound: { formula: 'min_m (mean_{i≤m} 1/τ)⁻¹(1 + s/m)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => rennalaTime(h, s).time },
  kit: "baselines",
  parseParams: (raw, path, context) => {
    return {
      stepSize: readStepSize(raw, path),
      batchSize: readBatchSize(raw, path, context, 1),
      staleWork: readStaleWork(raw, path, 'discard'),
    };
  },
  machine,
  waitingFor: (context) => ({
    workers: context.jobs.busyWorkers(),
    what: `${context.params.batchSize - context.batch.gradients} more fresh gradients for update ${context.io.iteration + 1}`,
  }),
});
