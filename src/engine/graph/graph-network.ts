import { Subject } from '../streams.ts';
import type { EdgeMessage } from '../../../actors/graph/node-messages.ts';
import type { Topology } from '../../graph/topology.ts';
import type { FaultSpec } from '../../scenario/fault-types.ts';
import type { VirtualClock } from '../../time/virtual-clock.ts';
import { LinkFaults } from '../faults/link-faults.ts';
import { FifoLink } from '../fifo-link.ts';

/**
 * The wires of a graph: every edge is two FIFO links (one per direction) with the edge's latency
 * and per-float cost, and the link faults that hit it. Nodes write to `fromNodes`; each message
 * crosses its link and is emitted on `toNodes` at its arrival time — the same streams-and-links
 * design as the worker–server network, addressed by (from, to) instead of by worker.
 */
export class GraphNetwork {
  readonly fromNodes = new Subject<EdgeMessage>();
  readonly toNodes = new Subject<EdgeMessage>();
  private readonly links = new Map<number, FifoLink<EdgeMessage>>();
  /** Seconds each directed link spent transmitting, by `from * n + to`. */
  readonly busySeconds = new Map<number, number>();

  constructor(
    clock: VirtualClock,
    private readonly topology: Topology,
    private readonly dimension: number,
    faults: readonly FaultSpec[],
    seed: number,
    onDrop: (message: EdgeMessage) => void,
    onDrained: (from: number, to: number) => void,
  ) {
    const deliver = (message: EdgeMessage) => this.toNodes.next(message);
    for (const edge of topology.edges) {
      for (const [from, to] of [
        [edge.a, edge.b],
        [edge.b, edge.a],
      ]) {
        const key = this.key(from, to);
        const link = new FifoLink<EdgeMessage>(clock, edge, deliver, LinkFaults.forEdge(faults, from, to, seed), onDrop);
        link.onTransmitted = (entry) => this.busySeconds.set(key, (this.busySeconds.get(key) ?? 0) + (entry.arrival - entry.start));
        link.onDrained = () => onDrained(from, to);
        this.links.set(key, link);
        this.busySeconds.set(key, 0);
      }
    }
    this.fromNodes.subscribe((message) => this.link(message.from, message.to).send(message, this.floatsOf(message)));
  }

  /** Whether the edge {a, b} is cut or holding at `now` (a partition of the edge or of either node). */
  edgeDown(a: number, b: number, now: number): boolean {
    return this.link(a, b).stateAt(now) !== 'up';
  }

  idle(from: number, to: number): boolean {
    return this.link(from, to).idle();
  }

  /** Messages `node` queued on its outgoing links and had not started sending: dropped (it crashed). */
  dropQueuedFrom(node: number, neighbours: readonly number[]): EdgeMessage[] {
    return neighbours.flatMap((to) => this.link(node, to).dropQueued());
  }

  /** Gradients inside partial sums on links (first copies only). */
  gradientsInTransit(): number {
    let total = 0;
    for (const link of this.links.values()) {
      for (const entry of link.inTransit()) if (!entry.copy && entry.message.type === 'round.sum') total += entry.message.count;
    }
    return total;
  }

  close(): void {
    this.fromNodes.complete();
    this.toNodes.complete();
  }

  key(from: number, to: number): number {
    return from * this.topology.nodes + to;
  }

  private link(from: number, to: number): FifoLink<EdgeMessage> {
    const link = this.links.get(this.key(from, to));
    if (link === undefined) throw new Error(`no edge ${from}–${to} in the topology`);
    return link;
  }

  /** A model or a partial sum is d floats; a count report one float per entry; a collect signal one. */
  private floatsOf(message: EdgeMessage): number {
    switch (message.type) {
      case 'round.model':
      case 'round.sum':
        return this.dimension;
      case 'round.counts':
        return message.entries.length;
      case 'round.collect':
        return 1;
    }
  }
}
