import { assertEvent, setup } from 'xstate';
import type { CompressorSpec } from '../../src/compress/compressor.ts';
import { parseCompressor } from '../../src/compress/parse-compressor.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';
import { GradientBatch } from './gradient-batch.ts';
import { RoundBook } from './round-book.ts';
import { qsgdWithCommunicationTime } from '../../src/theory/communication.ts';

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
  readonly round: RoundBook;
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
      assertEvent(event, 'grad.arrive');
      context.round.delivered(event.worker);
      context.batch.add(event);
    },
    stepAndStartRound: ({ context }) => {
      const { io, batch } = context;
      const weight = 1 / batch.messages.length;
      batch.messages.forEach((message) => io.apply(message, weight));
      io.step(batch.sum, context.params.stepSize * weight);
      startRound(context);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    welcome: ({ context, event }) => {
      assertEvent(event, 'worker.hello');
      const welcome = context.round.welcome(event.worker);
      if (welcome === 'open') startRound(context);
      else if (welcome === 'rejoin') context.io.assign(event.worker, context.task);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => context.round.belongs(event, context.io.iteration),
    completesRound: ({ context, event }) => context.round.belongs(event, context.io.iteration) && context.round.awaitingCount === 1,
  },
}).createMachine({
  id: 'qsgd-minibatch',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    task: { kind: 'batch', size: 1, copies: 1, compressor: input.params.compressor },
    batch: new GradientBatch(input.io.dimension),
    round: new RoundBook(input.io),
  }),
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

function startRound(context: QsgdMinibatchContext): void {
  context.batch.clear();
  context.round.open((w) => context.io.assign(w, context.task));
}

/**
 * QSGD (compressed Minibatch SGD) (`qsgd-minibatch`): synchronous rounds: one compressed gradient from every worker, step along the average. Parameters: {@link QsgdMinibatchParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const qsgdMinibatch = defineMethod<QsgdMinibatchParams, QsgdMinibatchContext>({
  id: 'qsgd-minibatch',
  title: 'QSGD (compressed Minibatch SGD)',
  summary: 'synchronous rounds: one compressed gradient from every worker, step along the average',
  source: 'the "QSGD" baseline of Tyurin, Pozzi, Ilin & Richtárik 2024 (ALGORITHMS §4.1, §2.2)',
  rule: "Synchronous rounds of compressed gradients (the “QSGD” baseline of the Shadowheart paper): every worker sends one compressed gradient at x^k; the server steps along their average once all have arrived.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "compressor", meaning: "the unbiased compressor of every gradient", default: "RandK with K = 1" }
  ],
  bound: { formula: 'max_i max{h_i, c_i}((d/n + 1) + d·s/n)', status: '[V]', communication: 'modelled', data: 'homogeneous', evaluate: ({ h, c, d, s }) => qsgdWithCommunicationTime(h, c, d, s) },
  kit: "compressed",
  parseParams: (raw, path, context) => {
    return {
      stepSize: readStepSize(raw, path),
      compressor: raw.compressor === undefined ? { kind: 'rand-k', k: 1 } : parseCompressor(raw.compressor, `${path}.compressor`, context.dimension),
    };
  },
  machine,
  waitingFor: (context) => ({ workers: context.round.awaitingWorkers(), what: `the compressed gradients of round ${context.io.iteration}`, needs: 'all' }),
});
