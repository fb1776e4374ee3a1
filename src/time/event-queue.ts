/**
 * A binary min-heap of scheduled events ordered by `(time, seq)`.
 *
 * `seq` is a global counter assigned when an event is scheduled, so two events at the same
 * virtual time run in the order they were scheduled. The order is total and independent of the
 * heap's internal layout, which is what makes runs reproducible bit for bit.
 */

/** One scheduled callback. `live` is cleared by {@link EventQueue.cancel} (lazy deletion). */
export interface ScheduledEvent {
  /** Virtual time in seconds. */
  readonly time: number;
  /** Scheduling order; breaks ties between equal times. */
  readonly seq: number;
  readonly run: () => void;
  live: boolean;
}

export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private nextSeq = 0;
  private liveCount = 0;

  /** Number of live (not cancelled) events. */
  get size(): number {
    return this.liveCount;
  }

  /** Schedules `run` at absolute virtual time `time` (seconds). */
  push(time: number, run: () => void): ScheduledEvent {
    const event: ScheduledEvent = { time, seq: this.nextSeq++, run, live: true };
    const heap = this.heap;
    heap.push(event);
    this.siftUp(heap.length - 1);
    this.liveCount++;
    return event;
  }

  /** Cancels a scheduled event; it will never be returned by {@link pop}. Idempotent. */
  cancel(event: ScheduledEvent): void {
    if (!event.live) return;
    event.live = false;
    this.liveCount--;
  }

  /** The earliest live event without removing it, or undefined when the queue is empty. */
  peek(): ScheduledEvent | undefined {
    this.dropDeadHead();
    return this.heap[0];
  }

  /** Removes and returns the earliest live event, or undefined when the queue is empty. */
  pop(): ScheduledEvent | undefined {
    this.dropDeadHead();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeHead();
    top.live = false;
    this.liveCount--;
    return top;
  }

  private dropDeadHead(): void {
    const heap = this.heap;
    while (heap.length > 0 && !heap[0].live) this.removeHead();
  }

  private removeHead(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const item = heap[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (!before(item, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = item;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const length = heap.length;
    const item = heap[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], item)) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = item;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
