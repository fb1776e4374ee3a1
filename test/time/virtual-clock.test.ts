import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/time/virtual-clock.ts';

describe('VirtualClock', () => {
  it('starts at time 0 with nothing pending', () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(0);
    expect(clock.pending).toBe(0);
    expect(clock.nextTime()).toBeUndefined();
    expect(clock.step()).toBe(false);
    expect(clock.eventsRun).toBe(0);
  });

  it('runs an event scheduled with at() at exactly that absolute time', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.at(0.3, () => seen.push(clock.now()));
    expect(clock.step()).toBe(true);
    expect(seen).toEqual([0.3]);
    expect(clock.now()).toBe(0.3);
  });

  it('schedules after() relative to the current time', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.at(2, () => clock.after(1.5, () => seen.push(clock.now())));
    clock.runUntil(Infinity);
    expect(seen).toEqual([3.5]);
  });

  it('runs events scheduled at the current time (zero delay) in scheduling order', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    clock.at(1, () => {
      clock.after(0, () => seen.push('b'));
      clock.at(1, () => seen.push('c'));
      seen.push('a');
    });
    clock.runUntil(1);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(1);
  });

  it('throws a RangeError when scheduling in the past', () => {
    const clock = new VirtualClock();
    clock.at(5, () => {});
    clock.step();
    expect(() => clock.at(4.999, () => {})).toThrow(RangeError);
    expect(() => clock.after(-1, () => {})).toThrow(RangeError);
    expect(() => clock.at(Number.NaN, () => {})).toThrow(RangeError);
    expect(clock.pending).toBe(0);
  });

  it('steps one event at a time and reports whether it ran one', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.at(2, () => seen.push(2));
    clock.at(1, () => seen.push(1));
    expect(clock.step()).toBe(true);
    expect(seen).toEqual([1]);
    expect(clock.now()).toBe(1);
    expect(clock.step()).toBe(true);
    expect(seen).toEqual([1, 2]);
    expect(clock.step()).toBe(false);
    expect(clock.now()).toBe(2);
  });

  it('runUntil runs events at or before the horizon and leaves now at the last one run', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 4]) clock.at(t, () => seen.push(t));
    clock.runUntil(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(3);
    clock.runUntil(3.5);
    expect(seen).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(3);
    expect(clock.pending).toBe(1);
    expect(clock.nextTime()).toBe(4);
  });

  it('runUntil also runs events that running events schedule within the horizon', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      clock.after(1, tick);
    };
    clock.at(0, tick);
    clock.runUntil(4);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(clock.nextTime()).toBe(5);
  });

  it('advanceTo moves time forward without running anything and never moves it back', () => {
    const clock = new VirtualClock();
    let ran = false;
    clock.at(10, () => {
      ran = true;
    });
    clock.advanceTo(7);
    expect(clock.now()).toBe(7);
    expect(ran).toBe(false);
    expect(clock.eventsRun).toBe(0);
    clock.advanceTo(3);
    expect(clock.now()).toBe(7);
    expect(() => clock.at(6, () => {})).toThrow(RangeError);
    clock.step();
    expect(ran).toBe(true);
    expect(clock.now()).toBe(10);
  });

  it('nextTime gives the earliest live event and skips cancelled ones', () => {
    const clock = new VirtualClock();
    const a = clock.at(1, () => {});
    clock.at(2, () => {});
    expect(clock.nextTime()).toBe(1);
    clock.cancel(a);
    expect(clock.nextTime()).toBe(2);
    expect(clock.pending).toBe(1);
  });

  it('never runs a cancelled event', () => {
    const clock = new VirtualClock();
    let ran = false;
    const event = clock.at(1, () => {
      ran = true;
    });
    clock.at(2, () => {});
    clock.cancel(event);
    clock.runUntil(Infinity);
    expect(ran).toBe(false);
    expect(clock.eventsRun).toBe(1);
    expect(clock.now()).toBe(2);
  });

  it('counts the events run and shows every pop to onEvent in (time, seq) order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 }).map((k) => k / 2), { maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (times, cancelFlags) => {
          const clock = new VirtualClock();
          const observed: [number, number][] = [];
          clock.onEvent = (time, seq) => observed.push([time, seq]);
          let runs = 0;
          const events = times.map((t) =>
            clock.at(t, () => {
              runs++;
              // Observer fires before the callback, and sees the event's own time.
              expect(observed[observed.length - 1][0]).toBe(clock.now());
            }),
          );
          let cancelled = 0;
          events.forEach((event, i) => {
            if (cancelFlags[i] === true) {
              clock.cancel(event);
              cancelled++;
            }
          });
          clock.runUntil(Infinity);
          expect(clock.eventsRun).toBe(times.length - cancelled);
          expect(runs).toBe(clock.eventsRun);
          expect(observed.length).toBe(clock.eventsRun);
          for (let i = 1; i < observed.length; i++) {
            const [t0, s0] = observed[i - 1];
            const [t1, s1] = observed[i];
            expect(t0 < t1 || (t0 === t1 && s0 < s1)).toBe(true);
          }
          expect(clock.pending).toBe(0);
        },
      ),
    );
  });
});
