import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { ScheduledEvent } from './event-queue.ts';
import { SECONDS_PER_MILLISECOND } from './xstate-clock.ts';
import type { VirtualClock } from './virtual-clock.ts';

/**
 * An RxJS `SchedulerLike` on the simulation's virtual clock: pass it to time operators
 * (`delay(5, scheduler)`, `timer(0, 10, scheduler)`, `observeOn(scheduler)`) and they run in
 * virtual time, in the same `(time, seq)` order as everything else. `now()` and delays are in
 * milliseconds, as everywhere in RxJS.
 *
 * RxJS's own `VirtualTimeScheduler` is not used: it re-sorts an array on every insert and owns
 * its own notion of time, and the simulation must have exactly one.
 */
export class VirtualScheduler implements SchedulerLike {
  constructor(readonly clock: VirtualClock) {}

  now(): number {
    return this.clock.now() / SECONDS_PER_MILLISECOND;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new VirtualAction<T>(this.clock, work);
    action.schedule(state, delay);
    return action;
  }
}

/** One unit of scheduled work; rescheduling it (as `interval` does) reuses the action. */
class VirtualAction<T> extends Subscription implements SchedulerAction<T> {
  private pending: ScheduledEvent | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super(() => this.clearPending());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.clearPending();
    this.pending = this.clock.after(Math.max(0, delay) * SECONDS_PER_MILLISECOND, () => {
      this.pending = undefined;
      if (!this.closed) this.work.call(this, state);
    });
    return this;
  }

  private clearPending(): void {
    if (this.pending !== undefined) {
      this.clock.cancel(this.pending);
      this.pending = undefined;
    }
  }
}
