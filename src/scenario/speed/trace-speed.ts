import { SegmentProfile } from './segment-profile.ts';

/**
 * A piecewise-constant speed from breakpoints: `speeds[k]` holds on [times[k], times[k+1]).
 * `times[0]` must be 0 and times strictly increasing; speeds ≥ 0. After the last breakpoint the
 * last speed holds for ever, or, with `repeatSeconds` (> the last time), the whole trace repeats
 * with that period. The cycle is stored once, so memory does not grow with simulated time.
 */
export function traceSpeed(times: ArrayLike<number>, speeds: ArrayLike<number>, repeatSeconds?: number): SegmentProfile {
  return SegmentProfile.fromBreakpoints(times, speeds, repeatSeconds);
}
