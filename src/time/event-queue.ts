/**
 * A min-heap of scheduled events ordered by `(time, seq)`.
 *
 * `seq` is a global counter assigned when an event is scheduled, so two events at the same
 * virtual time run in the order they were scheduled. The order is total and independent of the
 * heap's internal layout, which is what makes runs reproducible bit for bit.
 *
 * The heap orders keys held in contiguous typed arrays (time, seq, slot); the event objects
 * sit in a slot table and are only touched when pushed, cancelled or popped. Sifting through
 * a thousand pending completions then reads a few cache lines instead of a thousand objects.
 */

/** One scheduled callback. `live` is cleared by {@link EventQueue.cancel} (lazy deletion). */
export interface ScheduledEvent {
  /** Virtual time in seconds. */
  readonly time: number;
  /** Scheduling order; breaks ties between equal times. */
  readonly seq: number;
  readonly run: () => void;
  /** A scheduled change of the world (a fault), as opposed to activity (work, messages). */
  readonly background: boolean;
  /** Who scheduled it, for engines that must prepare before it runs (opaque to the queue). */
  readonly owner: unknown;
  live: boolean;
}

const INITIAL_CAPACITY = 256;

export class EventQueue {
  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private slotOf = new Int32Array(INITIAL_CAPACITY);
  /** Event objects by slot; freed slots are reused. */
  private readonly slots: (ScheduledEvent | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Heap entries, live or cancelled. */
  private count = 0;
  private nextSeq = 0;
  private liveCount = 0;
  private liveForeground = 0;

  /** Number of live (not cancelled) events. */
  get size(): number {
    return this.liveCount;
  }

  /** Number of live events that are activity, not background. */
  get foreground(): number {
    return this.liveForeground;
  }

  /** Schedules `run` at absolute virtual time `time` (seconds). */
  push(time: number, run: () => void, background = false, owner: unknown = undefined): ScheduledEvent {
    const seq = this.nextSeq++;
    const event: ScheduledEvent = { time, seq, run, background, owner, live: true };
    if (!background) this.liveForeground++;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = event;
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, time, seq, slot);
    this.liveCount++;
    return event;
  }

  /** Cancels a scheduled event; it will never be returned by {@link pop}. Idempotent. */
  cancel(event: ScheduledEvent): void {
    if (!event.live) return;
    event.live = false;
    this.liveCount--;
    if (!event.background) this.liveForeground--;
  }

  /** The earliest live event without removing it, or undefined when the queue is empty. */
  peek(): ScheduledEvent | undefined {
    this.dropDeadHead();
    return this.count === 0 ? undefined : this.slots[this.slotOf[0]];
  }

  /** Removes and returns the earliest live event, or undefined when the queue is empty. */
  pop(): ScheduledEvent | undefined {
    this.dropDeadHead();
    if (this.count === 0) return undefined;
    const event = this.removeHead()!;
    event.live = false;
    this.liveCount--;
    if (!event.background) this.liveForeground--;
    return event;
  }

  private dropDeadHead(): void {
    while (this.count > 0 && !this.slots[this.slotOf[0]]!.live) this.removeHead();
  }

  /** Removes the head entry, frees its slot and returns its event. */
  private removeHead(): ScheduledEvent {
    const slot = this.slotOf[0];
    const event = this.slots[slot]!;
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    const last = --this.count;
    if (last > 0) this.siftDown(this.times[last], this.seqs[last], this.slotOf[last]);
    return event;
  }

  private siftUp(index: number, time: number, seq: number, slot: number): void {
    const { times, seqs, slotOf } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime < time || (parentTime === time && seqs[parent] < seq)) break;
      times[index] = parentTime;
      seqs[index] = seqs[parent];
      slotOf[index] = slotOf[parent];
      index = parent;
    }
    times[index] = time;
    seqs[index] = seq;
    slotOf[index] = slot;
  }

  /** Places (time, seq, slot) at the root and sifts it down through the `count` entries. */
  private siftDown(time: number, seq: number, slot: number): void {
    const { times, seqs, slotOf } = this;
    const count = this.count;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= count) break;
      const right = child + 1;
      if (right < count && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) child = right;
      const childTime = times[child];
      if (time < childTime || (time === childTime && seq < seqs[child])) break;
      times[index] = childTime;
      seqs[index] = seqs[child];
      slotOf[index] = slotOf[child];
      index = child;
    }
    times[index] = time;
    seqs[index] = seq;
    slotOf[index] = slot;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const slotOf = new Int32Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    slotOf.set(this.slotOf);
    this.times = times;
    this.seqs = seqs;
    this.slotOf = slotOf;
  }
}
