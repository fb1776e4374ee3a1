import { assertEvent, setup } from 'xstate';
import type { GradientMessage } from '../messages.ts';
import { defineMethod, type NodeMachineInput } from '../method-definition.ts';
import { readBatchSize, readStepSize } from '../method-params.ts';
import { convergecastComplete, startConvergecast, type Convergecast } from './convergecast.ts';
import { requireTopology } from './graph-params.ts';
import { waitingForReduction } from './minibatch-graph.ts';
import { lifecycleActions, lifecycleGuards, lifecycleStates } from './node-lifecycle.ts';
import type { NodeIO } from './node-io.ts';
import type { CollectSignal, CountReport, NodeEvent, PartialSum, RoundModel } from './node-messages.ts';
import { amelieTime, routeOf } from '../../src/theory/decentralized.ts';

export interface AmelieParams {
  readonly stepSize: number;
  /** S in the stopping rule (1/n Σ 1/B_i)^{-1} > S/n, as Malenia's. Default max(⌈σ²/ε⌉, n). */
  readonly batchSize: number;
}

interface AmelieContext extends Convergecast {
  readonly io: NodeIO;
  readonly params: AmelieParams;
  readonly present: boolean;
  unreachable: readonly number[];
  /** The node has stopped computing for this round and shared (or is sharing) its average. */
  collecting: boolean;
  /** Pivot: B_i, the gradients each node reported for the round. */
  readonly counts: Float64Array;
}

/**
 * Amelie SGD (Tyurin & Richtárik, NeurIPS 2024; ALGORITHMS §4.3) for heterogeneous data on a
 * graph. The bound is [V]; the mechanism, a Malenia-style per-worker averaging over the graph,
 * is [R], and this is our reconstruction [D]:
 *
 * 1. the pivot broadcasts x^k down the shortest-path tree; every node computes gradients at x^k
 *    one after another and keeps their sum and count B_i;
 * 2. after each gradient a node reports B_i up the tree (one float per entry; a node coalesces
 *    the reports of its subtree while its link to its parent is busy);
 * 3. once every B_i ≥ 1 and (1/n Σ 1/B_i)^{-1} > S/n (Malenia's rule) the pivot sends "collect"
 *    down the tree; a node that receives it stops computing and contributes g_i/(n·B_i) —
 *    every node weighs exactly 1/n — reduced up the tree as in Minibatch on the graph;
 * 4. with all n shares the pivot steps x^{k+1} = x^k − γ Σ_i g_i/(n B_i).
 *
 * Faults [D]: as Minibatch on the graph, a round begins only when the uncut graph is connected,
 * and a node that never answers stalls the method — including one that crashed during the round:
 * it comes back holding no round and waits for the next model, which never comes. (Collect is
 * sent only once every node reported a gradient, so a node that answers always has one.)
 */
const machine = setup({
  types: {} as { context: AmelieContext; events: NodeEvent; input: NodeMachineInput<AmelieParams> },
  actions: {
    ...lifecycleActions,
    beginIfPivot: ({ context }) => {
      if (isPivot(context)) begin(context);
    },
    retry: ({ context }) => {
      if (isPivot(context) && context.unreachable.length > 0) begin(context);
    },
    adopt: ({ context, event }) => {
      assertEvent(event, 'round.model');
      context.io.adoptRound(event);
      startRound(context);
    },
    keepGradient: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const { io } = context;
      const message = event;
      if (context.collecting || message.tag !== io.round) {
        io.keepGradient(message, false);
        return;
      }
      io.keepGradient(message, false);
      io.computeGradient();
      if (isPivot(context)) {
        context.counts[io.id] = io.localCount;
        maybeCollect(context);
      } else {
        io.reportCounts([[io.id, io.localCount]]);
      }
    },
    takeCounts: ({ context, event }) => {
      assertEvent(event, 'round.counts');
      const report = event;
      const { io } = context;
      if (report.round !== io.round || context.collecting) return;
      if (!isPivot(context)) {
        io.reportCounts(report.entries);
        return;
      }
      for (const [worker, count] of report.entries) context.counts[worker] = Math.max(context.counts[worker], count);
      maybeCollect(context);
    },
    collect: ({ context, event }) => {
      assertEvent(event, 'round.collect');
      if (event.round !== context.io.round || context.collecting) return;
      share(context);
    },
    keepSum: ({ context, event }) => {
      assertEvent(event, 'round.sum');
      if (!context.io.keepSum(event)) return;
      context.awaiting--;
      advance(context);
    },
    recover: ({ context }) => {
      context.io.recover();
      if (isPivot(context)) begin(context);
    },
  },
  guards: lifecycleGuards,
}).createMachine({
  id: 'amelie-node',
  context: ({ input }) => ({
    io: input.io,
    params: input.params,
    present: input.present,
    awaiting: 0,
    ownDone: false,
    unreachable: [],
    collecting: false,
    counts: new Float64Array(input.io.nodeCount),
  }),
  initial: 'starting',
  states: lifecycleStates({
    'grad.arrive': { actions: 'keepGradient' },
    'round.counts': { actions: 'takeCounts' },
    'round.collect': { actions: 'collect' },
    'round.sum': { actions: 'keepSum' },
    'graph.changed': { actions: 'retry' },
  } as const),
});

const isPivot = (context: AmelieContext): boolean => context.io.id === context.io.pivot;

function begin(context: AmelieContext): void {
  context.unreachable = context.io.beginRound(false);
  if (context.unreachable.length === 0) startRound(context);
}

function startRound(context: AmelieContext): void {
  startConvergecast(context, context.io);
  context.collecting = false;
  context.counts.fill(0);
  context.io.computeGradient();
}

/** Pivot: Malenia's rule on the reported counts; when it holds, collect. */
function maybeCollect(context: AmelieContext): void {
  const { counts } = context;
  const n = counts.length;
  let inverseSum = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] === 0) return;
    inverseSum += 1 / counts[i];
  }
  if (n / inverseSum > context.params.batchSize / n) share(context);
}

/** Stop computing, pass "collect" down, and put this node's 1/n-weighted average into the reduction. */
function share(context: AmelieContext): void {
  const { io } = context;
  context.collecting = true;
  io.cancelGradients();
  io.signalCollect();
  const b = io.localCount;
  if (b > 0) io.relayLocal(1 / (io.nodeCount * b));
  context.ownDone = true;
  advance(context);
}

function advance(context: AmelieContext): void {
  if (!context.collecting || !convergecastComplete(context)) return;
  const { io } = context;
  if (!isPivot(context)) {
    io.sendRelay(true);
    return;
  }
  io.stepWithRelay(context.params.stepSize, 1);
  begin(context);
}

/**
 * Amelie SGD (`amelie`): decentralized, heterogeneous data: Malenia’s per-node averaging and stopping rule over the pivot’s tree. Parameters: {@link AmelieParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const amelie = defineMethod<AmelieParams, { nodes: AmelieContext[] }>({
  id: 'amelie',
  title: 'Amelie SGD',
  summary: 'decentralized, heterogeneous data: Malenia’s per-node averaging and stopping rule over the pivot’s tree',
  source: 'Tyurin & Richtárik, NeurIPS 2024 (ALGORITHMS §4.3)',
  rule: "Malenia on a graph for heterogeneous data (Tyurin & Richtárik 2024; the mechanism is our reconstruction [D]): nodes compute at x^k and report their counts B_i up the tree; once Malenia’s rule holds the pivot sends collect down the tree and the shares g_i/(n·B_i) are reduced up it, every node weighing 1/n.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "batchSize", meaning: "S in Malenia’s rule (1/n Σ 1/B_i)⁻¹ > S/n", default: "max(⌈σ²/ε⌉, n) when the problem states σ² and the scenario has a ‖∇f‖² target; none otherwise" }
  ],
  bound: { formula: 'max{max τ_{i→j}, max h_i, (s/n)·mean h}', status: '[V]', communication: 'graph', data: 'any', evaluate: ({ h, s, longestRoute }) => amelieTime(h, routeOf(longestRoute), s) },
  kit: "graph",
  parseParams: (raw, path, context) => {
    requireTopology(path, context, 'amelie');
    return { stepSize: readStepSize(raw, path), batchSize: readBatchSize(raw, path, context, context.workerCount) };
  },
  machine,
  decentralized: true,
  waitingFor: ({ nodes }) => {
    const pivot = nodes[nodes[0].io.pivot];
    if (!pivot.collecting && pivot.unreachable.length === 0) {
      const silent = nodes.filter((node) => pivot.counts[node.io.id] === 0).map((node) => node.io.id);
      return { workers: silent, what: `gradient counts of round ${pivot.io.iteration} (every node must report one)`, needs: 'all' as const };
    }
    return waitingForReduction(nodes, 'the 1/n-weighted averages');
  },
});
