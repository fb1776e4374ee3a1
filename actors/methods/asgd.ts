import { setup } from 'xstate';
import { optional, readInteger } from '../../src/input/fields.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { asgdTime } from '../../src/theory/fixed-model.ts';

export interface AsgdParams {
  readonly stepSize: number;
  /** Gradients staler than this many updates are discarded (Tyurin's library uses n). Default ∞. */
  readonly maxDelay: number;
}

interface AsgdContext {
  readonly io: ServerIO;
  readonly params: AsgdParams;
  readonly jobs: WorkerJobs;
}

/**
 * Vanilla asynchronous SGD (ALGORITHMS §2.3): apply every arriving gradient at once,
 * x ← x − γ·g, and hand its sender the newest model. Optional `maxDelay` is the
 * "apply only if delay ≤ n" variant of Tyurin's library.
 */
const machine = setup({
  types: {} as { context: AsgdContext; events: ServerEvent; input: ServerMachineInput<AsgdParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) {
        if (context.io.presentAtStart(w)) context.jobs.assign(context.io, w);
      }
    },
    applyAndReassign: ({ context, event }) => {
      if (event.type !== 'grad.arrive') return;
      context.io.apply(event, 1);
      context.io.step(event.grad, context.params.stepSize);
      if (context.jobs.completes(event.worker, event.tag)) context.jobs.assign(context.io, event.worker);
    },
    discardAndReassign: ({ context, event }) => {
      if (event.type !== 'grad.arrive') return;
      context.io.discard(event);
      if (context.jobs.completes(event.worker, event.tag)) context.jobs.assign(context.io, event.worker);
    },
    welcomeSender: ({ context, event }) => {
      // A hello means the worker holds no model: whatever it was computing is gone.
      context.jobs.forget(event.worker);
      context.jobs.assign(context.io, event.worker);
    },
  },
  guards: {
    tooStale: ({ context, event }) =>
      event.type === 'grad.arrive' && context.io.iteration - event.tag > context.params.maxDelay,
  },
}).createMachine({
  id: 'asgd',
  context: ({ input }) => ({ io: input.io, params: input.params, jobs: new WorkerJobs(input.io.workerCount) }),
  entry: 'assignAll',
  initial: 'running',
  states: {
    running: {
      on: {
        'grad.arrive': [{ guard: 'tooStale', actions: 'discardAndReassign' }, { actions: 'applyAndReassign' }],
        'worker.hello': { actions: 'welcomeSender' },
      },
    },
  },
});


/**
 * Asynchronous SGD (`asgd`): apply every gradient on arrival; uses every worker, however slow (the classic baseline). Parameters: {@link AsgdParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const asgd = defineMethod<AsgdParams, AsgdContext>({
  id: 'asgd',
  title: 'Asynchronous SGD',
  summary: 'apply every gradient on arrival; uses every worker, however slow (the classic baseline)',
  source: 'Koloskova et al. 2022; Mishchenko et al. 2022 (ALGORITHMS §2.3)',
  rule: "Vanilla asynchronous SGD: every arriving gradient is applied at once, x ← x − γ·g, and its sender gets the newest model. Optionally, a gradient more than maxDelay updates stale is discarded instead.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "maxDelay", meaning: "gradients staler than this many updates are discarded (updates since the model the gradient was computed at)", default: "∞ (nothing is discarded)" }
  ],
  bound: { formula: '(mean 1/τ)⁻¹(1 + s/n)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => asgdTime(h, s) },
  kit: "baselines",
  parseParams: (raw, path) => {
    return {
      stepSize: readStepSize(raw, path),
      maxDelay: optional(raw.maxDelay, `${path}.maxDelay`, (v, p) => readInteger(v, p, 0), Infinity),
    };
  },
  machine,
  waitingFor: (context) => ({ workers: context.jobs.busyWorkers(), what: 'any gradient' }),
});
