import { assertEvent, setup } from 'xstate';
import type { GradientMessage } from '../messages.ts';
import { defineMethod, type NodeMachineInput } from '../method-definition.ts';
import { readBatchSize, readStepSize } from '../method-params.ts';
import { requireTopology } from './graph-params.ts';
import { lifecycleActions, lifecycleGuards, lifecycleStates } from './node-lifecycle.ts';
import type { NodeIO } from './node-io.ts';
import type { NodeEvent, PartialSum, RoundModel } from './node-messages.ts';

export interface FragileParams {
  readonly stepSize: number;
  /** S: the pivot steps once it holds at least S gradients of the round. Default max(⌈σ²/ε⌉, 1). */
  readonly batchSize: number;
}

interface FragileContext {
  readonly io: NodeIO;
  readonly params: FragileParams;
  readonly present: boolean;
}

/**
 * Fragile SGD (Tyurin & Richtárik, NeurIPS 2024; ALGORITHMS §4.3) [V-code], for homogeneous
 * data on a graph. The pivot (the graph's centre) broadcasts x^k down the shortest-path tree;
 * every node that receives it forwards it to its children and computes gradients at x^k one
 * after another; gradients are summed locally and each node sends its sum to its parent as soon
 * as its link there is free, where it joins the parent's sum. The pivot steps along sum/count
 * once it holds ≥ S gradients, and begins the next round: a node drops its work and buffers of
 * the old round when the new model reaches it, and a sum of an old round is discarded where it
 * arrives.
 *
 * Faults [D]. A round reaches the nodes the graph of uncut edges connects to the pivot when it
 * begins; the others keep whatever they had and join a later round. A crashed node loses its
 * buffer and computation, and after recovering waits for the next round's model. If the pivot
 * crashes nothing steps until it recovers and begins a new round (its iterate survives).
 */
const machine = setup({
  types: {} as { context: FragileContext; events: NodeEvent; input: NodeMachineInput<FragileParams> },
  actions: {
    ...lifecycleActions,
    beginIfPivot: ({ context }) => {
      if (context.io.id === context.io.pivot) begin(context);
    },
    adopt: ({ context, event }) => {
      assertEvent(event, 'round.model');
      const message = event;
      context.io.adoptRound(message);
      context.io.computeGradient();
    },
    keepGradient: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.keepGradient(event, true);
      context.io.computeGradient();
      pass(context);
    },
    keepSum: ({ context, event }) => {
      assertEvent(event, 'round.sum');
      if (context.io.keepSum(event)) pass(context);
    },
    forward: ({ context }) => {
      if (context.io.id !== context.io.pivot) context.io.sendRelay(false);
    },
    recover: ({ context }) => {
      context.io.recover();
      if (context.io.id === context.io.pivot) begin(context);
    },
  },
  guards: lifecycleGuards,
}).createMachine({
  id: 'fragile-node',
  context: ({ input }) => ({ io: input.io, params: input.params, present: input.present }),
  initial: 'starting',
  states: lifecycleStates({
    'grad.arrive': { actions: 'keepGradient' },
    'round.sum': { actions: 'keepSum' },
    'link.free': { actions: 'forward' },
  } as const),
});

/** Pivot: a new round at the current iterate, over whatever the uncut graph reaches. */
function begin(context: FragileContext): void {
  context.io.beginRound(true);
  context.io.computeGradient();
}

/** After a gradient joined the relay sum: the pivot steps once it holds S; others pass it on. */
function pass(context: FragileContext): void {
  const { io, params } = context;
  if (io.id !== io.pivot) {
    io.sendRelay(false);
    return;
  }
  if (io.relayCount < params.batchSize) return;
  io.stepWithRelay(params.stepSize, 1 / io.relayCount);
  begin(context);
}

/**
 * Fragile SGD (`fragile`): decentralized: broadcast down the pivot’s shortest-path tree, sums forwarded as links free up, step at ≥ S gradients. Parameters: {@link FragileParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const fragile = defineMethod<FragileParams, { nodes: FragileContext[] }>({
  id: 'fragile',
  title: 'Fragile SGD',
  summary: 'decentralized: broadcast down the pivot’s shortest-path tree, sums forwarded as links free up, step at ≥ S gradients',
  source: 'Tyurin & Richtárik, NeurIPS 2024 (ALGORITHMS §4.3)',
  rule: "Decentralized SGD for homogeneous data (Tyurin & Richtárik 2024): nodes compute at x^k until the next model reaches them and forward their running sums to their parents as soon as the link is free; the pivot steps once it holds at least S gradients. Its bound was not verified ([R]): none is shown.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "batchSize", meaning: "S, gradients the pivot needs per step", default: "max(⌈σ²/ε⌉, 1) when the problem states σ² and the scenario has a ‖∇f‖² target; none otherwise" }
  ],
  kit: "graph",
  parseParams: (raw, path, context) => {
    requireTopology(path, context, 'fragile');
    return { stepSize: readStepSize(raw, path), batchSize: readBatchSize(raw, path, context, 1) };
  },
  machine,
  decentralized: true,
  waitingFor: ({ nodes }) => {
    const io = nodes[0].io;
    const pivot = nodes[io.pivot].io;
    const workers = nodes.map((node) => node.io.id).filter((id) => id !== io.pivot);
    return { workers, what: `S = ${nodes[0].params.batchSize} gradients of round ${pivot.iteration} at pivot ${io.pivot} (holds ${pivot.relayCount})` };
  },
});
