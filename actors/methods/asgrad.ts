import { setup } from 'xstate';
import { optional, readOneOf } from '../../src/input/fields.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';

/** Which worker receives the job issued after an update. */
export type AsgradAssignment = 'pure' | 'random' | 'shuffle';

export interface AsgradParams {
  readonly stepSize: number;
  /**
   * `pure` (default): the worker whose gradient was just applied (vanilla ASGD); `random`: a
   * uniformly random worker; `shuffle`: perm[(k − 1) mod n] after update k, with the permutation
   * redrawn at the start of every window of n updates.
   */
  readonly assignment: AsgradAssignment;
}

interface AsgradContext {
  readonly io: ServerIO;
  readonly params: AsgradParams;
  readonly ledger: JobLedger;
  /** Workers the server knows are there (present at start, or said hello since). */
  readonly members: Uint8Array;
  /** `shuffle`: the current window's permutation and its index. */
  permutation: Int32Array;
  window: number;
}

/**
 * The AsGrad family (Islamov, Safaryan & Alistarh, AISTATS 2024; ALGORITHMS §5.5). Every worker
 * starts with one job at x⁰. On each arrival the server applies the gradient (x ← x − γg, one
 * update per arrival, nothing discarded), chooses the worker j for the next job by the
 * `assignment` rule and gives j a job at the current model; j queues it behind its current work
 * and runs its queued jobs back to back. Jobs in the system stay n. With `pure` it is vanilla
 * ASGD, trace for trace.
 *
 * Unlike the authors' public code (§5.5 "quirks"), which this does not copy:
 * 1. the new job's gradient is of the assigned worker's own f_j (the code uses the finishing
 *    worker's shard in the random and shuffle modes);
 * 2. a queued job starts the moment the previous one finishes (in the code a worker with a
 *    non-empty queue can sit idle until it is assigned again);
 * 3. the job takes the assigned worker's own time (the code draws it with the finishing worker's
 *    speed);
 * 4. time is the engine's virtual clock, not integer ticks decremented twice per step.
 *
 * Faults (the server only sees messages). It keeps, per worker, the tags of the jobs it gave it
 * and has not heard back from, oldest first; links are FIFO and a worker runs its jobs in order,
 * so results arrive in that order. A result with a newer tag than the oldest entry shows that the
 * older jobs were lost (on a link): the sender gets replacements. A hello means the worker holds
 * nothing: its outstanding jobs are written off and it gets as many back (at least one, so a
 * joining worker starts with one job, as every worker does at x⁰). A result from a written-off
 * job (one that was still on its way to the worker) is applied but earns no new job, so the
 * count is restored. The rule never picks a worker that has not joined yet: such a pick goes
 * to the sender. A worker that dies for good is not detected: `random` and `shuffle` keep
 * sending it jobs, which vanish, and end up stalled once every job is stuck there (`pure`, like
 * ASGD, just loses that worker).
 */
const machine = setup({
  types: {} as { context: AsgradContext; events: ServerEvent; input: ServerMachineInput<AsgradParams> },
  actions: {
    assignAll: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) if (context.members[w] === 1) assign(context, w);
    },
    applyAndAssign: ({ context, event: message }) => {
      if (message.type !== 'grad.arrive') return;
      const { io, ledger } = context;
      const outcome = ledger.settle(message.worker, message.tag);
      io.apply(message, 1);
      io.step(message.grad, context.params.stepSize);
      for (let i = 0; i < outcome.lost; i++) assign(context, message.worker);
      if (outcome.counted) assign(context, chooseWorker(context, message.worker));
    },
    welcome: ({ context, event }) => {
      const w = event.worker;
      context.members[w] = 1;
      const lost = context.ledger.writeOff(w);
      for (let i = 0; i < Math.max(1, lost); i++) assign(context, w);
    },
  },
}).createMachine({
  id: 'asgrad',
  context: ({ input }) => {
    const n = input.io.workerCount;
    const members = new Uint8Array(n);
    for (let w = 0; w < n; w++) members[w] = input.io.presentAtStart(w) ? 1 : 0;
    return { io: input.io, params: input.params, ledger: new JobLedger(n), members, permutation: new Int32Array(0), window: -1 };
  },
  entry: 'assignAll',
  initial: 'running',
  states: {
    running: {
      on: {
        'grad.arrive': { actions: 'applyAndAssign' },
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

function assign(context: AsgradContext, worker: number): void {
  context.ledger.assigned(worker, context.io.iteration);
  context.io.assign(worker);
}

/** The worker for the job issued after update k = io.iteration (called once per counted arrival). */
function chooseWorker(context: AsgradContext, sender: number): number {
  const { io } = context;
  const n = io.workerCount;
  let j: number;
  switch (context.params.assignment) {
    case 'pure':
      return sender;
    case 'random':
      j = io.rng.int(n);
      break;
    case 'shuffle': {
      // Windows are aligned to updates: tags 1..n, n+1..2n, ... A window whose start was
      // skipped (an update that issued nothing) still gets a fresh permutation.
      const window = Math.floor((io.iteration - 1) / n);
      if (window !== context.window) {
        context.window = window;
        context.permutation = io.rng.permutation(n);
      }
      j = context.permutation[(io.iteration - 1) % n];
      break;
    }
  }
  return context.members[j] === 1 ? j : sender;
}

/**
 * Per worker, the tags of the jobs the server gave it and has not heard back from, oldest first
 * (the server's view of the jobs in the system).
 */
class JobLedger {
  private readonly tags: number[][];

  constructor(workerCount: number) {
    this.tags = Array.from({ length: workerCount }, () => []);
  }

  assigned(worker: number, tag: number): void {
    this.tags[worker].push(tag);
  }

  /**
   * A result computed at `tag` arrived from `worker`. `counted`: it is the result of a job in the
   * ledger (removed now); `lost`: older jobs of that worker that can no longer arrive (removed).
   */
  settle(worker: number, tag: number): { counted: boolean; lost: number } {
    const queue = this.tags[worker];
    let lost = 0;
    while (queue.length > 0 && queue[0] < tag) {
      queue.shift();
      lost++;
    }
    if (queue.length > 0 && queue[0] === tag) {
      queue.shift();
      return { counted: true, lost };
    }
    return { counted: false, lost };
  }

  /** The worker holds nothing (it said hello): forgets its jobs and returns how many there were. */
  writeOff(worker: number): number {
    const count = this.tags[worker].length;
    this.tags[worker].length = 0;
    return count;
  }

  /** Workers with jobs outstanding, ascending. */
  busyWorkers(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.tags.length; w++) if (this.tags[w].length > 0) out.push(w);
    return out;
  }
}

/**
 * AsGrad (`asgrad`): asynchronous SGD whose next job goes to the sender, a random worker, or a shuffled order. Parameters: {@link AsgradParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const asgrad = defineMethod<AsgradParams, AsgradContext>({
  id: 'asgrad',
  title: 'AsGrad',
  summary: 'asynchronous SGD whose next job goes to the sender, a random worker, or a shuffled order',
  source: 'Islamov, Safaryan & Alistarh, AISTATS 2024 (ALGORITHMS §5.5)',
  rule: "The AsGrad family (Islamov, Safaryan & Alistarh 2024): every arrival is applied (one update per arrival, nothing discarded) and the next job goes to the worker the assignment rule picks, which queues it behind its current work; n jobs stay in the system. With assignment pure it is vanilla ASGD.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "assignment", meaning: "who gets the job issued after an update: pure (the sender), random (a uniformly random worker), shuffle (a fresh permutation every n updates)", default: "pure" }
  ],
  kit: "asgd-family",
  parseParams: (raw, path) => {
    return {
      stepSize: readStepSize(raw, path),
      assignment: optional(raw.assignment, `${path}.assignment`, (v, p) => readOneOf(v, p, ['pure', 'random', 'shuffle'] as const), 'pure'),
    };
  },
  machine,
  waitingFor: (context) => ({ workers: context.ledger.busyWorkers(), what: 'any gradient' }),
});
