import type { VirtualClock } from '../time/virtual-clock.ts';

/**
 * The owner of a job's completion event on the clock (a worker host): the kernel asks it, before
 * the event runs, whether the job's outputs are there yet (the threads engine computes them in
 * other threads), and how to describe the job if they never come.
 */
export interface JobOwner {
  readonly ownsJobs: true;
  /** Resolves when the outputs of the next job to complete are ready (undefined: they are). */
  nextReady(): Promise<void> | undefined;
  /** The job that finishes next, in words. */
  describeHeadJob(): string;
  readonly id: number;
}

function isJobOwner(value: unknown): value is JobOwner {
  return typeof value === 'object' && value !== null && (value as { ownsJobs?: unknown }).ownsJobs === true;
}

/** Resolves when the next event's job outputs are ready (undefined: it may run now). */
export function nextEventReady(clock: VirtualClock): Promise<void> | undefined {
  const owner = clock.nextEvent()?.owner;
  return isJobOwner(owner) ? owner.nextReady() : undefined;
}

/** The job the next event waits for, in words (`whereComputed`: e.g. "in shard 1"). */
export function describeAwaited(clock: VirtualClock, whereComputed?: (worker: number) => string): string {
  const owner = clock.nextEvent()?.owner;
  if (!isJobOwner(owner)) return 'the next event';
  const where = whereComputed?.(owner.id);
  return where === undefined ? owner.describeHeadJob() : `${owner.describeHeadJob()}, computing ${where}`;
}
