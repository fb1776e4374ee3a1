import { assertEvent, setup } from 'xstate';
import type { GradientMessage } from '../messages.ts';
import { defineMethod, type NodeMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import { convergecastComplete, startConvergecast, type Convergecast } from './convergecast.ts';
import { requireTopology } from './graph-params.ts';
import { lifecycleActions, lifecycleGuards, lifecycleStates } from './node-lifecycle.ts';
import type { NodeIO } from './node-io.ts';
import type { NodeEvent, PartialSum, RoundModel } from './node-messages.ts';
import { minibatchOnGraphTime, routeOf } from '../../src/theory/decentralized.ts';

export interface MinibatchGraphParams {
  readonly stepSize: number;
}

interface MinibatchGraphContext extends Convergecast {
  readonly io: NodeIO;
  readonly params: MinibatchGraphParams;
  readonly present: boolean;
  /** Pivot: nodes the last attempt to begin a round could not reach (it waits for the graph to heal). */
  unreachable: readonly number[];
}

/**
 * Minibatch SGD on a graph (ALGORITHMS §4.3, the authors' baseline): the pivot broadcasts x^k
 * down the shortest-path tree, every node computes exactly one gradient at it, and the sums are
 * reduced up the tree (a node sends once it has its own gradient and its children's sums). The
 * pivot steps along the average of exactly n gradients.
 *
 * Faults [D]. A round begins only when the uncut graph connects every node to the pivot; while
 * it does not, the pivot waits for the routing layer to report a change. Like centralized
 * Minibatch, one node that never answers stalls it for good: crashed (it comes back holding no
 * round and waits for the next model, which never comes), or its sum lost on an edge.
 */
const machine = setup({
  types: {} as { context: MinibatchGraphContext; events: NodeEvent; input: NodeMachineInput<MinibatchGraphParams> },
  actions: {
    ...lifecycleActions,
    beginIfPivot: ({ context }) => {
      if (context.io.id === context.io.pivot) begin(context);
    },
    retry: ({ context }) => {
      if (context.io.id === context.io.pivot && context.unreachable.length > 0) begin(context);
    },
    adopt: ({ context, event }) => {
      assertEvent(event, 'round.model');
      context.io.adoptRound(event);
      startConvergecast(context, context.io);
      context.io.computeGradient();
    },
    keepGradient: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      context.io.keepGradient(message, true);
      if (message.tag !== context.io.round) return;
      context.ownDone = true;
      advance(context);
    },
    keepSum: ({ context, event }) => {
      assertEvent(event, 'round.sum');
      if (!context.io.keepSum(event)) return;
      context.awaiting--;
      advance(context);
    },
    recover: ({ context }) => {
      context.io.recover();
      if (context.io.id === context.io.pivot) begin(context);
    },
  },
  guards: lifecycleGuards,
}).createMachine({
  id: 'minibatch-graph-node',
  context: ({ input }) => ({ io: input.io, params: input.params, present: input.present, awaiting: 0, ownDone: false, unreachable: [] }),
  initial: 'starting',
  states: lifecycleStates({
    'grad.arrive': { actions: 'keepGradient' },
    'round.sum': { actions: 'keepSum' },
    'graph.changed': { actions: 'retry' },
  } as const),
});

function begin(context: MinibatchGraphContext): void {
  const { io } = context;
  context.unreachable = io.beginRound(false);
  if (context.unreachable.length > 0) return;
  startConvergecast(context, io);
  io.computeGradient();
}

function advance(context: MinibatchGraphContext): void {
  if (!convergecastComplete(context)) return;
  const { io } = context;
  if (io.id !== io.pivot) {
    io.sendRelay(true);
    return;
  }
  io.stepWithRelay(context.params.stepSize, 1 / io.relayCount);
  begin(context);
}

/**
 * Minibatch SGD on a graph (`minibatch-graph`): decentralized baseline: broadcast down the tree, one gradient per node, sums reduced up the tree. Parameters: {@link MinibatchGraphParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const minibatchGraph = defineMethod<MinibatchGraphParams, { nodes: MinibatchGraphContext[] }>({
  id: 'minibatch-graph',
  title: 'Minibatch SGD on a graph',
  summary: 'decentralized baseline: broadcast down the tree, one gradient per node, sums reduced up the tree',
  source: 'the baseline of Tyurin & Richtárik, NeurIPS 2024 (ALGORITHMS §4.3)',
  rule: "The decentralized baseline on a graph (Tyurin & Richtárik 2024): the pivot broadcasts x^k down its shortest-path tree, every node computes one gradient, and the sums are reduced up the tree; the pivot steps along the average of exactly n.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' }
  ],
  bound: { formula: 'max{(1 + s/n)·max τ_{i→j}, max h_i}', status: '[V]', communication: 'graph', data: 'any', evaluate: ({ h, s, longestRoute }) => minibatchOnGraphTime(h, routeOf(longestRoute), s) },
  kit: "graph",
  parseParams: (raw, path, context) => {
    requireTopology(path, context, 'minibatch-graph');
    return { stepSize: readStepSize(raw, path) };
  },
  machine,
  decentralized: true,
  waitingFor: ({ nodes }) => waitingForReduction(nodes, 'the sums'),
});

/** The nodes a reduction waits for: those that owe their share, or the ones the graph cannot reach. */
export function waitingForReduction(nodes: readonly (Convergecast & { io: NodeIO; unreachable: readonly number[] })[], what: string) {
  const pivotNode = nodes[nodes[0].io.pivot];
  const round = pivotNode.io.iteration;
  if (pivotNode.unreachable.length > 0) {
    return { workers: [...pivotNode.unreachable], what: `the graph to reconnect nodes ${pivotNode.unreachable.join(', ')} to pivot ${pivotNode.io.id} (round ${round})`, needs: 'all' as const };
  }
  const owing = nodes.filter((node) => node.io.round !== round || !convergecastComplete(node)).map((node) => node.io.id);
  return { workers: owing, what: `${what} of round ${round} (reduced towards pivot ${pivotNode.io.id})`, needs: 'all' as const };
}
