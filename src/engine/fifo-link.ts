import type { LinkSpec } from '../scenario/scenario-types.ts';
import type { LinkFaults, LinkState } from './faults/link-faults.ts';
import type { ScheduledEvent } from '../time/event-queue.ts';
import type { VirtualClock } from '../time/virtual-clock.ts';

/** A message on a link: in flight messages are data, not hidden timers. */
export interface InTransit<M> {
  readonly message: M;
  /** When the link starts transmitting it. */
  readonly start: number;
  /** When it reaches the other end. */
  readonly arrival: number;
  /** The extra copy of a duplicated message (not another message). */
  readonly copy: boolean;
  event: ScheduledEvent | undefined;
}

/**
 * One direction of a link: sends one message at a time, in order. A message of k floats occupies
 * the link for `latency + k·perFloat` seconds (plus any extra delay a fault adds), starting when
 * the link is free.
 *
 * A message whose transfer costs nothing on an idle link is delivered at once, inside the event
 * that sent it (no extra event at the same time): the common free-network case stays cheap, and
 * the rule is deterministic either way.
 *
 * Link faults are decided when a message is sent: dropped messages go to `onDrop`; a message
 * held by a partition starts transmitting when the partition heals, and everything sent after it
 * queues behind it (FIFO); a message held by a partition that never heals is dropped; a
 * duplicated message is delivered twice in a row.
 */
export class FifoLink<M> {
  private freeAt = 0;
  private readonly queue: InTransit<M>[] = [];
  /** Arrival handler, bound once: FIFO means the head of the queue is the message arriving. */
  private readonly arrive = (): void => {
    const entry = this.queue.shift()!;
    if (!entry.copy) this.onTransmitted?.(entry);
    this.deliver(entry.message);
    if (this.queue.length === 0) this.onDrained?.();
  };
  /** Told when the last queued message has arrived and the link is idle (a sender waiting to send). */
  onDrained: (() => void) | undefined = undefined;
  /** Told of every message that arrives after taking time on the link (activity recording). */
  onTransmitted: ((entry: InTransit<M>) => void) | undefined = undefined;

  constructor(
    private readonly clock: VirtualClock,
    readonly spec: LinkSpec,
    private readonly deliver: (message: M) => void,
    private readonly faults: LinkFaults | undefined = undefined,
    private readonly onDrop: (message: M) => void = () => {},
  ) {}

  /** Sends `message` carrying `floats` floats of payload. */
  send(message: M, floats: number): void {
    const now = this.clock.now();
    let notBefore = now;
    let extraDelay = 0;
    let copies = 1;
    if (this.faults !== undefined) {
      const decision = this.faults.decide(now);
      // Held by a partition that never heals: it can never arrive, so it is lost now rather
      // than kept (a sender that keeps trying would otherwise fill the memory).
      if (decision.drop || decision.notBefore === Infinity) {
        this.onDrop(message);
        return;
      }
      notBefore = decision.notBefore;
      extraDelay = decision.extraDelay;
      if (decision.duplicate) copies = 2;
    }
    const cost = this.spec.latency + floats * this.spec.perFloat + extraDelay;
    if (cost === 0 && this.freeAt <= now && notBefore <= now) {
      for (let i = 0; i < copies; i++) this.deliver(message);
      return;
    }
    const start = Math.max(notBefore, this.freeAt);
    const arrival = start + cost;
    this.freeAt = arrival;
    for (let i = 0; i < copies; i++) {
      const entry: InTransit<M> = { message, start, arrival, copy: i > 0, event: undefined };
      entry.event = this.clock.at(arrival, this.arrive);
      this.queue.push(entry);
    }
  }

  /** The link's state at `now` (partitions). */
  stateAt(now: number): LinkState {
    return this.faults?.stateAt(now) ?? 'up';
  }

  /** Whether nothing sent from `from` on can arrive by `horizon` (a partition or certain loss covers it). */
  blockedThrough(from: number, horizon: number): boolean {
    return this.faults?.blocksThrough(from, horizon) ?? false;
  }

  /**
   * Whether a message on the link (matching `which`, if given) starts its transmission by
   * `horizon`: it is on its way, not held by a partition beyond it. (Transmission time does not
   * count: a message cut short by the budget is late, not waited for in vain.)
   */
  transmitsBy(horizon: number, which?: (message: M) => boolean): boolean {
    for (const entry of this.queue) {
      if (entry.copy || entry.start > horizon) continue;
      if (which === undefined || which(entry.message)) return true;
    }
    return false;
  }

  /** Messages held by a partition: queued to start after `now`, the first one at `from`. */
  held(now: number): { count: number; from: number } | undefined {
    let count = 0;
    let from = Infinity;
    for (const entry of this.queue) {
      if (entry.copy || entry.start <= now) continue;
      count++;
      if (entry.start < from) from = entry.start;
    }
    return count === 0 ? undefined : { count, from };
  }

  /** Nothing is queued or being transmitted. */
  idle(): boolean {
    return this.queue.length === 0;
  }

  /** Messages on the link, oldest first. */
  inTransit(): readonly InTransit<M>[] {
    return this.queue;
  }

  /**
   * Drops every message whose transmission has not started (the sender crashed with them still
   * queued) and returns them (extra copies of duplicated messages are dropped but not returned).
   * Messages already being transmitted still arrive.
   */
  dropQueued(): M[] {
    const now = this.clock.now();
    const dropped: M[] = [];
    while (this.queue.length > 0) {
      const last = this.queue[this.queue.length - 1];
      if (last.start <= now) break;
      this.queue.pop();
      if (last.event !== undefined) this.clock.cancel(last.event);
      if (!last.copy) dropped.unshift(last.message);
    }
    const tail = this.queue[this.queue.length - 1];
    this.freeAt = tail === undefined ? now : tail.arrival;
    return dropped;
  }
}
