import type { GradientMessage } from '../messages.ts';
import type { EdgeMessage, PartialSum, RoundModel } from './node-messages.ts';

/**
 * What a node machine can do to the world (the engine implements it). A node holds the round's
 * model and tree, and two buffers: `local`, its own gradients of the round (Amelie averages them
 * before sharing), and `relay`, the weighted sum it will send up the tree (its own contributions
 * plus its subtree's). Every gradient a node drops is accounted for here, never silently.
 */
export interface NodeIO {
  readonly id: number;
  readonly nodeCount: number;
  /** The pivot: the graph's centre, fixed for the run. */
  readonly pivot: number;
  /** Pivot: model updates made so far (the round a new broadcast starts). */
  readonly iteration: number;
  /** The newest round this node holds the model of, -1 before any (and after a crash). */
  readonly round: number;

  /**
   * Pivot: starts round `iteration` if the graph of uncut edges lets it reach every node (or
   * `partial`): routes the round's tree, sends the model to its children. Returns the nodes the
   * round cannot reach (empty when it started with everyone; non-empty and not started when
   * `partial` is false).
   */
  beginRound(partial: boolean): readonly number[];
  /** Adopts a received round (model and tree), discarding older buffers; forwards the model to its children. */
  adoptRound(message: RoundModel): void;
  /** Starts computing one stochastic gradient at the round's model. */
  computeGradient(): void;
  /** Abandons the gradient in progress (its work is lost). */
  cancelGradients(): void;

  /** Adds a finished gradient to the local buffer (`toRelay` false) or straight to the relay buffer with weight 1. */
  keepGradient(message: GradientMessage, toRelay: boolean): void;
  /** Own gradients of the round in the local buffer. */
  readonly localCount: number;
  /** Moves the local buffer into the relay buffer scaled by `weight` per gradient. */
  relayLocal(weight: number): void;
  /** Adds a child's partial sum of the current round to the relay buffer; a stale one is discarded. Returns whether it was kept. */
  keepSum(message: PartialSum): boolean;
  /** Gradients in the relay buffer. */
  readonly relayCount: number;
  /** Sends the relay buffer to the round's parent and empties it; false (nothing sent) when the link is busy and `evenIfBusy` is false, or the buffer is empty. */
  sendRelay(evenIfBusy: boolean): boolean;
  /** Children of this node in the round's tree. */
  readonly children: readonly number[];
  /** Sends a gradient count report up the tree (Amelie). */
  reportCounts(entries: readonly (readonly [number, number])[]): void;
  /** Tells the children to stop and send their shares (Amelie). */
  signalCollect(): void;
  /** Pivot: x ← x − γ·scale·relay; every gradient in the relay buffer is applied with weight scale·weight. */
  stepWithRelay(stepSize: number, scale: number): void;

  /** A message reached the node while it cannot use it (down, absent, an old round): dropped and accounted. */
  refuse(message: EdgeMessage): void;

  /** Loses everything the node holds: the computation, buffers, the round, queued outgoing messages. */
  crash(): void;
  /** Back from a crash (or joined): holds nothing and waits for the next round's model. */
  recover(): void;
}
