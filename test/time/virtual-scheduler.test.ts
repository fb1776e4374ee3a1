import fc from 'fast-check';
import { delay, interval, of, take, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import { VirtualScheduler } from '../../src/time/virtual-scheduler.ts';

function setupClock(): { clock: VirtualClock; scheduler: VirtualScheduler } {
  const clock = new VirtualClock();
  return { clock, scheduler: new VirtualScheduler(clock) };
}

describe('VirtualScheduler', () => {
  it('reports now() in milliseconds of the clock’s virtual seconds', () => {
    const { clock, scheduler } = setupClock();
    expect(scheduler.now()).toBe(0);
    clock.advanceTo(2.5);
    expect(scheduler.now()).toBe(2500);
  });

  it('emits timer(5) at 5 virtual milliseconds', () => {
    const { clock, scheduler } = setupClock();
    const seen: [number, number, number][] = [];
    let completed = false;
    timer(5, scheduler).subscribe({
      next: (value) => seen.push([value, scheduler.now(), clock.now()]),
      complete: () => {
        completed = true;
      },
    });
    expect(seen).toEqual([]);
    expect(clock.nextTime()).toBe(0.005);
    clock.runUntil(Infinity);
    expect(seen).toEqual([[0, 5, 0.005]]);
    expect(completed).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('delays of(x) by 250 virtual milliseconds', () => {
    const { clock, scheduler } = setupClock();
    const seen: [string, number, number][] = [];
    of('x')
      .pipe(delay(250, scheduler))
      .subscribe((value) => seen.push([value, scheduler.now(), clock.now()]));
    clock.runUntil(0.2499);
    expect(seen).toEqual([]);
    clock.runUntil(Infinity);
    expect(seen).toEqual([['x', 250, 0.25]]);
  });

  it('emits interval(100) with take(3) at 100, 200 and 300 virtual milliseconds', () => {
    const { clock, scheduler } = setupClock();
    const seen: [number, number, number][] = [];
    let completed = false;
    interval(100, scheduler)
      .pipe(take(3))
      .subscribe({
        next: (value) => seen.push([value, scheduler.now(), clock.now()]),
        complete: () => {
          completed = true;
        },
      });
    clock.runUntil(Infinity);
    expect(seen.map(([value]) => value)).toEqual([0, 1, 2]);
    // Each period is added to the previous deadline in seconds (0.1 + 0.1 + 0.1 rounds), so compare
    // to within an ulp-scale tolerance.
    seen.forEach(([, ms, seconds], i) => {
      expect(ms).toBeCloseTo(100 * (i + 1), 9);
      expect(seconds).toBeCloseTo(0.1 * (i + 1), 12);
    });
    expect(completed).toBe(true);
    // take(3) unsubscribes from interval: nothing is left on the queue.
    expect(clock.pending).toBe(0);
  });

  it('emits interval(125) at exactly representable multiples', () => {
    const { clock, scheduler } = setupClock();
    const seen: number[] = [];
    interval(125, scheduler)
      .pipe(take(4))
      .subscribe(() => seen.push(clock.now()));
    clock.runUntil(Infinity);
    expect(seen).toEqual([0.125, 0.25, 0.375, 0.5]);
  });

  it('cancels pending work when unsubscribed', () => {
    const { clock, scheduler } = setupClock();
    const seen: number[] = [];
    const subscription = timer(1000, scheduler).subscribe((v) => seen.push(v));
    expect(clock.pending).toBe(1);
    subscription.unsubscribe();
    expect(clock.pending).toBe(0);
    clock.runUntil(Infinity);
    expect(seen).toEqual([]);
    expect(clock.eventsRun).toBe(0);
  });

  it('cancels a running interval when unsubscribed from inside the clock', () => {
    const { clock, scheduler } = setupClock();
    const seen: number[] = [];
    const subscription = interval(100, scheduler).subscribe((v) => seen.push(v));
    clock.at(0.25, () => subscription.unsubscribe());
    clock.runUntil(10);
    expect(seen).toEqual([0, 1]);
    expect(clock.pending).toBe(0);
  });

  it('cancels a directly scheduled action when it is unsubscribed', () => {
    const { clock, scheduler } = setupClock();
    let runs = 0;
    const action = scheduler.schedule(() => {
      runs++;
    }, 50);
    expect(clock.pending).toBe(1);
    action.unsubscribe();
    expect(clock.pending).toBe(0);
    clock.runUntil(Infinity);
    expect(runs).toBe(0);
  });

  it('treats a negative delay as zero', () => {
    const { clock, scheduler } = setupClock();
    clock.advanceTo(1);
    const seen: number[] = [];
    scheduler.schedule(() => seen.push(clock.now()), -20);
    clock.runUntil(Infinity);
    expect(seen).toEqual([1]);
  });

  it('reuses one action when work reschedules itself', () => {
    const { clock, scheduler } = setupClock();
    const seen: number[] = [];
    scheduler.schedule<number>(function (state) {
      const n = state ?? 0;
      seen.push(clock.now());
      if (n < 2) this.schedule(n + 1, 500);
    }, 500, 0);
    clock.runUntil(Infinity);
    expect(seen).toEqual([0.5, 1, 1.5]);
    expect(clock.pending).toBe(0);
  });

  it('interleaves with clock.at() events in (time, seq) order', () => {
    const { clock, scheduler } = setupClock();
    const seen: string[] = [];
    const order: [number, number][] = [];
    clock.onEvent = (time, seq) => order.push([time, seq]);
    clock.at(0.25, () => seen.push('at-0.25-first'));
    of('delayed').pipe(delay(250, scheduler)).subscribe((v) => seen.push(`${v}-0.25`));
    clock.at(0.25, () => seen.push('at-0.25-last'));
    timer(100, scheduler).subscribe(() => seen.push('timer-0.1'));
    clock.at(0.2, () => seen.push('at-0.2'));
    interval(150, scheduler).pipe(take(2)).subscribe((v) => seen.push(`interval-${v}`));
    clock.runUntil(Infinity);
    expect(seen).toEqual([
      'timer-0.1',
      'interval-0', // 0.15
      'at-0.2',
      'at-0.25-first',
      'delayed-0.25',
      'at-0.25-last',
      'interval-1', // 0.3
    ]);
    for (let i = 1; i < order.length; i++) {
      const [t0, s0] = order[i - 1];
      const [t1, s1] = order[i];
      expect(t0 < t1 || (t0 === t1 && s0 < s1)).toBe(true);
    }
  });

  it('runs RxJS timers and clock events at the same time in the order they were scheduled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ms: fc.integer({ min: 0, max: 16 }).map((k) => k * 125), viaRx: fc.boolean() }), { maxLength: 30 }),
        (items) => {
          const { clock, scheduler } = setupClock();
          const seen: number[] = [];
          items.forEach(({ ms, viaRx }, index) => {
            if (viaRx) timer(ms, scheduler).subscribe(() => seen.push(index));
            else clock.at(ms / 1000, () => seen.push(index));
          });
          clock.runUntil(Infinity);
          const expected = items.map((item, index) => ({ ms: item.ms, index })).sort((a, b) => a.ms - b.ms).map((e) => e.index);
          expect(seen).toEqual(expected);
        },
      ),
    );
  });
});
