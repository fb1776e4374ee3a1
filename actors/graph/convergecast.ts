import type { NodeIO } from './node-io.ts';

/**
 * The bookkeeping of a convergecast (a reduction up the round's tree): a node sends its relay sum
 * to its parent once it has its own share and the sums of all its children in the tree; the pivot
 * then has everyone's. Minibatch on the graph and Amelie share it.
 */
export interface Convergecast {
  /** Children of the round whose sums have not arrived. */
  awaiting: number;
  /** The node's own share is in the relay buffer. */
  ownDone: boolean;
}

export function startConvergecast(state: Convergecast, io: NodeIO): void {
  state.awaiting = io.children.length;
  state.ownDone = false;
}

/** Whether this node's part of the reduction is complete (for the pivot: the whole round). */
export function convergecastComplete(state: Convergecast): boolean {
  return state.ownDone && state.awaiting === 0;
}
