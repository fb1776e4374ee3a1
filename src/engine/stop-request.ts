import type { StopReason } from './result.ts';

/**
 * Why someone outside the simulation asked a run to stop: the reason of the AbortSignal a run is
 * given (`SimulateOptions.signal`). The run ends at the next event with this stop reason and
 * its partial result; `message` says why, in the result's `limit`.
 */
export class StopRequest {
  constructor(
    readonly reason: Extract<StopReason, 'wall' | 'interrupted'>,
    readonly message: string,
  ) {}
}

/** The stop request an aborted signal carries (a plain abort counts as an interruption). */
export function stopRequestOf(signal: AbortSignal): StopRequest {
  const reason: unknown = signal.reason;
  return reason instanceof StopRequest ? reason : new StopRequest('interrupted', 'interrupted');
}

/**
 * A signal that aborts after `seconds` of wall time with a `wall` stop request (and when
 * `parent` aborts). The timer fires only while the event loop turns: the engines yield to it
 * between events (the async drivers) — a job stuck inside one event needs a watchdog thread.
 */
export function wallClockSignal(seconds: number, parent?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new StopRequest('wall', `the wall-clock limit of ${seconds} s was reached`)), seconds * 1000);
  timer.unref();
  const onParent = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParent, { once: true });
  if (parent?.aborted === true) onParent();
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
