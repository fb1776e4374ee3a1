import type { Scenario } from '../scenario/scenario-types.ts';
import { formatTime } from './format-time.ts';
import type { Stop, StopReason } from './result.ts';

export type { Stop } from './result.ts';
import type { SimulateOptions } from './simulate-options.ts';
import { stopRequestOf } from './stop-request.ts';
import type { World } from './world.ts';

/**
 * Every max(256, n) events (n workers) the engine asks whether the workers the server waits for
 * can still deliver anything; if none can, the run is stalled even though other workers keep
 * computing. The check costs O(n), so this keeps it O(1) per event; the interval depends only
 * on the scenario, so detection happens at the same event on every run and engine.
 */
export function stallCheckInterval(workers: number): number {
  return Math.max(256, workers);
}

/** Events between progress reports: often enough for a display, rare enough to cost nothing. */
const PROGRESS_EVERY = 4096;
/** Events between looks at the stop signal and the wall clock. */
const LOOK_EVERY = 256;
/** The async drivers give the event loop a turn (timers, Ctrl-C) at least this often, in wall milliseconds. */
const YIELD_EVERY_MS = 20;

/**
 * The run loop, one event at a time, with every stop rule: target, budgets, stalls, the event
 * cap, a stop request. The sync and async drivers below share it, so both engines stop at the
 * same event for the same reason (a stop request excepted: it comes from the wall clock).
 */
class Kernel {
  private readonly checkEvery: number;
  private readonly eventCap: number;
  private readonly onProgress: SimulateOptions['onProgress'];
  private readonly signal: AbortSignal | undefined;
  private lastYield = performance.now();

  constructor(
    private readonly world: World,
    scenario: Scenario,
    options: SimulateOptions,
  ) {
    this.checkEvery = stallCheckInterval(scenario.workers.length);
    this.eventCap = Math.min(world.stop.events, options.maxEvents ?? Infinity);
    this.onProgress = options.onProgress;
    this.signal = options.signal;
  }

  /** Before the next event: a reason to stop now, or undefined to go on. */
  beforeEvent(): Stop | undefined {
    const { world } = this;
    const { clock, monitor, stop } = world;
    world.throwIfFailed();
    if (monitor.stopReason !== undefined) return { reason: monitor.stopReason, limit: monitor.limit };
    if (this.signal?.aborted === true) return this.requested();
    const next = clock.nextTime();
    if (next === undefined) return ended('stalled');
    if (next > stop.time) {
      // Nothing is computing or in flight, and the next change of the world (a fault) comes
      // after the budget: the server waits for what cannot come in time. Otherwise, time ran out.
      const reason = clock.pendingActivity === 0 || world.waitsInVain() ? 'stalled' : 'time';
      if (reason === 'time') clock.advanceTo(stop.time);
      return ended(reason);
    }
    monitor.sampleBefore(next);
    return undefined;
  }

  /** Runs the next event; returns a reason to stop after it, or undefined. */
  runEvent(): Stop | undefined {
    const { world } = this;
    const { clock, monitor } = world;
    clock.step();
    const events = clock.eventsRun;
    if (this.onProgress !== undefined && events % PROGRESS_EVERY === 0) this.onProgress(clock.now(), events);
    if (events % this.checkEvery === 0 && world.waitsInVain()) {
      world.throwIfFailed();
      return monitor.stopReason === undefined ? ended('stalled') : { reason: monitor.stopReason, limit: monitor.limit };
    }
    if (events >= this.eventCap) {
      world.throwIfFailed();
      if (monitor.stopReason !== undefined) return { reason: monitor.stopReason, limit: monitor.limit };
      return { reason: 'events', limit: `the cap of ${this.eventCap} events was reached at t=${formatTime(clock.now())} (raise it with stop.events)` };
    }
    return undefined;
  }

  /** Every LOOK_EVERY events, whether the event loop is due a turn (async drivers). */
  dueForYield(): boolean {
    if (this.world.clock.eventsRun % LOOK_EVERY !== 0) return false;
    const now = performance.now();
    if (now - this.lastYield < YIELD_EVERY_MS) return false;
    this.lastYield = now;
    return true;
  }

  /** The stop the signal asks for, at the current virtual time. */
  requested(): Stop {
    const request = stopRequestOf(this.signal!);
    return { reason: request.reason, limit: `${request.message} at t=${formatTime(this.world.clock.now())}` };
  }

  /**
   * Waits for `ready` unless the signal aborts first: then the stop it asks for, naming the job
   * whose outputs never came (a computation stuck in a pool thread).
   */
  async awaitOrStop(ready: Promise<void>): Promise<Stop | undefined> {
    const signal = this.signal;
    if (signal === undefined) {
      await ready;
      return undefined;
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const outcome = await Promise.race([ready.then(() => 'ready' as const), aborted]);
      if (outcome === 'ready') return undefined;
      const stop = this.requested();
      return { reason: stop.reason, limit: `${stop.limit}, waiting for ${this.world.describeAwaited()}` };
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }
}

function ended(reason: StopReason): Stop {
  return { reason, limit: null };
}

/** Runs `world` to its stop, in this thread, never waiting (the library's synchronous `run`). */
export function runToStop(world: World, scenario: Scenario, options: SimulateOptions): Stop {
  const kernel = new Kernel(world, scenario, options);
  for (;;) {
    const before = kernel.beforeEvent();
    if (before !== undefined) return before;
    const after = kernel.runEvent();
    if (after !== undefined) return after;
  }
}

/**
 * Runs `world` to its stop, waiting before an event whose data is computed elsewhere (the
 * threads engine) and giving the event loop a turn every few milliseconds (so a Ctrl-C or a
 * wall-clock limit is seen). Waiting never reorders anything: events still run in (time, seq)
 * order.
 */
export async function runToStopAsync(world: World, scenario: Scenario, options: SimulateOptions): Promise<Stop> {
  const kernel = new Kernel(world, scenario, options);
  for (;;) {
    const before = kernel.beforeEvent();
    if (before !== undefined) return before;
    const ready = world.nextReady();
    if (ready !== undefined) {
      const stopped = await kernel.awaitOrStop(ready);
      if (stopped !== undefined) return stopped;
    }
    const after = kernel.runEvent();
    if (after !== undefined) return after;
    if (kernel.dueForYield()) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
