import { and, setup } from 'xstate';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readParams, readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { GradientBatch } from './gradient-batch.ts';

export interface MinibatchParams {
  readonly stepSize: number;
}

interface MinibatchContext {
  readonly io: ServerIO;
  readonly params: MinibatchParams;
  readonly batch: GradientBatch;
  /** Workers the server knows (present at start, or said hello since). */
  readonly members: Uint8Array;
  /** This round's participants that have not delivered yet. */
  readonly awaiting: Uint8Array;
  awaitingCount: number;
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
      const message = event as GradientMessage;
      context.awaiting[message.worker] = 0;
      context.awaitingCount--;
      context.batch.add(message);
    },
    stepAndStartRound: ({ context }) => {
      const { io, batch } = context;
      const weight = 1 / batch.gradients;
      batch.messages.forEach((message) => io.apply(message, weight * message.count));
      io.step(batch.sum, context.params.stepSize * weight);
      startRound(context);
    },
    discard: ({ context, event }) => context.io.discard(event as GradientMessage),
    welcome: ({ context, event }) => {
      const w = event.worker;
      context.members[w] = 1;
      // A round with no participants (everyone joins later) waits for nobody: start one now.
      if (context.awaitingCount === 0) startRound(context);
      else if (context.awaiting[w] === 1) context.io.assign(w);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) =>
      event.type === 'grad.arrive' && event.tag === context.io.iteration && context.awaiting[event.worker] === 1,
    completesRound: ({ context }) => context.awaitingCount === 1,
  },
}).createMachine({
  id: 'minibatch',
  context: ({ input }) => {
    const n = input.io.workerCount;
    const members = new Uint8Array(n);
    for (let w = 0; w < n; w++) members[w] = input.io.presentAtStart(w) ? 1 : 0;
    return {
      io: input.io,
      params: input.params,
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
          { guard: and(['belongsToRound', 'completesRound']), actions: ['collect', 'stepAndStartRound'] },
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
  context.awaitingCount = 0;
  for (let w = 0; w < context.members.length; w++) {
    context.awaiting[w] = context.members[w];
    if (context.members[w] === 1) {
      context.awaitingCount++;
      context.io.assign(w);
    }
  }
}

export const minibatch = defineMethod<MinibatchParams, MinibatchContext>({
  id: 'minibatch',
  title: 'Minibatch SGD',
  summary: 'synchronous rounds: wait for one gradient from every worker, step along the average',
  source: 'the synchronous baseline of Tyurin & Richtárik 2023 (ALGORITHMS §2.2)',
  parseParams: (raw, path) => {
    readParams(raw, path, ['stepSize']);
    return { stepSize: readStepSize(raw, path) };
  },
  machine,
  waitingFor: (context) => {
    const workers: number[] = [];
    for (let w = 0; w < context.awaiting.length; w++) if (context.awaiting[w] === 1) workers.push(w);
    return { workers, what: `the gradients of round ${context.io.iteration}`, needs: 'all' };
  },
});
