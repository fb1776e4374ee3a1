import { assertEvent } from 'xstate';
import type { NodeIO } from './node-io.ts';
import type { NodeEvent, RoundModel } from './node-messages.ts';

/**
 * What every decentralized node machine shares: its control states — `absent` (not joined yet),
 * `up`, `down` (crashed) — and the actions and guards that move it between them. Each method adds
 * its own handlers to `up` and defines `beginIfPivot`, `adopt` and `recover`. The first round
 * begins on `graph.start`, sent once every node's actor has started (so no model reaches a node
 * whose machine is not running yet).
 */

interface NodeArgs {
  readonly context: { readonly io: NodeIO; readonly present: boolean };
  readonly event: NodeEvent;
}

export const lifecycleActions = {
  /** A message the node cannot use now (down, absent): dropped, and its gradients accounted as lost. */
  refuse: ({ context, event }: NodeArgs) => {
    if ('from' in event) context.io.refuse(event);
  },
  /** A model of a round the node has already moved past. */
  ignoreOldRound: ({ context, event }: NodeArgs) => {
    assertEvent(event, 'round.model');
    context.io.refuse(event);
  },
  crash: ({ context }: NodeArgs) => context.io.crash(),
};

export const lifecycleGuards = {
  newRound: ({ context, event }: NodeArgs) => event.type === 'round.model' && event.round > context.io.round,
  startsAbsent: ({ context }: NodeArgs) => !context.present,
};

/** The states of a node machine, with `handlers` (the method's own events) added to `up`. */
export function lifecycleStates<H extends object>(handlers: H) {
  return {
    starting: { always: [{ guard: 'startsAbsent' as const, target: 'absent' as const }, { target: 'up' as const }] },
    absent: { on: { 'fault.join': { target: 'up' as const, actions: 'recover' as const }, '*': { actions: 'refuse' as const } } },
    up: {
      on: {
        'round.model': [{ guard: 'newRound' as const, actions: 'adopt' as const }, { actions: 'ignoreOldRound' as const }],
        'fault.crash': { target: 'down' as const, actions: 'crash' as const },
        'graph.start': { actions: 'beginIfPivot' as const },
        ...handlers,
      },
    },
    down: { on: { 'fault.recover': { target: 'up' as const, actions: 'recover' as const }, '*': { actions: 'refuse' as const } } },
  };
}
