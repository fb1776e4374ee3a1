import { assertEvent, setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readBatchSize, readStaleWork, readStepSize, type StaleWork } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { PerWorkerBatch } from './gradient-batch.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { maleniaTime } from '../../src/theory/fixed-model.ts';

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
      const n = batch.workers;
      batch.messages.forEach((message) => io.apply(message, message.count / (n * batch.counts[message.worker])));
      batch.average(context.direction);
      io.step(context.direction, context.params.stepSize);
      batch.clear();
      if (context.params.staleWork === 'cancel') {
        for (const w of context.jobs.busyWorkers()) {
          if (w === event.worker) continue;
          io.cancel(w);
                    context.jobs.assign(context.io, w);
        }
      }
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


/**
 * Malenia SGD (`malenia`): per-worker averages weighted 1/n, harmonic-mean stopping rule; optimal for heterogeneous data. Parameters: {@link MaleniaParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const malenia = defineMethod<MaleniaParams, MaleniaContext>({
  id: 'malenia',
  title: 'Malenia SGD',
  summary: 'per-worker averages weighted 1/n, harmonic-mean stopping rule; optimal for heterogeneous data',
  source: 'Tyurin & Richtárik, NeurIPS 2023 (ALGORITHMS §3.2)',
  rule: "Rennala for heterogeneous data (Tyurin & Richtárik 2023): gradients are averaged per worker first and every worker weighs 1/n. The server collects at x^k until every worker has contributed and the harmonic mean of the counts B_i exceeds S/n, then steps along (1/n) Σ_i g_i/B_i. A dead worker stalls it for good.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "batchSize", meaning: "S in the stopping rule (1/n Σ 1/B_i)⁻¹ > S/n (gradients)", default: "max(⌈σ²/ε⌉, n) when the problem states σ² and the scenario has a ‖∇f‖² target; none otherwise" },
    { name: "staleWork", meaning: "jobs at an old iterate when the server steps: discard or cancel", default: "discard" }
  ],
  bound: { formula: 'τ_n + τ_avg·s/n', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => maleniaTime(h, s) },
  kit: "baselines",
  parseParams: (raw, path, context) => {
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
