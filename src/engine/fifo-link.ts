import type { LinkSpec } from '../scenario/scenario-types.ts';
import type { ScheduledEvent } from '../time/event-queue.ts';
import type { VirtualClock } from '../time/virtual-clock.ts';

/** A message on a link: in flight messages are data, not hidden timers. */
export interface InTransit<M> {
  readonly message: M;
  /** When the link starts transmitting it. */
  readonly start: number;
  /** When it reaches the other end. */
  readonly arrival: number;
  event: ScheduledEvent | undefined;
}

/**
 * One direction of a link: sends one message at a time, in order. A message of k floats occupies
 * the link for `latency + k·perFloat` seconds, starting when the link is free.
 *
 * A message whose transfer costs nothing on an idle link is delivered at once, inside the event
 * that sent it (no extra event at the same time): the common free-network case stays cheap, and
 * the rule is deterministic either way.
 */
export class FifoLink<M> {
  private freeAt = 0;
  private readonly queue: InTransit<M>[] = [];
  /** Arrival handler, bound once: FIFO means the head of the queue is the message arriving. */
  private readonly arrive = (): void => {
    this.deliver(this.queue.shift()!.message);
  };

  constructor(
    private readonly clock: VirtualClock,
    readonly spec: LinkSpec,
    private readonly deliver: (message: M) => void,
  ) {}

  /** Sends `message` carrying `floats` floats of payload. */
  send(message: M, floats: number): void {
    const now = this.clock.now();
    const cost = this.spec.latency + floats * this.spec.perFloat;
    if (cost === 0 && this.freeAt <= now) {
      this.deliver(message);
      return;
    }
    const start = Math.max(now, this.freeAt);
    const arrival = start + cost;
    this.freeAt = arrival;
    const entry: InTransit<M> = { message, start, arrival, event: undefined };
    entry.event = this.clock.at(arrival, this.arrive);
    this.queue.push(entry);
  }

  /** Messages on the link, oldest first. */
  inTransit(): readonly InTransit<M>[] {
    return this.queue;
  }

  /**
   * Drops every message whose transmission has not started (the sender crashed with them still
   * queued) and returns them. Messages already being transmitted still arrive.
   */
  dropQueued(): M[] {
    const now = this.clock.now();
    const dropped: M[] = [];
    while (this.queue.length > 0) {
      const last = this.queue[this.queue.length - 1];
      if (last.start <= now) break;
      this.queue.pop();
      if (last.event !== undefined) this.clock.cancel(last.event);
      dropped.unshift(last.message);
    }
    const tail = this.queue[this.queue.length - 1];
    this.freeAt = tail === undefined ? now : tail.arrival;
    return dropped;
  }
}
