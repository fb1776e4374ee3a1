import type { EdgeMessage, RoundTree } from '../../../actors/graph/node-messages.ts';
import type { WorkerEvent } from '../../../actors/messages.ts';
import type { Float64Pool } from '../../linalg/float64-pool.ts';
import type { VirtualClock } from '../../time/virtual-clock.ts';
import type { Accounting } from '../accounting.ts';
import type { ModelStore } from '../model-store.ts';
import type { Trace } from '../trace.ts';

/** The pivot's model: the iterate of a decentralized method lives at the graph's centre. */
export interface PivotModel {
  readonly id: number;
  readonly x: Float64Array;
  iteration: number;
  lastStepTime: number;
}

/** What every node host of one graph run shares. */
export interface GraphShared {
  readonly clock: VirtualClock;
  readonly nodeCount: number;
  readonly pivot: PivotModel;
  readonly models: ModelStore;
  readonly buffers: Float64Pool;
  readonly accounting: Accounting;
  readonly trace: Trace;
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
  /** Called after every model update (target and budget checks). */
  afterStep(): void;
}
