import type { ActorOptions, AnyActorLogic } from 'xstate';
import type { ScheduledEvent } from './event-queue.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** XState's `Clock` interface (not exported by name from 'xstate'). */
export type XStateClock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** XState and RxJS count delays in milliseconds; one of them is this many virtual seconds. */
export const SECONDS_PER_MILLISECOND = 1e-3;

/**
 * XState's `Clock` on virtual time: pass it as `createActor(machine, { clock })` and every
 * `after` delay and delayed `sendTo` of that actor system is scheduled on the simulation's
 * event queue. Delays keep XState's unit (milliseconds), read as milliseconds of virtual time.
 *
 * XState's own `SimulatedClock` is not used: it fires all due timers with the clock already at
 * the target time (chained delays drift) and re-sorts every timer on each flush.
 */
export class XStateVirtualClock implements XStateClock {
  constructor(private readonly clock: VirtualClock) {}

  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): ScheduledEvent {
    return this.clock.after(timeoutMs * SECONDS_PER_MILLISECOND, () => fn());
  }

  clearTimeout(handle: unknown): void {
    if (isScheduledEvent(handle)) this.clock.cancel(handle);
  }
}

function isScheduledEvent(value: unknown): value is ScheduledEvent {
  return typeof value === 'object' && value !== null && 'live' in value && 'seq' in value;
}
