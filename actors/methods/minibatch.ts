import { assertEvent, setup } from 'xstate';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { GradientBatch } from './gradient-batch.ts';
import { RoundBook } from './round-book.ts';
import { minibatchWithCommunicationTime } from '../../src/theory/communication.ts';

export interface MinibatchParams {
  readonly stepSize: number;
}

interface MinibatchContext {
  readonly io: ServerIO;
  readonly params: MinibatchParams;
  readonly batch: GradientBatch;
  readonly round: RoundBook;
}

/**
 * Synchronous ("fair") Minibatch SGD (ALGORITHMS §2.2): every known worker computes one gradient
 * at x^k, the server waits for all of them and steps along their average. One dead worker stalls
 * it forever. A worker that says hello (joined, or back from a crash) is given the current
 * round's job if the round still waits for it, and joins the rounds from the next one otherwise.
 */
const machine = setup({
  types: {} as { context: MinibatchContext; events: ServerEvent; input: ServerMachineInput<MinibatchParams> },
  actions: {
    startRound: ({ context }) => startRound(context),
    collect: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.round.delivered(event.worker);
      context.batch.add(event);
    },
    stepAndStartRound: ({ context }) => {
      const { io, batch } = context;
      const weight = 1 / batch.gradients;
      batch.messages.forEach((message) => io.apply(message, weight * message.count));
      io.step(batch.sum, context.params.stepSize * weight);
      startRound(context);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    welcome: ({ context, event }) => {
      assertEvent(event, 'worker.hello');
      // A round with no participants (everyone joins later) waits for nobody: start one now.
      const welcome = context.round.welcome(event.worker);
      if (welcome === 'open') startRound(context);
      else if (welcome === 'rejoin') context.io.assign(event.worker);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => context.round.belongs(event, context.io.iteration),
    // One named guard rather than and([...]): keeps arrivals on the engine's compiled fast path.
    completesRound: ({ context, event }) => context.round.belongs(event, context.io.iteration) && context.round.awaitingCount === 1,
  },
}).createMachine({
  id: 'minibatch',
  context: ({ input }) => ({ io: input.io, params: input.params, batch: new GradientBatch(input.io.dimension), round: new RoundBook(input.io) }),
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

function startRound(context: MinibatchContext): void {
  context.batch.clear();
  context.round.open((w) => context.io.assign(w));
}

/**
 * Minibatch SGD (`minibatch`): synchronous rounds: wait for one gradient from every worker, step along the average. Parameters: {@link MinibatchParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const minibatch = defineMethod<MinibatchParams, MinibatchContext>({
  id: 'minibatch',
  title: 'Minibatch SGD',
  summary: 'synchronous rounds: wait for one gradient from every worker, step along the average',
  source: 'the synchronous baseline of Tyurin & Richtárik 2023 (ALGORITHMS §2.2)',
  rule: "Synchronous rounds: every worker the server knows computes one gradient at x^k; the server waits for all of them and steps along their average. One dead worker stalls it for good; a worker that joins or recovers takes part from the round that still waits for it, or the next.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' }
  ],
  bound: { formula: 'max_i max{h_i, d·c_i}(1 + s/n)', status: '[V]', communication: 'any', data: 'any', evaluate: ({ h, c, d, s }) => minibatchWithCommunicationTime(h, c, d, s) },
  kit: "baselines",
  parseParams: (raw, path) => {
    return { stepSize: readStepSize(raw, path) };
  },
  machine,
  waitingFor: (context) => ({ workers: context.round.awaitingWorkers(), what: `the gradients of round ${context.io.iteration}`, needs: 'all' }),
});
