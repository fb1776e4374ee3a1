import { setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readBatchSize, readParams, readStaleWork, readStepSize, type StaleWork } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { PerWorkerBatch } from './gradient-batch.ts';
import { WorkerJobs } from './worker-jobs.ts';

export interface MaleniaParams {
  readonly stepSize: number;
  /** S in the stopping rule (1/n Σ 1/B_i)^{-1} > S/n. Default max(⌈σ²/ε⌉, n). */
  readonly batchSize: number;
  /** What happens to jobs at an old iterate when the server steps. Default `discard`. */
  readonly staleWork: StaleWork;
}

interface MaleniaContext {
  readonly io: ServerIO;
  readonly params: MaleniaParams;
  readonly batch: PerWorkerBatch;
  readonly jobs: WorkerJobs;
  readonly direction: Float64Array;
}

/**
 * Malenia SGD (Tyurin & Richtárik 2023, ALGORITHMS §3.2), for heterogeneous data: like Rennala,
 * but gradients are averaged per worker first and every worker weighs 1/n. The server collects
 * at x^k until every worker has contributed and the harmonic mean of the counts B_i exceeds S/n,
 * then steps along (1/n) Σ_i g_i / B_i. A dead worker stalls it forever.
 */
const machine = setup({
  types: {} as { context: MaleniaContext; events: ServerEvent; input: ServerMachineInput<MaleniaParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) assign(context, w);
    },
    discard: ({ context, event }) => context.io.discard(event as GradientMessage),
    collect: ({ context, event }) => context.batch.add(event as GradientMessage),
    step: ({ context, event }) => {
      const { io, batch } = context;
      const n = batch.workers;
      batch.messages.forEach((message) => io.apply(message, message.count / (n * batch.counts[message.worker])));
      batch.average(context.direction);
      io.step(context.direction, context.params.stepSize);
      batch.clear();
      if (context.params.staleWork === 'cancel') {
        for (const w of context.jobs.busyWorkers()) {
          if (w === event.worker) continue;
          io.cancel(w);
                    assign(context, w);
        }
      }
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
    /** The harmonic-mean rule, evaluated after the arriving gradient would be counted. */
    stopsCollecting: ({ context, event }) =>
      event.type === 'grad.arrive' &&
      context.batch.harmonicMeanWith(event.worker, event.count) > context.params.batchSize / context.batch.workers,
  },
}).createMachine({
  id: 'malenia',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    batch: new PerWorkerBatch(input.io.workerCount, input.io.dimension),
    jobs: new WorkerJobs(input.io.workerCount),
    direction: new Float64Array(input.io.dimension),
  }),
  entry: 'assignAll',
  initial: 'collecting',
  states: {
    collecting: {
      on: {
        'grad.arrive': [
          { guard: 'isStale', actions: ['discard', 'releaseSender'] },
          { guard: 'stopsCollecting', actions: ['collect', 'step', 'releaseSender'] },
          { actions: ['collect', 'releaseSender'] },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

function assign(context: MaleniaContext, worker: number): void {
  context.jobs.assigned(worker, context.io.iteration);
  context.io.assign(worker);
}

export const malenia = defineMethod<MaleniaParams, MaleniaContext>({
  id: 'malenia',
  title: 'Malenia SGD',
  summary: 'per-worker averages weighted 1/n, harmonic-mean stopping rule; optimal for heterogeneous data',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.2)',
  parseParams: (raw, path, context) => {
    readParams(raw, path, ['stepSize', 'batchSize', 'staleWork']);
    return {
      stepSize: readStepSize(raw, path),
      batchSize: readBatchSize(raw, path, context, context.workerCount),
      staleWork: readStaleWork(raw, path, 'discard'),
    };
  },
  machine,
  waitingFor: (context) => {
    const missing = context.batch.missingWorkers();
    if (missing.length > 0) return { workers: missing, what: `a first gradient at x^${context.io.iteration}`, needs: 'all' };
    // The rule (1/n Σ 1/B_i)⁻¹ > S/n may need more from particular workers: with every other
    // count fixed, worker j alone can satisfy it iff n / Σ_{i≠j} 1/B_i > S/n.
    const { batch } = context;
    const n = batch.workers;
    let inverse = 0;
    for (let i = 0; i < n; i++) inverse += 1 / batch.counts[i];
    const able = context.jobs.busyWorkers().filter((j) => n / (inverse - 1 / batch.counts[j]) > context.params.batchSize / n);
    return { workers: able.length > 0 ? able : context.jobs.busyWorkers(), what: `more gradients at x^${context.io.iteration} (harmonic-mean rule)` };
  },
});
