import { setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readBatchSize, readParams, readStaleWork, readStepSize, type StaleWork } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { GradientBatch } from './gradient-batch.ts';
import { WorkerJobs } from './worker-jobs.ts';

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
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) assign(context, w);
    },
    discard: ({ context, event }) => context.io.discard(event as GradientMessage),
    collect: ({ context, event }) => context.batch.add(event as GradientMessage),
    step: ({ context, event }) => {
      const { io, batch } = context;
      const weight = 1 / batch.gradients;
      batch.messages.forEach((message) => io.apply(message, weight * message.count));
      io.step(batch.sum, context.params.stepSize * weight);
      batch.clear();
      if (context.params.staleWork === 'cancel') restartOthers(context, event.worker);
    },
    releaseSender: ({ context, event }) => {
      if (event.type === 'grad.arrive' && context.jobs.completes(event.worker, event.tag)) assign(context, event.worker);
    },
    welcome: ({ context, event }) => {
      context.jobs.forget(event.worker);
      assign(context, event.worker);
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

function assign(context: RennalaContext, worker: number): void {
  context.jobs.assigned(worker, context.io.iteration);
  context.io.assign(worker);
}

/** `staleWork: cancel`: every other busy worker drops its now-stale job and restarts at x^{k+1}. */
function restartOthers(context: RennalaContext, sender: number): void {
  for (const w of context.jobs.busyWorkers()) {
    if (w === sender) continue;
    context.io.cancel(w);
    assign(context, w);
  }
}

export const rennala = defineMethod<RennalaParams, RennalaContext>({
  id: 'rennala',
  title: 'Rennala SGD',
  summary: 'asynchronous batch collection at the current iterate; optimal for homogeneous data',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.1)',
  parseParams: (raw, path, context) => {
    readParams(raw, path, ['stepSize', 'batchSize', 'staleWork']);
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
