import { assertEvent, setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { ia2sgdTime } from '../../src/theory/fixed-model.ts';

export interface Ia2sgdParams {
  readonly stepSize: number;
}

/**
 * IA²SGD's gradient table: the latest gradient G_i of every worker (a copy), and their mean m,
 * maintained incrementally (m ← m + (g − G_i)/n) once the table is full.
 */
export class GradientTable {
  readonly entries: Float64Array[];
  readonly filled: Uint8Array;
  /** m = (1/n) Σ_i G_i, valid once {@link complete} (set by {@link resetMean}, then kept by {@link replace}). */
  readonly mean: Float64Array;
  private missing: number;

  constructor(readonly workers: number, dimension: number) {
    this.entries = Array.from({ length: workers }, () => new Float64Array(dimension));
    this.filled = new Uint8Array(workers);
    this.mean = new Float64Array(dimension);
    this.missing = workers;
  }

  /** Every worker has an entry. */
  complete(): boolean {
    return this.missing === 0;
  }

  /** Would storing a gradient from `worker` fill the table? */
  fillsWith(worker: number): boolean {
    return this.missing === 1 && this.filled[worker] === 0;
  }

  /** G_i ← g (warm-up: the mean is not kept). */
  store(worker: number, grad: Float64Array): void {
    if (this.filled[worker] === 0) {
      this.filled[worker] = 1;
      this.missing--;
    }
    this.entries[worker].set(grad);
  }

  /** m ← (1/n) Σ_i G_i. */
  resetMean(): void {
    this.recomputeInto(this.mean);
  }

  /** m ← m + (g − G_i)/n; G_i ← g. O(d). */
  replace(worker: number, grad: Float64Array): void {
    const entry = this.entries[worker];
    const mean = this.mean;
    const inverse = 1 / this.workers;
    for (let j = 0; j < mean.length; j++) {
      mean[j] += (grad[j] - entry[j]) * inverse;
      entry[j] = grad[j];
    }
  }

  /** (1/n) Σ_i G_i computed afresh (tests compare it with the incremental {@link mean}). */
  recomputedMean(): Float64Array {
    return this.recomputeInto(new Float64Array(this.mean.length));
  }

  /** Workers without an entry, ascending. */
  missingWorkers(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.workers; w++) if (this.filled[w] === 0) out.push(w);
    return out;
  }

  private recomputeInto(out: Float64Array): Float64Array {
    out.fill(0);
    const inverse = 1 / this.workers;
    for (const entry of this.entries) for (let j = 0; j < out.length; j++) out[j] += entry[j] * inverse;
    return out;
  }
}

interface Ia2sgdContext {
  readonly io: ServerIO;
  readonly params: Ia2sgdParams;
  readonly jobs: WorkerJobs;
  readonly table: GradientTable;
  /** Per worker, the message whose gradient is G_i while it has not yet taken part in an update. */
  readonly unapplied: (GradientMessage | undefined)[];
  /** Workers with an unapplied entry, in the order the entries arrived. */
  unappliedWorkers: number[];
}

/**
 * IA²SGD / DuDe-ASGD (Wang, Sun, Wai & Zhang, ALGORITHMS §5.3), for heterogeneous data: the
 * server keeps the latest gradient of every worker and steps along their mean on every arrival.
 *
 * - Warm-up (state `warmingUp`): until every worker has an entry, an arrival replaces its
 *   sender's entry and the sender restarts at the same x; no update. As coded [V-code], the
 *   arrival that fills the table makes no update either.
 * - Then (state `running`), each arrival g from worker i: m ← m + (g − G_i)/n, G_i ← g,
 *   x ← x − γ m, and i restarts at the new x. O(d) per arrival.
 *
 * Entries are copies (message.grad is recycled after delivery). A dead worker's entry freezes and
 * the run goes on, biased (§7.3); a worker that never delivers at all stalls the warm-up.
 *
 * Accounting, as for Ringleader: a gradient is `apply`-ed once, in the first update it takes part
 * in, with weight 1/n (b_i = 1: entries are replaced, never summed). The first update therefore
 * records every entry, later ones only the arriving gradient. An entry replaced before it took
 * part in any update (warm-up, or the sender of the first update) is `discard`-ed.
 * `ia2sgdTable` exposes the table for tests.
 */
const machine = setup({
  types: {} as { context: Ia2sgdContext; events: ServerEvent; input: ServerMachineInput<Ia2sgdParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) context.jobs.assign(context.io, w);
    },
    store: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      remember(context, message);
      context.table.store(message.worker, message.grad);
    },
    startMean: ({ context }) => context.table.resetMean(),
    replaceAndStep: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      const { io, table } = context;
      remember(context, message);
      table.replace(message.worker, message.grad);
      const weight = 1 / table.workers;
      for (const w of context.unappliedWorkers) {
        io.apply(context.unapplied[w]!, weight);
        context.unapplied[w] = undefined;
      }
      context.unappliedWorkers = [];
      io.step(table.mean, context.params.stepSize);
    },
    releaseSender: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      if (context.jobs.completes(message.worker, message.tag)) context.jobs.assign(context.io, message.worker);
    },
    welcome: ({ context, event }) => {
      context.jobs.forget(event.worker);
      context.jobs.assign(context.io, event.worker);
    },
  },
  guards: {
    fillsTable: ({ context, event }) => event.type === 'grad.arrive' && context.table.fillsWith(event.worker),
  },
}).createMachine({
  id: 'ia2sgd',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    jobs: new WorkerJobs(input.io.workerCount),
    table: new GradientTable(input.io.workerCount, input.io.dimension),
    unapplied: new Array<GradientMessage | undefined>(input.io.workerCount).fill(undefined),
    unappliedWorkers: [],
  }),
  entry: 'assignAll',
  initial: 'warmingUp',
  states: {
    warmingUp: {
      on: {
        'grad.arrive': [
          { guard: 'fillsTable', target: 'running', actions: ['store', 'startMean', 'releaseSender'] },
          { actions: ['store', 'releaseSender'] },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
    running: {
      on: {
        'grad.arrive': { actions: ['replaceAndStep', 'releaseSender'] },
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});


/** `message` becomes its sender's entry; the entry it replaces is discarded if it never took part in an update. */
function remember(context: Ia2sgdContext, message: GradientMessage): void {
  const w = message.worker;
  const previous = context.unapplied[w];
  if (previous !== undefined) context.io.discard(previous);
  else context.unappliedWorkers.push(w);
  context.unapplied[w] = message;
}

/** The gradient table of an IA²SGD server's context (for tests and tools); undefined for any other context. */
export function ia2sgdTable(context: unknown): GradientTable | undefined {
  if (typeof context !== 'object' || context === null || !('table' in context)) return undefined;
  return context.table instanceof GradientTable ? context.table : undefined;
}

/**
 * IA²SGD (`ia2sgd`): steps on every arrival along the mean of every worker’s latest gradient; heterogeneous data, not optimal. Parameters: {@link Ia2sgdParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const ia2sgd = defineMethod<Ia2sgdParams, Ia2sgdContext>({
  id: 'ia2sgd',
  title: 'IA²SGD',
  summary: 'steps on every arrival along the mean of every worker’s latest gradient; heterogeneous data, not optimal',
  source: 'Wang, Sun, Wai & Zhang, arXiv 2405.16966 (ALGORITHMS §5.3)',
  rule: "The server keeps the latest gradient of every worker and, once every worker has one, steps along their mean on every arrival (Wang, Sun, Wai & Zhang 2024). Heterogeneous data, not optimal; a dead worker’s entry freezes and the run goes on, biased.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' }
  ],
  bound: { formula: 'τ_n + τ_n·s/n', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => ia2sgdTime(h, s) },
  kit: "ringmaster-family",
  parseParams: (raw, path) => {
    return { stepSize: readStepSize(raw, path) };
  },
  machine,
  waitingFor: (context) =>
    context.table.complete()
      ? { workers: context.jobs.busyWorkers(), what: 'any gradient' }
      : {
          workers: context.table.missingWorkers(),
          what: `a first gradient from every worker (warm-up: IA²SGD makes no update until all ${context.table.workers} have delivered)`,
        },
});
