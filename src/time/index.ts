export { EventQueue } from './event-queue.ts';
export { VirtualClock } from './virtual-clock.ts';
export { XStateVirtualClock, SECONDS_PER_MILLISECOND } from './xstate-clock.ts';
export type { XStateClock } from './xstate-clock.ts';
export { VirtualScheduler } from './virtual-scheduler.ts';
export type { ScheduledEvent } from './event-queue.ts';
