import type { EdgeMessage, RoundTree } from '../../../actors/graph/node-messages.ts';
import type { WorkerEvent } from '../../../actors/messages.ts';
import type { WorldCore } from '../world-core.ts';

/** What every node host of one graph run shares: the world's core, and the graph's wires. */
export interface GraphShared {
  readonly core: WorldCore;
  /** The node holding the iterate (the core's): the graph's centre. */
  readonly pivot: number;
  /** The shortest-path tree towards the pivot over the edges uncut now. */
  routeRound(): RoundTree;
  /** Whether the link `from → to` has nothing queued. */
  linkIdle(from: number, to: number): boolean;
  /** Puts a message on its edge. */
  send(message: EdgeMessage): void;
  /** Drops what `node` has queued but not started sending on its outgoing links (it crashed). */
  dropQueuedFrom(node: number): EdgeMessage[];
  /**
   * Tells the engine what the node's computing worker just did, as the worker event a worker
   * machine would have received (the threads engine replays these in its shards).
   */
  mirror(event: WorkerEvent): void;
}
