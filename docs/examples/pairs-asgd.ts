import { assertEvent, setup } from 'xstate';
import type { ServerEvent } from '../../actors/messages.ts';
import { defineMethod, type ServerMachineInput } from '../../actors/method-definition.ts';
import { readStepSize } from '../../actors/method-params.ts';
import type { ServerIO } from '../../actors/server-io.ts';
import { GradientBatch } from '../../actors/methods/gradient-batch.ts';
import { WorkerJobs } from '../../actors/methods/worker-jobs.ts';

export interface PairsAsgdParams {
  readonly stepSize: number;
}

interface PairsAsgdContext {
  readonly io: ServerIO;
  readonly params: PairsAsgdParams;
  /** The gradient waiting for a partner (GradientBatch copies it: message.grad is recycled). */
  readonly batch: GradientBatch;
  readonly jobs: WorkerJobs;
}

/**
 * Pairs ASGD, the example of docs/writing-a-method.md: asynchronous SGD that steps along the
 * mean of every two gradients that arrive, whatever iterate they were computed at, and restarts
 * each sender at once at the newest model.
 */
const machine = setup({
  types: {} as { context: PairsAsgdContext; events: ServerEvent; input: ServerMachineInput<PairsAsgdParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) context.jobs.assign(context.io, w);
    },
    keep: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.batch.add(event);
    },
    stepOnPair: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const { io, batch } = context;
      batch.add(event);
      batch.messages.forEach((message) => io.apply(message, message.count / batch.gradients));
      io.step(batch.sum, context.params.stepSize / batch.gradients);
      batch.clear();
    },
    releaseSender: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      if (context.jobs.completes(event.worker, event.tag)) context.jobs.assign(context.io, event.worker);
    },
    welcome: ({ context, event }) => {
      assertEvent(event, 'worker.hello');
      context.jobs.forget(event.worker);
      context.jobs.assign(context.io, event.worker);
    },
  },
  guards: {
    completesPair: ({ context }) => context.batch.gradients >= 1,
  },
}).createMachine({
  id: 'pairs-asgd',
  context: ({ input }) => ({ io: input.io, params: input.params, batch: new GradientBatch(input.io.dimension), jobs: new WorkerJobs(input.io.workerCount) }),
  entry: 'assignAll',
  initial: 'running',
  states: {
    running: {
      on: {
        // Named guards and actions, no target: the engine runs these on its compiled fast path.
        'grad.arrive': [{ guard: 'completesPair', actions: ['stepOnPair', 'releaseSender'] }, { actions: ['keep', 'releaseSender'] }],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});


/** Pairs ASGD (`pairs-asgd`): the example method of docs/writing-a-method.md. */
export const pairsAsgd = defineMethod<PairsAsgdParams, PairsAsgdContext>({
  id: 'pairs-asgd',
  title: 'Pairs ASGD',
  summary: 'asynchronous SGD stepping along the mean of every two gradients that arrive',
  source: 'the example of docs/writing-a-method.md',
  rule: 'Every worker computes at the newest model it was given; the server keeps one arriving gradient and, when the next arrives, steps along the mean of the two. Each sender restarts at once at the newest model.',
  parameters: [{ name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the best value depends on L and the noise; tune it' }],
  kit: 'example',
  parseParams: (raw, path) => ({ stepSize: readStepSize(raw, path) }),
  machine,
  waitingFor: (context) => ({ workers: context.jobs.busyWorkers(), what: `${2 - context.batch.gradients} more gradients for update ${context.io.iteration + 1}` }),
});
