import { EventQueue, type ScheduledEvent } from './event-queue.ts';

/**
 * The single authority over virtual time in one simulation.
 *
 * Time is simulated seconds (float64). Nothing sleeps: {@link VirtualClock.step} pops the
 * earliest event, moves `now` to its time and runs it. Every timer in the world (worker
 * completions, message deliveries, fault windows, XState `after` delays, RxJS time operators)
 * goes through this one queue, so one ordering rule, `(time, seq)`, decides everything.
 */
export class VirtualClock {
  private readonly queue = new EventQueue();
  private current = 0;
  /** Events run so far. */
  eventsRun = 0;
  /** Virtual time of the last activity (non-background) event run. */
  lastActivity = 0;
  /** Optional observer of every popped event, for ordering properties in tests. */
  onEvent: ((time: number, seq: number) => void) | undefined = undefined;

  /** Current virtual time in seconds. */
  now(): number {
    return this.current;
  }

  /** Number of pending (live) events. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules `run` at absolute virtual time `time`. Absolute times avoid the rounding of
   * `now + (t - now)`, so an event lands exactly where the scenario put it.
   */
  at(time: number, run: () => void, owner?: unknown): ScheduledEvent {
    if (!(time >= this.current)) {
      throw new RangeError(`cannot schedule at t=${time}: virtual time is already ${this.current}`);
    }
    return this.queue.push(time, run, false, owner);
  }

  /**
   * Schedules a background event: a scheduled change of the world (a fault starting or ending)
   * rather than activity. When only background events remain, nothing will happen until one of
   * them fires, which is how the engine tells a stall from a slow run.
   */
  atBackground(time: number, run: () => void): ScheduledEvent {
    if (!(time >= this.current)) {
      throw new RangeError(`cannot schedule at t=${time}: virtual time is already ${this.current}`);
    }
    return this.queue.push(time, run, true);
  }

  /** Live activity events (not background). */
  get pendingActivity(): number {
    return this.queue.foreground;
  }

  /** Schedules `run` after `delaySeconds` of virtual time. */
  after(delaySeconds: number, run: () => void): ScheduledEvent {
    return this.at(this.current + delaySeconds, run);
  }

  cancel(event: ScheduledEvent): void {
    this.queue.cancel(event);
  }

  /** Time of the next pending event, or undefined when nothing is scheduled. */
  nextTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  /** The next pending event, without running it. */
  nextEvent(): ScheduledEvent | undefined {
    return this.queue.peek();
  }

  /** Runs the earliest event. Returns false when the queue is empty. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    this.current = event.time;
    this.eventsRun++;
    if (!event.background) this.lastActivity = event.time;
    if (this.onEvent !== undefined) this.onEvent(event.time, event.seq);
    event.run();
    return true;
  }

  /** Runs events while the next one is at or before `horizon`; leaves `now` at the last event run. */
  runUntil(horizon: number): void {
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined || next.time > horizon) return;
      this.step();
    }
  }

  /** Moves time forward to `time` without running anything (used when a run stops at a budget). */
  advanceTo(time: number): void {
    if (time > this.current) this.current = time;
  }
}
