import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { assign, createActor, raise, setup } from 'xstate';
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import { SECONDS_PER_MILLISECOND, XStateVirtualClock } from '../../src/time/xstate-clock.ts';

/** a --1500 ms--> b, or a --go--> escaped before the deadline. */
function makeTimeoutMachine(log: string[], clock: VirtualClock) {
  return setup({
    types: { events: {} as { type: 'go' } },
  }).createMachine({
    initial: 'a',
    states: {
      a: { after: { 1500: 'b' }, on: { go: 'escaped' } },
      b: { entry: () => log.push(`b@${clock.now()}`) },
      escaped: { entry: () => log.push(`escaped@${clock.now()}`) },
    },
  });
}

/** Waits `delays[0]`, `delays[1]`, … ms in turn, recording the virtual time of each deadline. */
function makeChainMachine(record: (seconds: number) => void, clock: VirtualClock) {
  return setup({
    types: {
      context: {} as { delays: readonly number[]; index: number },
      input: {} as { delays: readonly number[] },
    },
    delays: { next: ({ context }) => context.delays[context.index] },
    guards: { last: ({ context }) => context.index === context.delays.length - 1 },
    actions: {
      record: () => record(clock.now()),
      advance: assign({ index: ({ context }) => context.index + 1 }),
    },
  }).createMachine({
    context: ({ input }) => ({ delays: input.delays, index: 0 }),
    initial: 'waiting',
    states: {
      waiting: {
        after: {
          next: [
            { guard: 'last', target: 'done', actions: 'record' },
            { target: 'waiting', reenter: true, actions: ['record', 'advance'] },
          ],
        },
      },
      done: { type: 'final' },
    },
  });
}

describe('XStateVirtualClock', () => {
  it('schedules setTimeout on the virtual clock, reading milliseconds as virtual milliseconds', () => {
    const clock = new VirtualClock();
    const xclock = new XStateVirtualClock(clock);
    const seen: number[] = [];
    const handle = xclock.setTimeout(() => seen.push(clock.now()), 250);
    expect(SECONDS_PER_MILLISECOND).toBe(1e-3);
    expect(clock.pending).toBe(1);
    expect(clock.nextTime()).toBe(0.25);
    clock.runUntil(Infinity);
    expect(seen).toEqual([0.25]);
    expect(handle.live).toBe(false);
  });

  it('clearTimeout cancels a pending timer and ignores foreign handles', () => {
    const clock = new VirtualClock();
    const xclock = new XStateVirtualClock(clock);
    let fired = false;
    const handle = xclock.setTimeout(() => {
      fired = true;
    }, 10);
    xclock.clearTimeout(undefined);
    xclock.clearTimeout(42);
    xclock.clearTimeout({});
    expect(clock.pending).toBe(1);
    xclock.clearTimeout(handle);
    expect(clock.pending).toBe(0);
    clock.runUntil(Infinity);
    expect(fired).toBe(false);
  });

  it('fires an `after` transition exactly at virtual time delay/1000 s', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const actor = createActor(makeTimeoutMachine(log, clock), { clock: new XStateVirtualClock(clock) });
    actor.start();
    expect(clock.pending).toBe(1);
    expect(clock.nextTime()).toBe(1.5);
    clock.runUntil(1.4999999);
    expect(actor.getSnapshot().value).toBe('a');
    expect(clock.step()).toBe(true);
    expect(actor.getSnapshot().value).toBe('b');
    expect(clock.now()).toBe(1.5);
    expect(log).toEqual(['b@1.5']);
    actor.stop();
  });

  it('lands chained `after` delays at exact cumulative deadlines when run in one go', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const actor = createActor(makeChainMachine((t) => seen.push(t), clock), {
      clock: new XStateVirtualClock(clock),
      input: { delays: [1000, 2000, 500, 250] },
    });
    actor.start();
    // One big run, not an increment per deadline: each transition still sees its own time.
    clock.runUntil(1e9);
    expect(seen).toEqual([1, 3, 3.5, 3.75]);
    expect(actor.getSnapshot().status).toBe('done');
    expect(clock.pending).toBe(0);
  });

  it('puts every chained deadline at the running sum of the delays (no drift)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 12 }), (delays) => {
        const clock = new VirtualClock();
        const seen: number[] = [];
        const actor = createActor(makeChainMachine((t) => seen.push(t), clock), {
          clock: new XStateVirtualClock(clock),
          input: { delays },
        });
        actor.start();
        clock.runUntil(Infinity);
        // The clock adds each delay to the previous deadline; the expected values follow the same sum.
        const expected: number[] = [];
        let t = 0;
        for (const ms of delays) {
          t += ms * SECONDS_PER_MILLISECOND;
          expected.push(t);
        }
        expect(seen).toEqual(expected);
        const total = delays.reduce((a, b) => a + b, 0) / 1000;
        expect(Math.abs(clock.now() - total)).toBeLessThan(1e-9 * Math.max(1, total));
      }),
      { numRuns: 50 },
    );
  });

  it('cancels the timer when the state is left before the deadline', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const actor = createActor(makeTimeoutMachine(log, clock), { clock: new XStateVirtualClock(clock) });
    actor.start();
    clock.at(0.5, () => actor.send({ type: 'go' }));
    expect(clock.pending).toBe(2);
    clock.step();
    expect(actor.getSnapshot().value).toBe('escaped');
    expect(clock.pending).toBe(0);
    clock.runUntil(Infinity);
    expect(log).toEqual(['escaped@0.5']);
    expect(clock.now()).toBe(0.5);
    expect(clock.eventsRun).toBe(1);
  });

  it('cancels pending timers when the actor stops', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const actor = createActor(makeTimeoutMachine(log, clock), { clock: new XStateVirtualClock(clock) });
    actor.start();
    expect(clock.pending).toBe(1);
    actor.stop();
    expect(clock.pending).toBe(0);
    clock.runUntil(Infinity);
    expect(log).toEqual([]);
  });

  it('schedules a delayed raise on the virtual clock', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const machine = setup({ types: { events: {} as { type: 'ping' } } }).createMachine({
      initial: 'idle',
      states: {
        idle: {
          entry: raise({ type: 'ping' }, { delay: 750 }),
          on: { ping: { target: 'pinged', actions: () => seen.push(clock.now()) } },
        },
        pinged: {},
      },
    });
    const actor = createActor(machine, { clock: new XStateVirtualClock(clock) });
    actor.start();
    expect(clock.nextTime()).toBe(0.75);
    clock.runUntil(Infinity);
    expect(seen).toEqual([0.75]);
    expect(actor.getSnapshot().value).toBe('pinged');
  });

  it('runs a one-hour virtual delay instantly without any real timer or wall-clock dependence', () => {
    const realSetTimeout = vi.spyOn(globalThis, 'setTimeout');
    const realSetInterval = vi.spyOn(globalThis, 'setInterval');
    // XState stamps scheduled events with Date.now() for persistence only; a frozen wall clock
    // must not change when anything fires.
    const frozenNow = vi.spyOn(Date, 'now').mockReturnValue(0);
    try {
      const clock = new VirtualClock();
      const machine = setup({}).createMachine({
        initial: 'waiting',
        states: { waiting: { after: { 3_600_000: 'done' } }, done: { type: 'final' } },
      });
      const actor = createActor(machine, { clock: new XStateVirtualClock(clock) });
      const wallStart = performance.now();
      actor.start();
      clock.runUntil(Infinity);
      const wallElapsedMs = performance.now() - wallStart;
      expect(actor.getSnapshot().status).toBe('done');
      expect(clock.now()).toBe(3600);
      expect(clock.eventsRun).toBe(1);
      expect(realSetTimeout).not.toHaveBeenCalled();
      expect(realSetInterval).not.toHaveBeenCalled();
      expect(wallElapsedMs).toBeLessThan(1000);
    } finally {
      frozenNow.mockRestore();
      realSetTimeout.mockRestore();
      realSetInterval.mockRestore();
    }
  });
});
