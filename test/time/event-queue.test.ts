import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type ScheduledEvent } from '../../src/time/event-queue.ts';

/** Small integer times so that ties (the interesting case for `seq`) are frequent. */
const timesArb = fc.array(fc.integer({ min: 0, max: 8 }).map((k) => k / 4), { maxLength: 60 });

/** Pops everything, returning the labels in pop order. */
function drain(queue: EventQueue, labels: Map<ScheduledEvent, number>): number[] {
  const order: number[] = [];
  for (let event = queue.pop(); event !== undefined; event = queue.pop()) order.push(labels.get(event)!);
  return order;
}

describe('EventQueue', () => {
  it('pops in (time, seq) order: a stable sort of the pushed items by time', () => {
    fc.assert(
      fc.property(timesArb, (times) => {
        const queue = new EventQueue();
        const labels = new Map<ScheduledEvent, number>();
        times.forEach((time, index) => labels.set(queue.push(time, () => {}), index));
        // Array.prototype.sort is stable, so equal times keep insertion order.
        const expected = times.map((time, index) => ({ time, index })).sort((a, b) => a.time - b.time).map((e) => e.index);
        expect(drain(queue, labels)).toEqual(expected);
        expect(queue.size).toBe(0);
      }),
    );
  });

  it('keeps (time, seq) order when pushes interleave with pops', () => {
    fc.assert(
      fc.property(timesArb, fc.array(fc.integer({ min: 0, max: 8 }).map((k) => k / 4), { maxLength: 20 }), (first, second) => {
        const queue = new EventQueue();
        const popped: ScheduledEvent[] = [];
        for (const time of first) queue.push(time, () => {});
        // Pop half, then push more: later pushes get larger seq than anything already queued.
        for (let i = 0; i < first.length / 2; i++) popped.push(queue.pop()!);
        for (const time of second) queue.push(time, () => {});
        const rest: ScheduledEvent[] = [];
        for (let event = queue.pop(); event !== undefined; event = queue.pop()) rest.push(event);
        for (let i = 1; i < rest.length; i++) {
          const a = rest[i - 1];
          const b = rest[i];
          expect(a.time < b.time || (a.time === b.time && a.seq < b.seq)).toBe(true);
        }
        expect(popped.length + rest.length).toBe(first.length + second.length);
      }),
    );
  });

  it('assigns increasing seq numbers in push order', () => {
    const queue = new EventQueue();
    const a = queue.push(3, () => {});
    const b = queue.push(1, () => {});
    const c = queue.push(3, () => {});
    expect(a.seq).toBeLessThan(b.seq);
    expect(b.seq).toBeLessThan(c.seq);
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual([b, a, c]);
  });

  it('never pops a cancelled event and pops every other one', () => {
    fc.assert(
      fc.property(timesArb.filter((t) => t.length > 0), fc.infiniteStream(fc.boolean()), (times, cancelFlags) => {
        const queue = new EventQueue();
        const labels = new Map<ScheduledEvent, number>();
        const events = times.map((time, index) => {
          const event = queue.push(time, () => {});
          labels.set(event, index);
          return event;
        });
        const flags = [...cancelFlags.take(times.length)];
        const cancelled = new Set<number>();
        events.forEach((event, index) => {
          if (flags[index]) {
            queue.cancel(event);
            cancelled.add(index);
          }
        });
        expect(queue.size).toBe(times.length - cancelled.size);
        const order = drain(queue, labels);
        const expected = times
          .map((time, index) => ({ time, index }))
          .filter((e) => !cancelled.has(e.index))
          .sort((a, b) => a.time - b.time)
          .map((e) => e.index);
        expect(order).toEqual(expected);
      }),
    );
  });

  it('drops size by one on cancel and is idempotent', () => {
    const queue = new EventQueue();
    const a = queue.push(1, () => {});
    queue.push(2, () => {});
    expect(queue.size).toBe(2);
    queue.cancel(a);
    expect(queue.size).toBe(1);
    expect(a.live).toBe(false);
    queue.cancel(a);
    queue.cancel(a);
    expect(queue.size).toBe(1);
    expect(queue.pop()?.time).toBe(2);
    expect(queue.pop()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('ignores cancelling an event that was already popped', () => {
    const queue = new EventQueue();
    const a = queue.push(1, () => {});
    queue.push(2, () => {});
    expect(queue.pop()).toBe(a);
    queue.cancel(a);
    expect(queue.size).toBe(1);
  });

  it('peeks at the earliest live event without removing it', () => {
    const queue = new EventQueue();
    expect(queue.peek()).toBeUndefined();
    queue.push(5, () => {});
    const early = queue.push(2, () => {});
    expect(queue.peek()).toBe(early);
    expect(queue.peek()).toBe(early);
    expect(queue.size).toBe(2);
    expect(queue.pop()).toBe(early);
    expect(queue.peek()?.time).toBe(5);
  });

  it('skips cancelled heads in peek and pop', () => {
    const queue = new EventQueue();
    const a = queue.push(1, () => {});
    const b = queue.push(2, () => {});
    const c = queue.push(3, () => {});
    queue.cancel(a);
    queue.cancel(b);
    expect(queue.peek()).toBe(c);
    expect(queue.size).toBe(1);
    queue.cancel(c);
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('marks popped events as no longer live', () => {
    const queue = new EventQueue();
    const a = queue.push(0, () => {});
    expect(a.live).toBe(true);
    queue.pop();
    expect(a.live).toBe(false);
  });
});
