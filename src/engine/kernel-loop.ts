import type { Scenario } from '../scenario/scenario-types.ts';
import type { StopReason } from './result.ts';
import type { SimulateOptions } from './simulate-options.ts';
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

/**
 * The run loop, one event at a time, with every stop rule: target, budgets, stalls, the event
 * cap. The sync and async drivers below share it, so both engines stop at the same event for
 * the same reason.
 */
class Kernel {
  private readonly checkEvery: number;
  private readonly eventCap: number;
  private readonly onProgress: SimulateOptions['onProgress'];

  constructor(
    private readonly world: World,
    scenario: Scenario,
    options: SimulateOptions,
  ) {
    this.checkEvery = stallCheckInterval(scenario.workers.length);
    this.eventCap = Math.min(world.stop.events, options.maxEvents ?? Infinity);
    this.onProgress = options.onProgress;
  }

  /** Before the next event: a reason to stop now, or undefined to go on. */
  beforeEvent(): StopReason | undefined {
    const { world } = this;
    const { clock, monitor, stop } = world;
    world.throwIfFailed();
    if (monitor.stopReason !== undefined) return monitor.stopReason;
    const next = clock.nextTime();
    if (next === undefined) return 'stalled';
    if (next > stop.time) {
      // Nothing is computing or in flight, and the next change of the world (a fault) comes
      // after the budget: the server waits for what cannot come in time. Otherwise, time ran out.
      const reason = clock.pendingActivity === 0 || world.waitsInVain() ? 'stalled' : 'time';
      if (reason === 'time') clock.advanceTo(stop.time);
      return reason;
    }
    monitor.sampleBefore(next);
    return undefined;
  }

  /** Runs the next event; returns a reason to stop after it, or undefined. */
  runEvent(): StopReason | undefined {
    const { world } = this;
    const { clock, monitor } = world;
    clock.step();
    if (this.onProgress !== undefined && clock.eventsRun % PROGRESS_EVERY === 0) this.onProgress(clock.now(), clock.eventsRun);
    if (clock.eventsRun % this.checkEvery === 0 && world.waitsInVain()) {
      world.throwIfFailed();
      return monitor.stopReason ?? 'stalled';
    }
    if (clock.eventsRun >= this.eventCap) {
      world.throwIfFailed();
      return monitor.stopReason ?? 'events';
    }
    return undefined;
  }
}

/** Runs `world` to its stop, in this thread, never waiting (the inline engine). */
export function runToStop(world: World, scenario: Scenario, options: SimulateOptions): StopReason {
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
 * threads engine). Waiting never reorders anything: events still run in (time, seq) order.
 */
export async function runToStopAsync(world: World, scenario: Scenario, options: SimulateOptions): Promise<StopReason> {
  const kernel = new Kernel(world, scenario, options);
  for (;;) {
    const before = kernel.beforeEvent();
    if (before !== undefined) return before;
    const ready = world.nextReady();
    if (ready !== undefined) await ready;
    const after = kernel.runEvent();
    if (after !== undefined) return after;
  }
}
