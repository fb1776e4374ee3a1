import { setup } from 'xstate';
import type { CompressorSpec } from '../../src/compress/compressor.ts';
import { parseCompressor } from '../../src/compress/parse-compressor.ts';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readParams, readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';
import { GradientBatch } from './gradient-batch.ts';

export interface QsgdMinibatchParams {
  readonly stepSize: number;
  /** The compressor of every worker's gradient. Default RandK with K = 1 (the paper's "QSGD"). */
  readonly compressor: CompressorSpec;
}

interface QsgdMinibatchContext {
  readonly io: ServerIO;
  readonly params: QsgdMinibatchParams;
  readonly task: Task;
  readonly batch: GradientBatch;
  /** Workers the server knows (present at start, or said hello since). */
  readonly members: Uint8Array;
  /** This round's participants that have not delivered yet. */
  readonly awaiting: Uint8Array;
  awaitingCount: number;
}

/**
 * Minibatch SGD with compressed communication, the baseline the Shadowheart paper calls "QSGD"
 * (ALGORITHMS §4.1: in the paper and the authors' code it is Minibatch SGD with RandK). Every known
 * worker computes one stochastic gradient at x^k and sends one compressed copy C(g_i) (a `batch`
 * task of size 1 and 1 copy); the server waits for all of them and steps along their average
 * (1/n) Σ_i C(g_i), unbiased because E C(g) = g.
 *
 * Rounds, hellos and faults as in Minibatch SGD (§2.2): one dead worker stalls it forever; a worker
 * that says hello gets the current round's job if the round still waits for it, and joins the
 * rounds from the next one otherwise. Unlike minibatch.ts, a hello that arrives while no round is
 * running (no member yet: every worker joins later) starts one.
 */
const machine = setup({
  types: {} as { context: QsgdMinibatchContext; events: ServerEvent; input: ServerMachineInput<QsgdMinibatchParams> },
  actions: {
    startRound: ({ context }) => startRound(context),
    collect: ({ context, event }) => {
      const message = event as GradientMessage;
      context.awaiting[message.worker] = 0;
      context.awaitingCount--;
      context.batch.add(message);
    },
    stepAndStartRound: ({ context }) => {
      const { io, batch } = context;
      const weight = 1 / batch.messages.length;
      batch.messages.forEach((message) => io.apply(message, weight));
      io.step(batch.sum, context.params.stepSize * weight);
      startRound(context);
    },
    discard: ({ context, event }) => context.io.discard(event as GradientMessage),
    welcome: ({ context, event }) => {
      const w = event.worker;
      context.members[w] = 1;
      if (context.awaitingCount === 0) startRound(context);
      else if (context.awaiting[w] === 1) context.io.assign(w, context.task);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => belongs(context, event),
    completesRound: ({ context, event }) => belongs(context, event) && context.awaitingCount === 1,
  },
}).createMachine({
  id: 'qsgd-minibatch',
  context: ({ input }) => {
    const n = input.io.workerCount;
    const members = new Uint8Array(n);
    for (let w = 0; w < n; w++) members[w] = input.io.presentAtStart(w) ? 1 : 0;
    return {
      io: input.io,
      params: input.params,
      task: { kind: 'batch', size: 1, copies: 1, compressor: input.params.compressor },
      batch: new GradientBatch(input.io.dimension),
      members,
      awaiting: new Uint8Array(n),
      awaitingCount: 0,
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
          { actions: 'discard' },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

function belongs(context: QsgdMinibatchContext, event: ServerEvent): boolean {
  return event.type === 'grad.arrive' && event.tag === context.io.iteration && context.awaiting[event.worker] === 1;
}

function startRound(context: QsgdMinibatchContext): void {
  context.batch.clear();
  context.awaitingCount = 0;
  for (let w = 0; w < context.members.length; w++) {
    context.awaiting[w] = context.members[w];
    if (context.members[w] === 1) {
      context.awaitingCount++;
      context.io.assign(w, context.task);
    }
  }
}

export const qsgdMinibatch = defineMethod<QsgdMinibatchParams, QsgdMinibatchContext>({
  id: 'qsgd-minibatch',
  title: 'QSGD (compressed Minibatch SGD)',
  summary: 'synchronous rounds: one compressed gradient from every worker, step along the average',
  source: 'the "QSGD" baseline of Tyurin, Pozzi, Ilin & Richtárik 2024 (ALGORITHMS §4.1, §2.2)',
  parseParams: (raw, path, context) => {
    readParams(raw, path, ['stepSize', 'compressor']);
    return {
      stepSize: readStepSize(raw, path),
      compressor: raw.compressor === undefined ? { kind: 'rand-k', k: 1 } : parseCompressor(raw.compressor, `${path}.compressor`, context.dimension),
    };
  },
  machine,
  waitingFor: (context) => {
    const workers: number[] = [];
    for (let w = 0; w < context.awaiting.length; w++) if (context.awaiting[w] === 1) workers.push(w);
    if (workers.length === 0) return { workers, what: 'a worker to say hello (no member yet)' };
    return { workers, what: `the compressed gradients of round ${context.io.iteration}` };
  },
});
