import { Subject } from './streams.ts';
import type { ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import type { FaultSpec } from '../scenario/fault-types.ts';
import type { WorkerSpec } from '../scenario/scenario-types.ts';
import type { VirtualClock } from '../time/virtual-clock.ts';
import { LinkFaults } from './faults/link-faults.ts';
import { FifoLink } from './fifo-link.ts';

/**
 * The wires between actors, as RxJS streams. Workers write to `fromWorkers`, the server to
 * `fromServer` (every message names its worker); the network subscribes to both, carries each
 * message over that worker's FIFO link (latency, per-float cost) and emits it on `toServer` or
 * `toWorkers` at its arrival time. Actors never hold references to each other.
 *
 * One stream per direction, addressed by worker id, rather than one per worker: a thousand
 * workers would otherwise mean thousands of Subjects and subscriber chains touched per message.
 */
export class Network {
  readonly fromWorkers = new Subject<ServerEvent>();
  readonly toServer = new Subject<ServerEvent>();
  readonly fromServer = new Subject<WorkerEvent>();
  readonly toWorkers = new Subject<WorkerEvent>();
  readonly uplinks: FifoLink<ServerEvent>[];
  readonly downlinks: FifoLink<WorkerEvent>[];

  constructor(
    clock: VirtualClock,
    workers: readonly WorkerSpec[],
    private readonly dimension: number,
    faults: readonly FaultSpec[] = [],
    seed = 0,
    /** Told about every message a link fault drops. */
    onDrop: (message: ServerEvent | WorkerEvent) => void = () => {},
  ) {
    const toServer = (message: ServerEvent) => this.toServer.next(message);
    const toWorkers = (event: WorkerEvent) => this.toWorkers.next(event);
    this.uplinks = workers.map(
      (w, i) => new FifoLink<ServerEvent>(clock, w.uplink, toServer, LinkFaults.forLink(faults, i, 'up', seed), onDrop),
    );
    this.downlinks = workers.map(
      (w, i) => new FifoLink<WorkerEvent>(clock, w.downlink, toWorkers, LinkFaults.forLink(faults, i, 'down', seed), onDrop),
    );
    this.fromWorkers.subscribe((message) => this.uplinks[message.worker].send(message, this.floatsOf(message)));
    this.fromServer.subscribe((event) => this.downlinks[event.worker].send(event, this.floatsOf(event)));
  }

  /** Gradients (counted, not messages) still on uplinks. */
  gradientsInTransit(): number {
    let total = 0;
    for (const link of this.uplinks) {
      for (const entry of link.inTransit()) if (!entry.copy && entry.message.type === 'grad.arrive') total += entry.message.count;
    }
    return total;
  }

  /** Completes every stream (the run is over). */
  close(): void {
    this.fromWorkers.complete();
    this.toServer.complete();
    this.fromServer.complete();
    this.toWorkers.complete();
  }

  /** Payload size: a model is d floats, a result d floats unless compressed; control messages are free. */
  private floatsOf(message: ServerEvent | WorkerEvent): number {
    if (message.type === 'grad.arrive') return message.floats ?? this.dimension;
    return message.type === 'job.assign' ? this.dimension : 0;
  }
}
