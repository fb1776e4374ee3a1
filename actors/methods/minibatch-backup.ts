import { setup } from 'xstate';
import { readInteger } from '../../src/input/fields.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readParams, readStaleWork, readStepSize, type StaleWork } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { GradientBatch } from './gradient-batch.ts';
import { WorkerJobs } from './worker-jobs.ts';

export interface MinibatchBackupParams {
  readonly stepSize: number;
  /** b: backup workers. A round steps on the first n − b gradients; b in [0, n − 1], required. */
  readonly backups: number;
  /**
   * What happens to a round's stragglers when it ends. `discard` (default): their jobs finish,
   * the results are thrown away, and they get the current round's job then. `cancel`: their jobs
   * are cancelled and they restart at the new model at once.
   */
  readonly staleWork: StaleWork;
}

interface MinibatchBackupContext {
  readonly io: ServerIO;
  readonly params: MinibatchBackupParams;
  readonly batch: GradientBatch;
  readonly jobs: WorkerJobs;
  /** Workers the server knows (present at start, or said hello since). */
  readonly members: Uint8Array;
  /** This round's participants that have not delivered yet. */
  readonly awaiting: Uint8Array;
  /** Gradients this round steps on: max(1, participants − b); 0 while the round has no participants. */
  quorum: number;
}

/**
 * Synchronous Minibatch SGD with b backup workers (the "backup workers" of Chen et al. 2016,
 * "Revisiting distributed synchronous SGD"; recalled, not in ALGORITHMS.md, whose §2.2 Minibatch
 * it extends): every known worker gets a job at x^k, the server
 * steps along the mean of the first n − b gradients computed at x^k (n = the round's
 * participants: every known worker), and gradients of the round that arrive later are
 * discarded. With b = 0 it is Minibatch SGD, trace for trace; with b ≥ 1 up to b dead or
 * arbitrarily slow workers cannot stall it (they count as participants that never deliver).
 *
 * A straggler still busy when a round starts (`discard`) is not given a second job to queue
 * behind the stale one: it gets the current round's job when its stale result arrives. A worker
 * that says hello (joined, or back from a crash) gets the current round's job if the round
 * still waits for it, and joins the rounds from the next one otherwise; if no worker was known
 * at all (every worker joins later), the first hello starts the round.
 */
const machine = setup({
  types: {} as { context: MinibatchBackupContext; events: ServerEvent; input: ServerMachineInput<MinibatchBackupParams> },
  actions: {
    startRound: ({ context }) => startRound(context),
    collect: ({ context, event: message }) => {
      if (message.type !== 'grad.arrive') return;
      context.awaiting[message.worker] = 0;
      context.jobs.completes(message.worker, message.tag);
      context.batch.add(message);
    },
    stepAndStartRound: ({ context }) => {
      const { io, batch } = context;
      const weight = 1 / batch.gradients;
      batch.messages.forEach((message) => io.apply(message, weight * message.count));
      io.step(batch.sum, context.params.stepSize * weight);
      startRound(context);
    },
    discardAndRelease: ({ context, event: message }) => {
      if (message.type !== 'grad.arrive') return;
      context.io.discard(message);
      // A straggler whose stale job is done gets the round's job now, if the round still wants it.
      if (context.jobs.completes(message.worker, message.tag) && context.awaiting[message.worker] === 1) assign(context, message.worker);
    },
    welcome: ({ context, event }) => {
      const w = event.worker;
      context.jobs.forget(w);
      context.members[w] = 1;
      if (context.quorum === 0) startRound(context);
      else if (context.awaiting[w] === 1) assign(context, w);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => belongsToRound(context, event),
    // One named guard rather than and([...]): keeps arrivals on the engine's compiled fast path.
    completesRound: ({ context, event }) => belongsToRound(context, event) && context.batch.messages.length + 1 >= context.quorum,
  },
}).createMachine({
  id: 'minibatch-backup',
  context: ({ input }) => {
    const n = input.io.workerCount;
    const members = new Uint8Array(n);
    for (let w = 0; w < n; w++) members[w] = input.io.presentAtStart(w) ? 1 : 0;
    return {
      io: input.io,
      params: input.params,
      batch: new GradientBatch(input.io.dimension),
      jobs: new WorkerJobs(n),
      members,
      awaiting: new Uint8Array(n),
      quorum: 0,
    };
  },
  entry: 'startRound',
  initial: 'collecting',
  states: {
    collecting: {
      on: {
        'grad.arrive': [
          { guard: 'completesRound', actions: ['collect', 'stepAndStartRound'] },
          { guard: 'belongsToRound', actions: 'collect' },
          { actions: 'discardAndRelease' },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

function belongsToRound(context: MinibatchBackupContext, event: ServerEvent): boolean {
  return event.type === 'grad.arrive' && event.tag === context.io.iteration && context.awaiting[event.worker] === 1;
}

function assign(context: MinibatchBackupContext, worker: number): void {
  context.jobs.assigned(worker, context.io.iteration);
  context.io.assign(worker);
}

/** Round k = io.iteration: every known worker participates; idle ones get the job now. */
function startRound(context: MinibatchBackupContext): void {
  const { io, jobs, members, awaiting } = context;
  context.batch.clear();
  let participants = 0;
  for (let w = 0; w < members.length; w++) {
    awaiting[w] = members[w];
    if (members[w] === 0) continue;
    participants++;
    if (jobs.isBusy(w)) {
      // A straggler of the last round (or a worker whose job or result was lost).
      if (context.params.staleWork === 'discard') continue;
      io.cancel(w);
    }
    assign(context, w);
  }
  context.quorum = participants === 0 ? 0 : Math.max(1, participants - context.params.backups);
}

export const minibatchBackup = defineMethod<MinibatchBackupParams, MinibatchBackupContext>({
  id: 'minibatch-backup',
  title: 'Minibatch SGD with backup workers',
  summary: 'synchronous rounds that step on the first n − b gradients and drop the b stragglers',
  source: 'Chen et al. 2016, backup workers (recalled; a variant of ALGORITHMS §2.2)',
  parseParams: (raw, path, context) => {
    readParams(raw, path, ['stepSize', 'backups', 'staleWork']);
    return {
      stepSize: readStepSize(raw, path),
      backups: readInteger(raw.backups, `${path}.backups`, 0, context.workerCount - 1),
      staleWork: readStaleWork(raw, path, 'discard'),
    };
  },
  machine,
  waitingFor: (context) => {
    const workers: number[] = [];
    for (let w = 0; w < context.awaiting.length; w++) if (context.awaiting[w] === 1) workers.push(w);
    if (context.quorum === 0) return { workers, what: 'a worker to join' };
    const missing = context.quorum - context.batch.messages.length;
    return { workers, what: `${missing} more of the gradients of round ${context.io.iteration}` };
  },
});
