import { assertEvent, setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { PerWorkerBatch } from './gradient-batch.ts';
import { WorkerJobs } from './worker-jobs.ts';
import { maleniaTime } from '../../src/theory/fixed-model.ts';

export interface RingleaderParams {
  readonly stepSize: number;
}

interface RingleaderContext {
  readonly io: ServerIO;
  readonly params: RingleaderParams;
  readonly jobs: WorkerJobs;
  readonly tables: RingleaderTables;
  /** Per worker, 1 once it has owned its update of the current round (Phase 2). */
  readonly owned: Uint8Array;
  /** Updates made in the current round (0 during Phase 1). */
  updates: number;
  /** The current round, from 0. */
  round: number;
  /** ḡ = (1/n) Σ_i G_i/b_i over the main table, kept up to date during Phase 2. */
  readonly direction: Float64Array;
}

/**
 * The main and temporary tables: per worker, the sum of the gradients it sent (copies) and
 * their count b_i, and the messages whose gradients are in the sum but have not yet taken
 * part in an update.
 */
class RingleaderTables {
  main: PerWorkerBatch;
  temp: PerWorkerBatch;

  constructor(workers: number, dimension: number) {
    this.main = new PerWorkerBatch(workers, dimension);
    this.temp = new PerWorkerBatch(workers, dimension);
  }

  /** MAIN := TEMP; TEMP := empty (the old main entries are dropped). Swaps buffers, copies nothing. */
  promote(): void {
    const old = this.main;
    this.main = this.temp;
    this.temp = old;
    this.temp.clear();
  }
}

/**
 * Ringleader ASGD (Maranjyan & Richtárik, ICLR 2026, ALGORITHMS §5.2), for heterogeneous data:
 * no idle worker, no discarded gradient, every worker weighs 1/n. The server keeps, per worker,
 * a main entry (G_i, b_i) = (sum, count) and a temporary one, and works in rounds:
 *
 * - Phase 1 (state `collecting`): no updates. Each arrival is added to its sender's main entry
 *   and the sender restarts at the same x, until every worker has b_i ≥ 1. The worker whose
 *   gradient completes the table is not restarted at the old x: it gets the x of the first update.
 * - Phase 2 (state `updating`): exactly n updates, one owned by each worker. The first is made
 *   on entry (x ← x − γ ḡ, ḡ = (1/n) Σ_i G_i/b_i) and owned by that last finisher. Then an
 *   arrival from a worker that has not owned an update this round is added to its main entry,
 *   triggers an update along the recomputed ḡ, and its sender gets the new x; an arrival from a
 *   worker that has is added to its temporary entry and the sender gets the current x.
 * - After the n-th update, MAIN := TEMP and TEMP := empty, and Phase 1 starts again (workers with
 *   a temporary entry count as arrived).
 *
 * n is the number of workers in the scenario, so a worker that has not joined yet, or is dead,
 * stalls Phase 1 (or Phase 2, if it still owes its update) for good (§7.3); `waitingFor` names it.
 * A worker that says hello (joined, or back from a crash) is given a job at the current x and
 * keeps its table entries.
 *
 * Accounting: a gradient is `apply`-ed once, in the first update it contributes to, with weight
 * count/(n·b_i) (b_i its entry's count at that update); the later updates of the round reuse it
 * without recording it again. A round's first update therefore records every main-table
 * gradient (weights summing to 1) and each other update the one gradient that triggered it.
 * Gradients waiting in a table count as in flight. ḡ is updated in O(d) per Phase 2 arrival and
 * recomputed from the table at each round's first update, so rounding drift lasts one round.
 * The stepsize γ = min{1/(8nL), εB/(10Lσ²)} of the paper is from a secondary summary and needs
 * L and B, so `stepSize` is required.
 */
const machine = setup({
  types: {} as { context: RingleaderContext; events: ServerEvent; input: ServerMachineInput<RingleaderParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.io.presentAtStart(w)) context.jobs.assign(context.io, w);
    },
    addToMain: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.tables.main.add(event);
    },
    addToTemp: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.tables.temp.add(event);
    },
    /** The round's first update, on the whole main table, owned by the worker that completed it. */
    openRound: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const { io, tables, direction } = context;
      const main = tables.main;
      const n = main.workers;
      main.messages.forEach((message) => io.apply(message, message.count / (n * main.counts[message.worker])));
      main.messages.clear();
      main.average(direction);
      io.step(direction, context.params.stepSize);
      context.owned.fill(0);
      context.updates = 1;
      own(context, event);
    },
    /** An update owned by the arriving worker: its gradient joins its main entry first. */
    ownedUpdate: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      const { io, tables, direction } = context;
      const main = tables.main;
      const n = main.workers;
      const w = message.worker;
      // ḡ changes by (G_i'/b_i' − G_i/b_i)/n = (g − c·G_i/b_i)/(n·b_i'), with c = message.count.
      const sum = main.sums[w];
      const grad = message.grad;
      const before = main.counts[w];
      const after = before + message.count;
      const keep = message.count / before;
      const scale = 1 / (n * after);
      for (let j = 0; j < direction.length; j++) direction[j] += scale * (grad[j] - keep * sum[j]);
      main.add(message);
      io.apply(message, message.count / (n * after));
      main.messages.clear();
      io.step(direction, context.params.stepSize);
      context.updates++;
      own(context, message);
    },
    releaseSender: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      release(context, event);
    },
    startNextRound: ({ context }) => {
      context.tables.promote();
      context.updates = 0;
      context.round++;
    },
    welcome: ({ context, event }) => {
      context.jobs.forget(event.worker);
      context.jobs.assign(context.io, event.worker);
    },
  },
  guards: {
    /** The table completes and, with one worker, the round's one update is its last. */
    completesRound: ({ context, event }) => context.owned.length === 1 && completesTable(context, event),
    completesTable: ({ context, event }) => completesTable(context, event),
    ownsNoUpdateYet: ({ context, event }) => event.type === 'grad.arrive' && context.owned[event.worker] === 0,
    /** The arriving worker owns the round's n-th update: the round ends with it. */
    ownsLastUpdate: ({ context, event }) => event.type === 'grad.arrive' && context.owned[event.worker] === 0 && context.updates + 1 >= context.owned.length,
  },
}).createMachine({
  id: 'ringleader',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    jobs: new WorkerJobs(input.io.workerCount),
    tables: new RingleaderTables(input.io.workerCount, input.io.dimension),
    owned: new Uint8Array(input.io.workerCount),
    updates: 0,
    round: 0,
    direction: new Float64Array(input.io.dimension),
  }),
  entry: 'assignAll',
  initial: 'collecting',
  states: {
    collecting: {
      on: {
        'grad.arrive': [
          // With one worker the round ends with the update that opens it.
          { guard: 'completesRound', actions: ['addToMain', 'openRound', 'startNextRound'] },
          { guard: 'completesTable', target: 'updating', actions: ['addToMain', 'openRound'] },
          { actions: ['addToMain', 'releaseSender'] },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
    updating: {
      on: {
        'grad.arrive': [
          { guard: 'ownsLastUpdate', target: 'collecting', actions: ['ownedUpdate', 'startNextRound'] },
          { guard: 'ownsNoUpdateYet', actions: 'ownedUpdate' },
          { actions: ['addToTemp', 'releaseSender'] },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});


/** The arriving gradient gives the main table its last missing entry (or it is full already). */
function completesTable(context: RingleaderContext, event: ServerEvent): boolean {
  if (event.type !== 'grad.arrive') return false;
  const main = context.tables.main;
  return main.complete() || (main.counts[event.worker] === 0 && main.missingWorkers().length === 1);
}

/** Restarts the sender at the current x, unless the result is from a job it no longer holds. */
function release(context: RingleaderContext, message: GradientMessage): void {
  if (context.jobs.completes(message.worker, message.tag)) context.jobs.assign(context.io, message.worker);
}

/** The sender owns the update just made: it is done for the round and gets the new x. */
function own(context: RingleaderContext, message: GradientMessage): void {
  context.owned[message.worker] = 1;
  release(context, message);
}

/**
 * Ringleader ASGD (`ringleader`): per-worker gradient tables, rounds of n updates with no idle worker and no discarded gradient; optimal for heterogeneous data. Parameters: {@link RingleaderParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const ringleader = defineMethod<RingleaderParams, RingleaderContext>({
  id: 'ringleader',
  title: 'Ringleader ASGD',
  summary: 'per-worker gradient tables, rounds of n updates with no idle worker and no discarded gradient; optimal for heterogeneous data',
  source: 'Maranjyan & Richtárik, ICLR 2026 (ALGORITHMS §5.2)',
  rule: "Asynchronous SGD for heterogeneous data with no idle worker and no discarded gradient (Maranjyan & Richtárik 2026): per-worker gradient tables; in rounds, the server first waits until every worker has an entry, then makes exactly n updates, one owned by each worker, each along the mean of the per-worker averages. A worker that never delivers stalls it.",
  parameters: [
    { name: 'stepSize', meaning: 'γ (dimensionless)', default: 'none: the paper’s γ = min{1/(8nL), εB/(10Lσ²)} needs L and B, which a scenario does not state' }
  ],
  bound: { formula: 'τ_n + τ_avg·s/n', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => maleniaTime(h, s) },
  kit: "ringmaster-family",
  parseParams: (raw, path) => {
    return { stepSize: readStepSize(raw, path) };
  },
  machine,
  waitingFor: (context) => {
    const n = context.owned.length;
    if (context.updates === 0) {
      return {
        workers: context.tables.main.missingWorkers(),
        what:
          `a first gradient for the table of round ${context.round} (Phase 1 makes no update until all ${n} workers ` +
          'have delivered, so a worker that has not joined or is dead stalls Ringleader)',
      };
    }
    const workers: number[] = [];
    for (let w = 0; w < n; w++) if (context.owned[w] === 0) workers.push(w);
    return {
      workers,
      what:
        `the gradients owning the remaining ${n - context.updates} of round ${context.round}'s ${n} updates ` +
        '(Phase 2: each worker owns one, so a dead worker stalls Ringleader)',
    };
  },
});
