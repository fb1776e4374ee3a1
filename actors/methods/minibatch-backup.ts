import { assertEvent, setup } from 'xstate';
import { readInteger } from '../../src/input/fields.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStaleWork, readStepSize, type StaleWork } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { GradientBatch } from './gradient-batch.ts';
import { RoundBook } from './round-book.ts';
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
  readonly round: RoundBook;
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
    collect: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.round.delivered(event.worker);
      context.jobs.completes(event.worker, event.tag);
      context.batch.add(event);
    },
    stepAndStartRound: ({ context }) => {
      const { io, batch } = context;
      const weight = 1 / batch.gradients;
      batch.messages.forEach((message) => io.apply(message, weight * message.count));
      io.step(batch.sum, context.params.stepSize * weight);
      startRound(context);
    },
    discardAndRelease: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
      // A straggler whose stale job is done gets the round's job now, if the round still wants it.
      if (context.jobs.completes(event.worker, event.tag) && context.round.awaits(event.worker)) context.jobs.assign(context.io, event.worker);
    },
    welcome: ({ context, event }) => {
      assertEvent(event, 'worker.hello');
      context.jobs.forget(event.worker);
      const welcome = context.round.welcome(event.worker);
      if (welcome === 'open') startRound(context);
      else if (welcome === 'rejoin') context.jobs.assign(context.io, event.worker);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => context.round.belongs(event, context.io.iteration),
    // One named guard rather than and([...]): keeps arrivals on the engine's compiled fast path.
    completesRound: ({ context, event }) => context.round.belongs(event, context.io.iteration) && context.batch.messages.length + 1 >= context.quorum,
  },
}).createMachine({
  id: 'minibatch-backup',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    batch: new GradientBatch(input.io.dimension),
    jobs: new WorkerJobs(input.io.workerCount),
    round: new RoundBook(input.io),
    quorum: 0,
  }),
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


/** Round k = io.iteration: every known worker participates; idle ones get the job now. */
function startRound(context: MinibatchBackupContext): void {
  const { io, jobs, round } = context;
  context.batch.clear();
  round.open((w) => {
    if (jobs.isBusy(w)) {
      // A straggler of the last round (or a worker whose job or result was lost).
      if (context.params.staleWork === 'discard') return;
      io.cancel(w);
    }
    context.jobs.assign(context.io, w);
  });
  context.quorum = round.participants === 0 ? 0 : Math.max(1, round.participants - context.params.backups);
}

/**
 * Minibatch SGD with backup workers (`minibatch-backup`): synchronous rounds that step on the first n − b gradients and drop the b stragglers. Parameters: {@link MinibatchBackupParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const minibatchBackup = defineMethod<MinibatchBackupParams, MinibatchBackupContext>({
  id: 'minibatch-backup',
  title: 'Minibatch SGD with backup workers',
  summary: 'synchronous rounds that step on the first n − b gradients and drop the b stragglers',
  source: 'Chen et al. 2016, backup workers (recalled; a variant of ALGORITHMS §2.2)',
  rule: "Minibatch SGD with b backup workers (Chen et al. 2016): every known worker gets a job at x^k, and the server steps along the mean of the first n − b gradients computed at x^k; later gradients of the round are discarded. With b = 0 it is Minibatch SGD; with b ≥ 1 up to b dead or very slow workers cannot stall it.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "backups", meaning: "b, the stragglers a round does not wait for (workers, 0 ≤ b ≤ n − 1)", default: "none: how many stragglers to drop is the experiment" },
    { name: "staleWork", meaning: "what happens to a round’s stragglers when it ends: discard (their jobs finish, the results are dropped) or cancel (restart at once at the new model)", default: "discard" }
  ],
  kit: "asgd-family",
  parseParams: (raw, path, context) => {
    return {
      stepSize: readStepSize(raw, path),
      backups: readInteger(raw.backups, `${path}.backups`, 0, context.workerCount - 1),
      staleWork: readStaleWork(raw, path, 'discard'),
    };
  },
  machine,
  waitingFor: (context) => {
    const workers = context.round.awaitingWorkers();
    if (context.quorum === 0) return { workers, what: 'a worker to join' };
    const missing = context.quorum - context.batch.messages.length;
    return { workers, what: `${missing} more of the gradients of round ${context.io.iteration}` };
  },
});
