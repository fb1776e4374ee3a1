import type { GradientMessage, ModelSnapshot, WorkerFault } from '../messages.ts';

/**
 * Messages between neighbouring nodes of a graph (decentralized methods, ALGORITHMS §4.3). Each
 * travels on the directed edge `from → to` through the same kind of FIFO link as worker–server
 * messages, so latency, per-float cost and edge faults apply to it.
 */

/** The round's model, sent down the round's tree from the pivot: d floats per hop. */
export interface RoundModel {
  readonly type: 'round.model';
  readonly from: number;
  readonly to: number;
  /** The pivot's iteration count when the round began. */
  readonly round: number;
  readonly model: ModelSnapshot;
  /** The routing of the round: the shortest-path tree over the edges uncut when it began. */
  readonly tree: RoundTree;
}

/**
 * A partial sum sent up the tree towards the pivot: d floats. `sum` is Σ weight·gradient over
 * the gradients it holds; `counts[w]` and `weights[w]` say how many of worker w's gradients it
 * holds and their total weight, so the pivot can account for every contribution.
 */
export interface PartialSum {
  readonly type: 'round.sum';
  readonly from: number;
  readonly to: number;
  readonly round: number;
  /** Valid only while the message is delivered; the engine recycles it afterwards. */
  readonly sum: Float64Array;
  readonly counts: Float64Array;
  readonly weights: Float64Array;
  /** Σ counts. */
  readonly count: number;
}

/** Gradient counts of some workers in the round, sent up the tree (Amelie): one float per entry. */
export interface CountReport {
  readonly type: 'round.counts';
  readonly from: number;
  readonly to: number;
  readonly round: number;
  /** [worker, gradients computed so far in the round] pairs. */
  readonly entries: readonly (readonly [number, number])[];
}

/** "Stop computing and send your share": sent down the tree by the pivot (Amelie); one float. */
export interface CollectSignal {
  readonly type: 'round.collect';
  readonly from: number;
  readonly to: number;
  readonly round: number;
}

export type EdgeMessage = RoundModel | PartialSum | CountReport | CollectSignal;

/** The part of a round's routing a node reads. */
export interface RoundTree {
  /** parent[v], or -1 for the pivot and for nodes the round does not reach. */
  readonly parent: Int32Array;
  readonly children: readonly (readonly number[])[];
  /** Nodes the round reaches, root first. */
  readonly order: readonly number[];
  readonly unreachable: readonly number[];
}

/** Local events: what a node learns from its own host rather than from a neighbour. */
export type NodeLocalEvent =
  /** One of its own gradients finished (never crosses an edge). */
  | GradientMessage
  /** Its link towards `to` has sent everything queued on it. */
  | { readonly type: 'link.free'; readonly worker: number; readonly to: number }
  /** Every node is running: the pivot begins the first round. */
  | { readonly type: 'graph.start'; readonly worker: number }
  /** The routing layer: an edge was cut or healed (sent to the pivot). */
  | { readonly type: 'graph.changed'; readonly worker: number }
  | WorkerFault;

export type NodeEvent = EdgeMessage | NodeLocalEvent;
